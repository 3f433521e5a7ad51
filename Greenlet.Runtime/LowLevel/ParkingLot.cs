using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.LowLevel;

/// <summary>
/// trio: <c>trio.lowlevel.ParkingLot</c>; gevent: the waiter list of a <c>gevent.hub.Waiter</c>-based primitive.
/// A fair queue of parked greenlets, to build new synchronization primitives on: a greenlet parks itself, and whoever
/// owns the lot unparks the first one, some, or all of them, in the order they parked.
/// </summary>
/// <remarks>
/// <para>
/// A lot holds no state of its own beyond its parkers, so a primitive keeps its condition (a count, a flag) next to it
/// and parks while the condition does not hold, as <see cref="Event"/> does. Parking and unparking never fail and
/// never switch by themselves: <see cref="Park"/> is the suspension point, and an unparked greenlet runs when the hub
/// reaches it in its ready queue.
/// </para>
/// <para>
/// A parker that leaves some other way (its timeout passed, it was killed) leaves the lot for good: no unpark counts
/// it or wakes it afterwards. An unparked greenlet that is killed before its turn comes raises the kill from
/// <see cref="Park"/>, as an <see cref="Event"/> waiter does (and as a gevent greenlet killed after its waiter was
/// switched to): the unpark counted it all the same. A primitive that hands something over with an unpark (a permit,
/// an item) hands it on when <see cref="Park"/> throws.
/// </para>
/// <para>A lot belongs to the greenlets of one hub: park and unpark on that hub's thread.</para>
/// </remarks>
public sealed class ParkingLot
{
    private WaiterQueue<NoPayload> _parked;

    /// <summary>trio: <c>ParkingLot.statistics().tasks_waiting</c>. How many greenlets are parked here now.</summary>
    public int ParkedCount => _parked.CountLive();

    /// <summary>
    /// trio: <c>await ParkingLot.park()</c>; gevent: <c>hub.switch()</c> after linking a waiter. Parks the running
    /// greenlet (the main greenlet in plain code) at the back of the lot until an unpark reaches it or
    /// <paramref name="timeout"/> seconds pass.
    /// </summary>
    /// <param name="timeout">The most seconds to stay parked; null parks as long as it takes; zero or less returns false at once.</param>
    /// <returns>True when an unpark woke it; false when the timeout did.</returns>
    /// <exception cref="GreenletExit">The greenlet was killed while parked (it left the lot).</exception>
    [Cooperative(nameof(ParkAwaitable))]
    public bool Park(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("ParkingLot.Park");
        }

        return ParkAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Park"/> instead.</summary>
    /// <param name="timeout">The most seconds to stay parked; null parks as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenFlagAwaitable ParkAwaitable(GreenDuration? timeout = null)
    {
        if (timeout is { Seconds: <= 0 })
        {
            return GreenFlagAwaitable.Completed(false);
        }

        var parker = _parked.ParkRunning(Hub.Current, timeout.InSeconds());
        parker.Notified = false; // until an unpark sets it: a wake by the timeout leaves it clear
        return GreenFlagAwaitable.Parked;
    }

    /// <summary>trio: <c>ParkingLot.unpark()</c>. Wakes the greenlet that has been parked here longest. Never switches.</summary>
    /// <returns>How many woke: 1, or 0 when nobody was parked.</returns>
    public int UnparkOne() => Unpark(1);

    /// <summary>trio: <c>ParkingLot.unpark(count=n)</c>. Wakes up to <paramref name="count"/> greenlets, longest parked first. Never switches.</summary>
    /// <param name="count">The most greenlets to wake.</param>
    /// <returns>How many woke: fewer than <paramref name="count"/> when fewer were parked.</returns>
    public int Unpark(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || _parked.RawCount == 0)
        {
            return 0;
        }

        var hub = Hub.Current;
        var woken = 0;
        while (woken < count && _parked.DequeueLive() is { } parker)
        {
            parker.Notified = true;
            hub.Wake(parker);
            woken++;
        }

        return woken;
    }

    /// <summary>trio: <c>ParkingLot.unpark_all()</c>. Wakes every greenlet parked here now, in the order they parked. Never switches.</summary>
    /// <returns>How many woke.</returns>
    public int UnparkAll() => Unpark(int.MaxValue);

    /// <summary>
    /// trio: <c>ParkingLot.repark(new_lot, count=n)</c>. Moves up to <paramref name="count"/> greenlets, longest parked
    /// first, to the back of <paramref name="destination"/> without waking them; their timeouts keep running.
    /// </summary>
    /// <param name="destination">The lot they move to.</param>
    /// <param name="count">The most greenlets to move.</param>
    /// <returns>How many moved.</returns>
    public int Repark(ParkingLot destination, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var moved = 0;
        while (moved < count && !ReferenceEquals(destination, this) && _parked.DequeueLive() is { } parker)
        {
            destination._parked.Enqueue(parker); // still parked, with the same wait token: its timer still applies
            moved++;
        }

        return moved;
    }

    /// <inheritdoc/>
    public override string ToString() => $"ParkingLot({ParkedCount} parked)";
}
