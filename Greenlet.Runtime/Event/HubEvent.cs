using System.ComponentModel;

namespace Greenlets;

/// <summary>
/// A flag that greenlets of any hub, and threads, can wait for, and that any thread can set. <see cref="Set"/> wakes
/// every waiter waiting at that moment, even if the flag is cleared again before it runs; each hub with waiters is
/// woken by one post through its doorbell, however many of its greenlets wait.
/// </summary>
/// <remarks>
/// <para>gevent: <c>gevent.event.Event</c> set from another thread, which gevent does not support; its closest is
/// <c>hub.loop.async_()</c>. Within one hub, <see cref="Event"/> is cheaper.</para>
/// <para>A wait suspends only the calling greenlet. Plain code on a thread that has a hub runs the hub meanwhile; a
/// thread without a hub blocks.</para>
/// </remarks>
public sealed class HubEvent
{
    private readonly HubWaitList _waiters = new();
    private volatile bool _flag;
    private int _sets; // how many times Set ran: a waiter whose wait saw one ends, whatever the flag says by then

    /// <summary>Whether the flag is set.</summary>
    /// <remarks>gevent: <c>Event.is_set()</c>.</remarks>
    public bool IsSet => _flag;

    /// <summary>From any thread: sets the flag and wakes every waiter. Never switches.</summary>
    /// <remarks>gevent: <c>Event.set()</c>.</remarks>
    public void Set()
    {
        _flag = true;
        Interlocked.Increment(ref _sets); // a full fence: waiters armed before it are seen below
        if (_waiters.HasWaiters)
        {
            _waiters.WakeAll();
        }
    }

    /// <summary>From any thread: clears the flag; later waits block until the next <see cref="Set"/>.</summary>
    /// <remarks>gevent: <c>Event.clear()</c>.</remarks>
    public void Clear() => _flag = false;

    /// <summary>
    /// Waits until the flag is set, or until <paramref name="timeout"/> passes: a greenlet suspends (its hub runs on), a
    /// thread without a hub blocks.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True if the flag was set, or a <see cref="Set"/> ended the wait; false if the timeout ended it.</returns>
    /// <remarks>gevent: <c>Event.wait(timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public bool Wait(GreenDuration? timeout = null)
    {
        if (_flag || timeout is { Seconds: <= 0 })
        {
            return _flag;
        }

        var seen = Volatile.Read(ref _sets);
        return Hub.CurrentIfAny is { } hub
            ? HubWaitList.BlockMain(hub, "HubEvent.Wait", () => WaitSlow(timeout))
            : _waiters.WaitOnThread(() => _flag || Volatile.Read(ref _sets) != seen, timeout);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<bool> WaitAwaitable(GreenDuration? timeout = null) =>
        _flag || timeout is { Seconds: <= 0 } ? new GreenTask<bool>(_flag) : WaitSlow(timeout);

    /// <inheritdoc/>
    public override string ToString() => $"HubEvent({(_flag ? "set" : "clear")})";

    private async GreenTask<bool> WaitSlow(GreenDuration? timeout)
    {
        var hub = Hub.Current;
        var deadline = HubWaitList.Deadline(hub, timeout);
        var seen = Volatile.Read(ref _sets);
        while (true)
        {
            var site = _waiters.Arm(hub); // a full fence: a Set before it is seen below
            if (_flag || Volatile.Read(ref _sets) != seen)
            {
                return true;
            }

            if (HubWaitList.Left(hub, deadline) is <= 0 || !await site.Park(HubWaitList.Left(hub, deadline)))
            {
                return _flag || Volatile.Read(ref _sets) != seen;
            }
        }
    }
}
