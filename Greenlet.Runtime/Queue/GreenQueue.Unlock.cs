using System.Diagnostics;

namespace Greenlets;

/// <summary>
/// The unlock: gevent's <c>Queue._unlock</c> and <c>Channel._unlock</c>, a hub callback that serves the waiting
/// putters and getters. A put or get that finds someone waiting on the other side schedules it once (it stays
/// scheduled until it has run to its end), and it switches to each waiter it serves at once, so that waiter runs up
/// to its next suspension before the next one is served. That is what makes the order of a queue's puts and gets,
/// among other greenlets, the same as gevent's, pass for pass.
/// </summary>
public partial class GreenQueue<T> : IHubRunnable
{
    // From the put or get that schedules the unlock until it has run to its end, also while it waits for main.
    private bool _unlockScheduled;

    // Where an unlock that switched to the main greenlet goes on when main next blocks.
    private UnlockStep _resumeAt;

    // A channel's putter whose getter the unlock switched to first; it is switched to next.
    private Greenlet? _pairedPutter;

    // The item the unlock hands to the getter it switches to on a channel; the getter takes it as it resumes.
    private Greenlet? _pairedGetter;
    private T _pairedItem = default!;

    // Items a channel's TryPut handed to getters that have not resumed yet, in the order they were woken.
    private Queue<T>? _handedOver;

    private enum UnlockStep : byte
    {
        Start,
        Getters,
    }

    private void ScheduleUnlock()
    {
        if (!_unlockScheduled)
        {
            _unlockScheduled = true;
            Hub.Current.Enqueue(this);
        }
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        if (IsChannel ? PairChannelWaiters(hub) : ServeWaiters(hub))
        {
            _unlockScheduled = false;
        }

        AssertInvariants();
    }

    /// <summary>
    /// gevent's <c>Queue._unlock</c>: while anything changes, lets the first putter's item in if there is room, then
    /// hands an item to the first getter if one is stored. Returns false when it switched to main and must go on later.
    /// </summary>
    private bool ServeWaiters(Hub hub)
    {
        var step = _resumeAt;
        _resumeAt = UnlockStep.Start;
        while (true)
        {
            var served = step == UnlockStep.Getters; // resuming after a putter was served
            if (step == UnlockStep.Start && !IsFull && _putters.DequeueLive(out var item) is { } putter)
            {
                served = true;
                StoreItem(item);
                OnItemPut();
                if (!Switch(hub, putter))
                {
                    _resumeAt = UnlockStep.Getters;
                    return false;
                }
            }

            step = UnlockStep.Start;
            if (Stored > 0 && _getters.DequeueLive() is { } getter)
            {
                served = true;
                if (!Switch(hub, getter))
                {
                    return false;
                }
            }

            if (!served)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// gevent's <c>Channel._unlock</c>: while a getter and a putter both wait, switches to the getter with the
    /// putter's item, then to the putter. Returns false when it switched to main and must go on later.
    /// </summary>
    private bool PairChannelWaiters(Hub hub)
    {
        if (_pairedPutter is { } pending)
        {
            _pairedPutter = null;
            if (!Switch(hub, pending, takenOut: true))
            {
                return false;
            }
        }

        while (_getters.HasLiveWaiter() && _putters.HasLiveWaiter())
        {
            var getter = _getters.DequeueLive()!;
            var putter = _putters.DequeueLive(out var item)!;
            OnItemPut();

            // Both leave their waits now: a kill that reaches the putter while the getter runs waits for its next
            // suspension, since its item is delivered.
            TakeOut(putter);
            Debug.Assert(_pairedGetter is null, "the getter paired before took its item as it ran");
            _pairedGetter = getter;
            _pairedItem = item;
            if (!Switch(hub, getter))
            {
                _pairedPutter = putter;
                return false;
            }

            if (!Switch(hub, putter, takenOut: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Switches to a served waiter, which finds <see cref="Greenlet.WakeCarriesValue"/> set as it resumes.</summary>
    private bool Switch(Hub hub, Greenlet waiter, bool takenOut = false)
    {
        if (!takenOut)
        {
            TakeOut(waiter);
        }

        return hub.SwitchFromCallback(waiter, this);
    }

    private static void TakeOut(Greenlet waiter)
    {
        Hub.TakeOutOfWait(waiter);
        waiter.WakeCarriesValue = true;
    }

    /// <summary>The item for a getter the unlock served, or a channel's TryPut handed over.</summary>
    private T TakeServedItem(Greenlet getter)
    {
        if (!IsChannel)
        {
            return TakeItem(); // the unlock switched here at once: the item it saw is still first
        }

        if (ReferenceEquals(_pairedGetter, getter))
        {
            var item = _pairedItem;
            _pairedGetter = null;
            _pairedItem = default!;
            return item;
        }

        return _handedOver!.Dequeue();
    }

    /// <summary>A channel's put that may not wait: the first waiting getter takes the item, and resumes at its turn.</summary>
    private bool HandToWaitingGetter(T item)
    {
        if (_getters.DequeueLive() is not { } getter)
        {
            return false;
        }

        (_handedOver ??= new Queue<T>()).Enqueue(item);
        OnItemPut();
        getter.WakeCarriesValue = true;
        Hub.Current.Wake(getter);
        return true;
    }

    /// <summary>A channel's get that may not wait: takes the first waiting putter's item; the putter resumes at its turn.</summary>
    private bool TakeFromWaitingPutter(out T item)
    {
        if (_putters.DequeueLive(out item) is not { } putter)
        {
            return false;
        }

        OnItemPut();
        putter.WakeCarriesValue = true; // the item is delivered: a kill arriving now waits for its next suspension
        Hub.Current.Wake(putter);
        return true;
    }
}
