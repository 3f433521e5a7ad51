using System.ComponentModel;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// gevent: <c>gevent.os</c>. Reads and writes on any non-blocking descriptor (a pipe, a tty, an eventfd) that wait
/// on the hub's reactor instead of blocking the thread.
/// </summary>
/// <remarks>
/// <c>gevent.os.fork</c> and <c>fork_and_watch</c> have no counterpart: a .NET process is multi-threaded (the garbage
/// collector, the finalizer, the thread pool), and <c>fork</c> copies only the calling thread, leaving the child's
/// runtime with locks held by threads that no longer exist. Start a child with <see cref="GreenProcess"/> instead.
/// </remarks>
public static class GreenOs
{
    /// <summary>
    /// gevent: <c>gevent.os.make_nonblocking(fd)</c>. Sets O_NONBLOCK on <paramref name="fd"/>, which
    /// <see cref="Read"/> and <see cref="Write"/> need.
    /// </summary>
    /// <param name="fd">The descriptor.</param>
    /// <returns>True when the flag was set now, false when it was set already.</returns>
    /// <exception cref="IOException">fcntl failed (a closed descriptor).</exception>
    public static bool MakeNonBlocking(int fd)
    {
        var flags = ProcessNative.fcntl(fd, ProcessNative.F_GETFL, 0);
        if (flags < 0 || ((flags & ProcessNative.O_NONBLOCK) == 0 && ProcessNative.fcntl(fd, ProcessNative.F_SETFL, flags | ProcessNative.O_NONBLOCK) != 0))
        {
            throw new IOException($"fcntl on fd {fd} failed: {ProcessNative.Describe(ProcessNative.Errno)}");
        }

        return (flags & ProcessNative.O_NONBLOCK) == 0;
    }

    /// <summary>
    /// gevent: <c>gevent.os.nb_read(fd, n)</c>. Reads what is there, up to the buffer's length, waiting on the
    /// reactor while nothing is. The descriptor must be non-blocking (<see cref="MakeNonBlocking"/>).
    /// </summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The bytes read; 0 at the end of the file.</returns>
    /// <exception cref="TimeoutException">Nothing came within the timeout.</exception>
    /// <exception cref="IOException">The read failed.</exception>
    [Cooperative(nameof(ReadAwaitable))]
    public static int Read(int fd, Memory<byte> buffer, GreenDuration? timeout = null) =>
        PlainCallBridge.Run(() => ReadAwaitable(fd, buffer, timeout));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read"/> instead.</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<int> ReadAwaitable(int fd, Memory<byte> buffer, GreenDuration? timeout = null)
    {
        while (true)
        {
            var n = ProcessNative.ReadAvailable(fd, buffer.Span, $"fd {fd}");
            if (n >= 0)
            {
                return n;
            }

            if (!await HubLoop.WaitReadableAwaitable(fd, timeout))
            {
                throw new TimeoutException($"GreenOs.Read on fd {fd} timed out after {timeout.InSeconds()} s.");
            }
        }
    }

    /// <summary>
    /// gevent: <c>gevent.os.nb_write(fd, data)</c>. Writes what the descriptor takes, waiting on the reactor while it
    /// takes nothing. The descriptor must be non-blocking (<see cref="MakeNonBlocking"/>).
    /// </summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The bytes written, at least one (gevent's <c>nb_write</c> also writes once, not all).</returns>
    /// <exception cref="TimeoutException">The descriptor took nothing within the timeout.</exception>
    /// <exception cref="IOException">The write failed (EPIPE when the read end is closed).</exception>
    [Cooperative(nameof(WriteAwaitable))]
    public static int Write(int fd, ReadOnlyMemory<byte> data, GreenDuration? timeout = null) =>
        PlainCallBridge.Run(() => WriteAwaitable(fd, data, timeout));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write"/> instead.</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<int> WriteAwaitable(int fd, ReadOnlyMemory<byte> data, GreenDuration? timeout = null)
    {
        while (true)
        {
            var n = ProcessNative.WriteAvailable(fd, data.Span, $"fd {fd}");
            if (n >= 0)
            {
                return n;
            }

            if (!await HubLoop.WaitWritableAwaitable(fd, timeout))
            {
                throw new TimeoutException($"GreenOs.Write on fd {fd} timed out after {timeout.InSeconds()} s.");
            }
        }
    }
}
