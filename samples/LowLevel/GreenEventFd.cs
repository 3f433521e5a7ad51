using System.Runtime.InteropServices;
using Greenlets;
using Greenlets.LowLevel;

namespace LowLevelSample;

/// <summary>
/// A Linux eventfd as a green source: any thread may <see cref="Add"/> to its counter, and greenlets
/// <see cref="Read"/> it, parking on the hub's reactor (<see cref="HubLoop.WaitReadable"/>) while it is zero.
/// The other half of the low-level sample: an fd source wrapped on <c>Greenlets.LowLevel</c> alone.
/// </summary>
public sealed partial class GreenEventFd : IDisposable
{
    private int _fd;

    /// <summary>Opens an eventfd with a counter of zero, non-blocking.</summary>
    public GreenEventFd()
    {
        _fd = EventFdNative.Open();
        if (_fd < 0)
        {
            throw new IOException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Adds <paramref name="value"/> to the counter, waking a reader. Safe from any thread; never blocks.</summary>
    /// <param name="value">More than zero.</param>
    public void Add(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(value);
        if (!EventFdNative.Write(Fd, value))
        {
            throw new IOException($"eventfd write failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits (cooperatively) until the counter is above zero, then returns it and resets it to zero.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The counter; 0 when the timeout passed first.</returns>
    /// <exception cref="FileDescriptorClosedException">The eventfd was disposed while this greenlet waited.</exception>
    [Greenlet]
    public ulong Read(GreenDuration? timeout = null)
    {
        while (true)
        {
            if (TryRead(out var value))
            {
                return value;
            }

            if (!HubLoop.WaitReadable(Fd, timeout))
            {
                return 0;
            }
        }
    }

    /// <summary>Fails the greenlets waiting to read (as gevent's cancel_wait does), then closes the descriptor.</summary>
    public void Dispose()
    {
        if (_fd >= 0)
        {
            HubLoop.CancelWaits(_fd);
            EventFdNative.Close(_fd);
            _fd = -1;
        }
    }

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(GreenEventFd));

    private bool TryRead(out ulong value)
    {
        if (EventFdNative.Read(Fd, out value))
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EventFdNative.EAGAIN ? false : throw new IOException($"eventfd read failed: errno {errno}");
    }
}

/// <summary>The few libc calls an eventfd needs.</summary>
internal static unsafe partial class EventFdNative
{
    public const int EAGAIN = 11;
    private const int EFD_CLOEXEC = 0x80000;
    private const int EFD_NONBLOCK = 0x800;

    public static int Open() => eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

    public static bool Write(int fd, ulong value) => write(fd, &value, sizeof(ulong)) == sizeof(ulong);

    /// <summary>Reads the counter; false with errno set (EAGAIN when it is zero).</summary>
    public static bool Read(int fd, out ulong value)
    {
        ulong counter;
        var done = read(fd, &counter, sizeof(ulong)) == sizeof(ulong);
        value = done ? counter : 0;
        return done;
    }

    public static void Close(int fd) => close(fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
