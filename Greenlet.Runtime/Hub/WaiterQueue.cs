namespace Greenlets;

/// <summary>
/// The parked greenlets of one primitive (an event, a queue, a semaphore), in arrival order. A waiter whose wait
/// ended some other way (timeout, kill) is not removed: its wait token moved on, so it is skipped when reached,
/// and stale entries are swept out before the buffer grows. Allocation-free in steady state. The first waiter is
/// kept inline, and the ring is only allocated for a second: most events and results only ever have one waiter.
/// Each entry can carry a payload, such as the item a blocked putter is putting.
/// </summary>
/// <typeparam name="TPayload">What each waiter leaves with its entry; <see cref="NoPayload"/> for nothing.</typeparam>
internal struct WaiterQueue<TPayload>
{
    private Entry[]? _entries;
    private int _head;
    private int _count;

    // The only entry while _entries is null (then _count is 0 or 1).
    private Entry _single;

    /// <summary>Entries, live or stale. Use <see cref="HasLiveWaiter"/> to ask whether anyone really waits.</summary>
    public readonly int RawCount => _count;

    /// <summary>
    /// Parks the running greenlet (the main greenlet in plain code) here, with a timer when a timeout is given,
    /// and returns it. A greenlet that an interrupt deferred from an earlier wait wakes at once instead, and then
    /// leaves no entry: its wait token has moved on, and an entry recorded with the new token would look live the
    /// next time it parks somewhere else, so a put could hand it an item it never takes.
    /// </summary>
    public Greenlet ParkRunning(Hub hub, double? timeout, TPayload payload = default!)
    {
        var waiter = hub.ParkRunning(timeout);
        if (waiter.State == GreenletState.Parked)
        {
            Enqueue(waiter, payload);
        }

        return waiter;
    }

    /// <summary>Adds the greenlet, which must be parked already (use <see cref="ParkRunning"/>).</summary>
    public void Enqueue(Greenlet waiter, TPayload payload = default!)
    {
        if (_entries is null)
        {
            if (_count == 0)
            {
                _single = new Entry(waiter, waiter.WaitToken, payload);
                _count = 1;
                return;
            }

            if (_single.IsLive)
            {
                // A second waiter: move the inline one into a ring, which doubles from there.
                _entries = new Entry[2];
                _entries[0] = _single;
                _head = 0;
            }
            else
            {
                _single = new Entry(waiter, waiter.WaitToken, payload); // the inline one had gone stale
                return;
            }

            _single = default;
        }

        if (_count == _entries.Length)
        {
            SweepStale();
            if (_count == _entries.Length)
            {
                Grow();
            }
        }

        _entries[(_head + _count) & (_entries.Length - 1)] = new Entry(waiter, waiter.WaitToken, payload);
        _count++;
    }

    /// <summary>Removes and returns the first greenlet still parked here, or null.</summary>
    public Greenlet? DequeueLive() => DequeueLive(out _);

    /// <summary>Removes and returns the first greenlet still parked here with its payload, or null.</summary>
    public Greenlet? DequeueLive(out TPayload payload)
    {
        if (_entries is null)
        {
            if (_count > 0)
            {
                var single = _single;
                _single = default;
                _count = 0;
                if (single.IsLive)
                {
                    payload = single.Payload;
                    return single.Waiter;
                }
            }

            payload = default!;
            return null;
        }

        while (_count > 0)
        {
            var entry = _entries![_head];
            _entries[_head] = default;
            _head = (_head + 1) & (_entries.Length - 1);
            _count--;
            if (entry.IsLive)
            {
                payload = entry.Payload;
                return entry.Waiter;
            }
        }

        payload = default!;
        return null;
    }

    /// <summary>Whether a greenlet still parked here exists; drops stale entries from the front.</summary>
    /// <remarks>The empty case, by far the commonest on a queue's puts and gets, is answered inline.</remarks>
    public bool HasLiveWaiter() => _count > 0 && HasLiveWaiterAmongEntries();

    private bool HasLiveWaiterAmongEntries()
    {
        if (_entries is null)
        {
            if (_count > 0 && !_single.IsLive)
            {
                _single = default;
                _count = 0;
            }

            return _count > 0;
        }

        while (_count > 0)
        {
            if (_entries![_head].IsLive)
            {
                return true;
            }

            _entries[_head] = default;
            _head = (_head + 1) & (_entries.Length - 1);
            _count--;
        }

        return false;
    }

    /// <summary>Wakes the first live waiter; returns it, or null when none waits.</summary>
    public Greenlet? WakeOne(Hub hub, bool carriesValue)
    {
        var waiter = DequeueLive();
        if (waiter is not null)
        {
            waiter.WakeCarriesValue = carriesValue;
            hub.Wake(waiter);
        }

        return waiter;
    }

    /// <summary>
    /// Like <see cref="WakeOne(Hub, bool)"/>, for callers that do not hold the hub: it is found (a thread-static read)
    /// only when there is someone to wake.
    /// </summary>
    public Greenlet? WakeOne(bool carriesValue) => _count == 0 ? null : WakeOne(Hub.Current, carriesValue);

    /// <summary>Like <see cref="WakeAll(Hub)"/>; the hub is found only when someone waits.</summary>
    public void WakeAll()
    {
        if (_count > 0)
        {
            WakeAll(Hub.Current);
        }
    }

    /// <summary>Wakes every greenlet waiting now, in arrival order.</summary>
    public void WakeAll(Hub hub)
    {
        for (var n = _count; n > 0; n--)
        {
            if (DequeueLive() is { } waiter)
            {
                hub.Wake(waiter);
            }
        }
    }

    /// <summary>The live waiters, first to last, for dumps and counts.</summary>
    public readonly int CountLive()
    {
        if (_entries is null)
        {
            return _count > 0 && _single.IsLive ? 1 : 0;
        }

        var live = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_entries![(_head + i) & (_entries.Length - 1)].IsLive)
            {
                live++;
            }
        }

        return live;
    }

    private void SweepStale()
    {
        var kept = 0;
        var entries = _entries!;
        for (var i = 0; i < _count; i++)
        {
            var entry = entries[(_head + i) & (entries.Length - 1)];
            if (entry.IsLive)
            {
                entries[(_head + kept) & (entries.Length - 1)] = entry;
                kept++;
            }
        }

        for (var i = kept; i < _count; i++)
        {
            entries[(_head + i) & (entries.Length - 1)] = default;
        }

        _count = kept;
    }

    private void Grow()
    {
        var bigger = new Entry[_entries!.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _entries[(_head + i) & (_entries.Length - 1)];
        }

        _entries = bigger;
        _head = 0;
    }

    private readonly record struct Entry(Greenlet Waiter, int Token, TPayload Payload)
    {
        public bool IsLive => Waiter.WaitToken == Token && Waiter.State == GreenletState.Parked;
    }
}

/// <summary>The payload of waiters that leave nothing with their entry.</summary>
internal readonly struct NoPayload
{
}
