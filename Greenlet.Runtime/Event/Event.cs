namespace Greenlets;

/// <summary>
/// A flag greenlets can wait for. <see cref="Set"/> wakes every greenlet waiting at that moment, in the order
/// they began to wait — even if the flag is cleared again before they run.
/// </summary>
/// <remarks>gevent: <c>gevent.event.Event</c>.</remarks>
public sealed class Event : IWaitSource<bool>
{
    private WaiterQueue<NoPayload> _waiters;
    private long _sets;
    private bool _flag;

    /// <summary>Whether the flag is set.</summary>
    /// <remarks>gevent: <c>Event.is_set()</c>.</remarks>
    public bool IsSet => _flag;

    /// <summary>Sets the flag and wakes every waiting greenlet. Never switches.</summary>
    /// <remarks>gevent: <c>Event.set()</c>.</remarks>
    public void Set()
    {
        _flag = true;
        _sets++;
        _waiters.WakeAll();
    }

    /// <summary>Clears the flag; later waits block until the next <see cref="Set"/>.</summary>
    /// <remarks>gevent: <c>Event.clear()</c>.</remarks>
    public void Clear() => _flag = false;

    /// <summary>
    /// Waits (cooperatively) until the flag is set, or until <paramref name="timeout"/> seconds pass.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True if the flag was set (or a set happened while waiting), false on timeout.</returns>
    /// <remarks>gevent: <c>Event.wait(timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitAsync))]
    public bool Wait(double? timeout = null)
    {
        var hub = Hub.Current;
        if (!_flag && timeout is not <= 0)
        {
            hub.BeginBlockingCall("Event.Wait");
        }

        return WaitAsync(timeout).Block(hub);
    }

    /// <summary>The awaitable form of <see cref="Wait"/>, used by rewritten code.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenAwaitable<bool> WaitAsync(double? timeout = null)
    {
        if (_flag || timeout is <= 0)
        {
            return new GreenAwaitable<bool>(_flag);
        }

        var hub = Hub.Current;
        _waiters.ParkRunning(hub, timeout);
        return new GreenAwaitable<bool>(this, _sets);
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, long state)
    {
        waiter.ThrowIfInterrupted();
        return _sets != state;
    }

    bool IWaitSource<bool>.GetOutcome(long state, out bool known)
    {
        known = true;
        return _sets != state;
    }
}
