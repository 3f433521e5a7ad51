using Microsoft.Win32.SafeHandles;

namespace Greenlets;

/// <summary>Owns a descriptor the reactor opened (epoll instance, eventfd), so it is closed even if the hub is abandoned.</summary>
internal sealed unsafe class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    private FileDescriptorHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    public int Fd => (int)handle;

    public static FileDescriptorHandle CreateEventFd() =>
        new(Check(Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd"));

    public static FileDescriptorHandle CreateEpoll() =>
        new(Check(Libc.epoll_create1(Libc.EPOLL_CLOEXEC), "epoll_create1"));

    /// <summary>Adds one to an eventfd's counter. Safe from any thread, and a no-op once the handle is closed.</summary>
    public void SignalEventFd()
    {
        // A late completion may ring a hub that is gone: the reference count keeps the number from being closed (and
        // reused by the kernel) during the write, and a closed handle refuses it.
        var referenced = false;
        try
        {
            DangerousAddRef(ref referenced);
            ulong one = 1;
            Libc.write(Fd, (byte*)&one, sizeof(ulong)); // EAGAIN only when the counter is saturated: it is readable anyway
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (referenced)
            {
                DangerousRelease();
            }
        }
    }

    /// <summary>Reads an eventfd's counter back to zero.</summary>
    public void ResetEventFd()
    {
        ulong value;
        Libc.read(Fd, (byte*)&value, sizeof(ulong)); // EAGAIN when already zero: nothing to reset
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Libc.LastError}.");
}
