using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Cooperative waits on raw file descriptors (pipes, eventfds, descriptors a native library hands out), for code
/// that does its own non-blocking I/O. Sockets do this for you: see <c>GreenSocket</c>.
/// </summary>
/// <remarks>gevent: <c>gevent.socket.wait_read</c>, <c>wait_write</c> and <c>cancel_wait</c>.</remarks>
public static class GreenIo
{
    /// <summary>
    /// Waits (cooperatively) until <paramref name="fd"/> is readable, or <paramref name="timeout"/> seconds pass.
    /// Returns at once when it is readable already.
    /// </summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when readable, false on timeout.</returns>
    /// <exception cref="FileDescriptorClosedException"><see cref="CancelWaits"/> was called for it during the wait.</exception>
    /// <exception cref="ConcurrentObjectUseException">Another greenlet already waits to read it.</exception>
    /// <remarks>gevent: <c>gevent.socket.wait_read(fileno, timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitReadAwaitable))]
    public static bool WaitRead(int fd, GreenDuration? timeout = null) => Wait(fd, IoEvents.Read, timeout.InSeconds(), "GreenIo.WaitRead");

    /// <summary>Waits (cooperatively) until <paramref name="fd"/> is writable, or <paramref name="timeout"/> seconds pass.</summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when writable, false on timeout.</returns>
    /// <remarks>gevent: <c>gevent.socket.wait_write(fileno, timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitWriteAwaitable))]
    public static bool WaitWrite(int fd, GreenDuration? timeout = null) => Wait(fd, IoEvents.Write, timeout.InSeconds(), "GreenIo.WaitWrite");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitRead"/> instead.</summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<bool> WaitReadAwaitable(int fd, GreenDuration? timeout = null) => WaitAwaitable(fd, IoEvents.Read, timeout.InSeconds());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitWrite"/> instead.</summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<bool> WaitWriteAwaitable(int fd, GreenDuration? timeout = null) => WaitAwaitable(fd, IoEvents.Write, timeout.InSeconds());

    /// <summary>
    /// Wakes every greenlet waiting on <paramref name="fd"/> with <see cref="FileDescriptorClosedException"/> and
    /// drops the hub's registration of it. Call it before closing a descriptor you waited on.
    /// </summary>
    /// <param name="fd">The descriptor about to be closed.</param>
    /// <remarks>gevent: <c>gevent.socket.cancel_wait(watcher)</c>.</remarks>
    public static void CancelWaits(int fd) => Hub.Current.Reactor.Find(fd)?.Close();

    internal static bool Wait(int fd, IoEvents direction, double? timeout, string operation)
    {
        if (IsReadyNow(fd, direction))
        {
            return true;
        }

        var hub = Hub.Current;
        if (timeout is not <= 0)
        {
            hub.BeginBlockingCall(operation);
        }

        return WaitAwaitable(fd, direction, timeout).Block(hub);
    }

    internal static GreenAwaitable<bool> WaitAwaitable(int fd, IoEvents direction, double? timeout)
    {
        // Descriptors from outside follow level semantics (ready now means return now); the reactor's watches are
        // edge-triggered, so look before parking.
        if (IsReadyNow(fd, direction))
        {
            return new GreenAwaitable<bool>(true);
        }

        if (timeout is <= 0)
        {
            return new GreenAwaitable<bool>(false);
        }

        var reactor = Hub.Current.Reactor;
        var watch = reactor.Find(fd);
        if (watch is null)
        {
            watch = reactor.Watch(fd);
        }
        else
        {
            reactor.Revalidate(watch); // the caller may have closed it without CancelWaits and got the number back
        }

        return watch.WaitAwaitable(direction, timeout);
    }

    private static unsafe bool IsReadyNow(int fd, IoEvents direction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        var entry = new Libc.PollFd { Fd = fd, Events = direction == IoEvents.Read ? Libc.POLLIN : Libc.POLLOUT };
        var ready = Libc.poll(&entry, 1, 0);
        if (ready > 0 && (entry.Revents & Libc.POLLNVAL) != 0)
        {
            throw new FileDescriptorClosedException(fd);
        }

        return ready > 0;
    }
}
