using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A flag greenlets can wait for. <see cref="Set"/> wakes every greenlet waiting at that moment, in the order
/// they began to wait — even if the flag is cleared again before they run.
/// </summary>
/// <remarks>gevent: <c>gevent.event.Event</c>.</remarks>
[DebuggerDisplay("IsSet = {_flag}, waiting = {_waiters.CountLive()}")]
public sealed class Event
{
    private WaiterQueue<NoPayload> _waiters;
    private bool _flag;

    /// <summary>Whether the flag is set.</summary>
    /// <remarks>gevent: <c>Event.is_set()</c>.</remarks>
    public bool IsSet => _flag;

    /// <summary>Sets the flag and wakes every waiting greenlet. Never switches.</summary>
    /// <remarks>gevent: <c>Event.set()</c>.</remarks>
    public void Set()
    {
        _flag = true;
        _waiters.WakeAll(notified: true);
    }

    /// <summary>Clears the flag; later waits block until the next <see cref="Set"/>.</summary>
    /// <remarks>gevent: <c>Event.clear()</c>.</remarks>
    public void Clear() => _flag = false;

    /// <summary>
    /// Waits (cooperatively) until the flag is set, or until <paramref name="timeout"/> seconds pass.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True if the flag was set, or a <see cref="Set"/> ended the wait; false if the timeout ended it.</returns>
    /// <remarks>gevent: <c>Event.wait(timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public bool Wait(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (!_flag && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("Event.Wait");
        }

        return WaitAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenFlagAwaitable WaitAwaitable(GreenDuration? timeout = null)
    {
        if (_flag || timeout is { Seconds: <= 0 })
        {
            return GreenFlagAwaitable.Completed(_flag);
        }

        var waiter = _waiters.ParkRunning(Hub.Current, timeout.InSeconds());
        waiter.Notified = false; // until a Set wakes it: a wake by the timeout leaves it clear
        return GreenFlagAwaitable.Parked;
    }
}
