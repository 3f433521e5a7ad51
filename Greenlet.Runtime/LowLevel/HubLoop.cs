using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.LowLevel;

/// <summary>
/// gevent: <c>hub.loop</c> and <c>gevent.socket.wait_read</c>; trio: the functions of <c>trio.lowlevel</c>. What the
/// calling thread's hub offers code that builds its own cooperative operations: callbacks at the next turn, and waits
/// for readiness of any file descriptor.
/// </summary>
public static class HubLoop
{
    /// <summary>
    /// gevent: <c>hub.loop.run_callback(callback)</c>. Queues <paramref name="callback"/> to run on the calling thread's
    /// hub at its next turn, after what is already in the ready queue (greenlets spawned or woken before it) and before
    /// what comes after: one FIFO, as in gevent. Never switches.
    /// </summary>
    /// <param name="callback">
    /// Runs on the hub, outside any greenlet: it must not wait (spawn a greenlet for that). An exception it throws is
    /// written to <see cref="Hub.ErrorWriter"/>, and the hub goes on, as gevent's <c>handle_error</c> does.
    /// </param>
    public static void CallSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Hub.Current.Enqueue(new HubCallback(callback));
    }

    /// <summary>
    /// gevent: <c>gevent.socket.wait_read(fileno, timeout)</c>; trio: <c>trio.lowlevel.wait_readable(fd)</c>. Waits
    /// (cooperatively) until <paramref name="fd"/> is readable, or <paramref name="timeout"/> seconds pass. Returns at
    /// once when it is readable already (level semantics: it looks before it waits).
    /// </summary>
    /// <param name="fd">An open descriptor (a pipe, an eventfd, one a native library hands out) that no socket of this hub owns.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when readable, false on timeout.</returns>
    /// <exception cref="FileDescriptorClosedException"><see cref="CancelWaits"/> was called for it during the wait.</exception>
    /// <exception cref="ConcurrentObjectUseException">Another greenlet already waits to read it.</exception>
    [Cooperative(nameof(WaitReadableAwaitable))]
    public static bool WaitReadable(int fd, GreenDuration? timeout = null) => GreenIo.Wait(fd, IoEvents.Read, timeout.InSeconds(), "HubLoop.WaitReadable");

    /// <summary>
    /// gevent: <c>gevent.socket.wait_write(fileno, timeout)</c>; trio: <c>trio.lowlevel.wait_writable(fd)</c>. Waits
    /// (cooperatively) until <paramref name="fd"/> is writable, or <paramref name="timeout"/> seconds pass.
    /// </summary>
    /// <param name="fd">An open descriptor that no socket of this hub owns.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when writable, false on timeout.</returns>
    /// <exception cref="FileDescriptorClosedException"><see cref="CancelWaits"/> was called for it during the wait.</exception>
    /// <exception cref="ConcurrentObjectUseException">Another greenlet already waits to write it.</exception>
    [Cooperative(nameof(WaitWritableAwaitable))]
    public static bool WaitWritable(int fd, GreenDuration? timeout = null) => GreenIo.Wait(fd, IoEvents.Write, timeout.InSeconds(), "HubLoop.WaitWritable");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitReadable"/> instead.</summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<bool> WaitReadableAwaitable(int fd, GreenDuration? timeout = null) => GreenIo.WaitAwaitable(fd, IoEvents.Read, timeout.InSeconds());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitWritable"/> instead.</summary>
    /// <param name="fd">An open descriptor.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<bool> WaitWritableAwaitable(int fd, GreenDuration? timeout = null) => GreenIo.WaitAwaitable(fd, IoEvents.Write, timeout.InSeconds());

    /// <summary>
    /// gevent: <c>gevent.socket.cancel_wait(watcher)</c>; trio: <c>trio.lowlevel.notify_closing(fd)</c>. Wakes every
    /// greenlet waiting on <paramref name="fd"/> (through <see cref="WaitReadable"/>, <see cref="WaitWritable"/> or an
    /// <see cref="IoWatcher"/>) with <see cref="FileDescriptorClosedException"/>, and drops the hub's registration of
    /// it. Call it before closing a descriptor you waited on: a descriptor closed without it leaves its waiters parked
    /// until their timeouts. Never switches.
    /// </summary>
    /// <param name="fd">The descriptor about to be closed.</param>
    public static void CancelWaits(int fd) => GreenIo.CancelWaits(fd);

    /// <summary>A callback queued for the hub; what it throws is reported, as gevent reports a failed callback.</summary>
    internal sealed class HubCallback(Action callback) : IHubRunnable
    {
        public void RunOnHub(Hub hub)
        {
            try
            {
                callback();
            }
            catch (Exception exception)
            {
                hub.ErrorWriter.WriteLine(exception.ToString());
                hub.ErrorWriter.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} callback {callback.Method.Name} failed with {exception.GetType().Name}");
                hub.ErrorWriter.WriteLine();
            }
        }
    }
}
