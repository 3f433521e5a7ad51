using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.LowLevel;

/// <summary>
/// gevent: <c>hub.loop.io(fd, events)</c> with <c>hub.wait(watcher)</c>. The current hub's registration of a file
/// descriptor, made once and edge-triggered, on which one greenlet at a time per direction waits for readiness.
/// </summary>
/// <remarks>
/// <para>
/// A wait ends on a readiness edge that comes after it began, not on a level: try the operation first (a non-blocking
/// read or write), wait only when it would block, and try again when woken. A wake is a hint: the retried operation
/// may find nothing and wait again. This is the discipline sockets follow, and the one a descriptor that only says
/// "something changed" (libzmq's <c>ZMQ_FD</c>) needs. For level semantics ("return now if it is readable now") on
/// any descriptor, use <see cref="HubLoop.WaitReadable"/>.
/// </para>
/// <para>
/// Closing: call <see cref="Close"/> before closing the descriptor. It drops the registration, so the hub never
/// watches a number the kernel hands out again, and wakes the greenlets waiting on it with
/// <see cref="FileDescriptorClosedException"/>, as gevent's <c>cancel_wait</c> does. A descriptor closed without it
/// leaves its waiters parked until their timeouts.
/// </para>
/// </remarks>
public sealed class IoWatcher : IDisposable
{
    private readonly FdWatch _watch;

    /// <summary>gevent: <c>hub.loop.io(fd, READ | WRITE)</c>. Registers <paramref name="fd"/> with the calling thread's hub.</summary>
    /// <param name="fd">An open descriptor, best non-blocking, which this hub watches nowhere else (no socket, no other watcher).</param>
    /// <exception cref="InvalidOperationException">The hub already watches <paramref name="fd"/>.</exception>
    public IoWatcher(int fd)
    {
        _watch = Hub.Current.Reactor.Watch(fd);
    }

    /// <summary>gevent: <c>watcher.fd</c>. The descriptor watched.</summary>
    public int Fd => _watch.Fd;

    /// <summary>gevent: <c>not watcher.active</c> after <c>cancel_wait</c>. True once <see cref="Close"/> ran.</summary>
    public bool IsClosed => _watch.IsClosed;

    /// <summary>
    /// gevent: <c>hub.wait(loop.io(fd, READ))</c>. Waits (cooperatively) for the descriptor to become readable, or
    /// <paramref name="timeout"/> seconds to pass.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when a readiness edge (or <see cref="Feed"/>) woke it; false on timeout.</returns>
    /// <exception cref="FileDescriptorClosedException">The watcher was closed, before or during the wait.</exception>
    /// <exception cref="ConcurrentObjectUseException">Another greenlet already waits to read.</exception>
    [Cooperative(nameof(WaitReadableAwaitable))]
    public bool WaitReadable(GreenDuration? timeout = null) => Wait(IoEvents.Read, timeout.InSeconds(), "IoWatcher.WaitReadable");

    /// <summary>gevent: <c>hub.wait(loop.io(fd, WRITE))</c>. Waits (cooperatively) for the descriptor to become writable, or <paramref name="timeout"/> seconds to pass.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when a readiness edge (or <see cref="Feed"/>) woke it; false on timeout.</returns>
    /// <exception cref="FileDescriptorClosedException">The watcher was closed, before or during the wait.</exception>
    /// <exception cref="ConcurrentObjectUseException">Another greenlet already waits to write.</exception>
    [Cooperative(nameof(WaitWritableAwaitable))]
    public bool WaitWritable(GreenDuration? timeout = null) => Wait(IoEvents.Write, timeout.InSeconds(), "IoWatcher.WaitWritable");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitReadable"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> WaitReadableAwaitable(GreenDuration? timeout = null) => _watch.WaitAwaitable(IoEvents.Read, timeout.InSeconds());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitWritable"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> WaitWritableAwaitable(GreenDuration? timeout = null) => _watch.WaitAwaitable(IoEvents.Write, timeout.InSeconds());

    /// <summary>
    /// gevent: <c>watcher.feed(events, callback)</c>. Wakes the greenlets waiting in <paramref name="events"/> as if
    /// the descriptor had become ready: for a source whose readiness the kernel does not see (libzmq may consume an
    /// edge inside a call). Their waits return true. Never switches.
    /// </summary>
    /// <param name="events">The directions to wake.</param>
    public void Feed(IoEvents events) => _watch.Signal(events);

    /// <summary>
    /// gevent: <c>gevent.hub.cancel_wait(watcher)</c>. Drops the registration and wakes every greenlet waiting here
    /// with <see cref="FileDescriptorClosedException"/>; later waits fail the same way. Call it before closing the
    /// descriptor. Closing twice does nothing.
    /// </summary>
    public void Close() => _watch.Close();

    /// <summary>Closes the watcher, as <see cref="Close"/> does.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => $"IoWatcher(fd {Fd}{(IsClosed ? ", closed" : string.Empty)})";

    private bool Wait(IoEvents direction, double? timeout, string operation)
    {
        var hub = Hub.Current.BeginBlockingCall(operation);
        return _watch.WaitAwaitable(direction, timeout).Block(hub);
    }
}
