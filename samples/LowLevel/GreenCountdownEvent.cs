using Greenlets;
using Greenlets.LowLevel;

namespace LowLevelSample;

/// <summary>
/// A green <see cref="System.Threading.CountdownEvent"/>, written on <c>Greenlets.LowLevel</c> alone: a count, and a
/// <see cref="ParkingLot"/> where greenlets wait for it to reach zero. <see cref="Signal"/> that reaches zero wakes
/// every waiter at that moment, in the order they began to wait, as an <see cref="Event"/>'s <c>Set</c> does.
/// </summary>
public sealed partial class GreenCountdownEvent
{
    private readonly ParkingLot _waiters = new();

    /// <summary>Creates the event with <paramref name="initialCount"/> signals to wait for.</summary>
    /// <param name="initialCount">Zero or more; zero starts it set.</param>
    public GreenCountdownEvent(int initialCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCount);
        CurrentCount = initialCount;
    }

    /// <summary>Signals still needed.</summary>
    public int CurrentCount { get; private set; }

    /// <summary>Whether the count reached zero.</summary>
    public bool IsSet => CurrentCount == 0;

    /// <summary>Greenlets waiting now.</summary>
    public int WaiterCount => _waiters.ParkedCount;

    /// <summary>Takes <paramref name="count"/> off the count; at zero, wakes every waiter. Never switches.</summary>
    /// <param name="count">How many signals; at most <see cref="CurrentCount"/>.</param>
    /// <returns>True when this signal set the event.</returns>
    public bool Signal(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count > CurrentCount)
        {
            throw new InvalidOperationException($"Signal({count}) would take the count below zero (it is {CurrentCount}).");
        }

        CurrentCount -= count;
        if (CurrentCount > 0)
        {
            return false;
        }

        _waiters.UnparkAll();
        return true;
    }

    /// <summary>Adds <paramref name="count"/> to the count, which must not have reached zero.</summary>
    /// <param name="count">How many more signals to wait for.</param>
    public void AddCount(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (IsSet)
        {
            throw new InvalidOperationException("The event is set already: a countdown does not restart.");
        }

        CurrentCount += count;
    }

    /// <summary>Waits (cooperatively) until the count reaches zero, or <paramref name="timeout"/> seconds pass.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>True when set; false when the timeout passed first.</returns>
    [Greenlet]
    public bool Wait(GreenDuration? timeout = null) => IsSet || _waiters.Park(timeout);
}
