using System.Diagnostics;

namespace Greenlets;

/// <summary>
/// The parked greenlets of one primitive (an event, a queue, a semaphore), in arrival order. A waiter whose wait
/// ended some other way (timeout, kill) is not removed: its wait token moved on, so it is skipped when reached,
/// and stale entries are swept out before the buffer grows. Allocation-free in steady state. The first waiter is
/// kept inline, and the ring is only allocated for a second: most events and results only ever have one waiter.
/// Each entry can carry a payload, such as the item a blocked putter is putting.
/// </summary>
/// <typeparam name="TPayload">What each waiter leaves with its entry; <see cref="NoPayload"/> for nothing.</typeparam>
[DebuggerDisplay("Waiting = {CountLive()}, entries = {_count}")]
internal struct WaiterQueue<TPayload>
{
    private Ring? _ring;
    private int _head;
    private int _count;

    // The only entry while _ring is null (then _count is 0 or 1).
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
        Debug.Assert(waiter.State == GreenletState.Parked, "only a parked greenlet waits here");
        AssertNotWaitingHere(waiter);
        var ring = _ring;
        if (ring is null)
        {
            if (_count == 0)
            {
                _single = new Entry(waiter, waiter.WaitToken, payload);
                _count = 1;
                return;
            }

            if (!_single.IsLive)
            {
                _single = new Entry(waiter, waiter.WaitToken, payload); // the inline one had gone stale
                return;
            }

            // A second waiter: move the inline one into a ring, which doubles from there.
            ring = _ring = new Ring(2);
            ring.Set(0, _single);
            _head = 0;
            _single = default;
        }
        else if (_count == ring.Capacity)
        {
            SweepStale(ring);
            if (_count == ring.Capacity)
            {
                ring = _ring = ring.Grown(_head, _count);
                _head = 0;
            }
        }

        ring.Set((_head + _count) & ring.Mask, new Entry(waiter, waiter.WaitToken, payload));
        _count++;
        AssertInvariants();
    }

    /// <summary>Removes and returns the first greenlet still parked here, or null.</summary>
    public Greenlet? DequeueLive() => DequeueLive(out _);

    /// <summary>Removes and returns the first greenlet still parked here with its payload, or null.</summary>
    public Greenlet? DequeueLive(out TPayload payload)
    {
        var ring = _ring;
        if (ring is null)
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
            var entry = ring.Take(_head);
            _head = (_head + 1) & ring.Mask;
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
        var ring = _ring;
        if (ring is null)
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
            if (ring.IsLive(_head))
            {
                return true;
            }

            ring.Clear(_head);
            _head = (_head + 1) & ring.Mask;
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

    /// <summary>Like <see cref="WakeAll(Hub, bool)"/>; the hub is found only when someone waits.</summary>
    public void WakeAll(bool notified = false)
    {
        if (_count > 0)
        {
            WakeAll(Hub.Current, notified);
        }
    }

    /// <summary>
    /// Wakes every greenlet waiting now, in arrival order. <paramref name="notified"/> marks each as woken by what it
    /// waited for (<see cref="Greenlet.Notified"/>), the outcome of a flag wait.
    /// </summary>
    public void WakeAll(Hub hub, bool notified = false)
    {
        for (var n = _count; n > 0; n--)
        {
            if (DequeueLive() is { } waiter)
            {
                if (notified)
                {
                    waiter.Notified = true;
                }

                hub.Wake(waiter);
            }
        }
    }

    /// <summary>The live waiters, first to last, for dumps and counts.</summary>
    public readonly int CountLive()
    {
        if (_ring is not { } ring)
        {
            return _count > 0 && _single.IsLive ? 1 : 0;
        }

        var live = 0;
        for (var i = 0; i < _count; i++)
        {
            if (ring.IsLive((_head + i) & ring.Mask))
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>Debug builds: the count fits the inline entry or the ring, and the inline entry is empty when unused.</summary>
    [Conditional("DEBUG")]
    private readonly void AssertInvariants()
    {
        Debug.Assert(_count >= 0, "the count of entries is never negative");
        Debug.Assert(_ring is null ? _count <= 1 : _count <= _ring.Capacity, "the entries fit the inline slot or the ring");
        Debug.Assert((_ring is null && _count == 1) || _single.Waiter is null, "the inline slot is empty unless it holds the only entry");
    }

    /// <summary>
    /// Debug builds: the greenlet has no live entry here yet, so one wait never links it twice (it would be woken
    /// twice). Checked while the queue is short, as most are, so Debug runs with huge queues stay fast.
    /// </summary>
    [Conditional("DEBUG")]
    private readonly void AssertNotWaitingHere(Greenlet waiter)
    {
        if (_ring is not { } ring)
        {
            Debug.Assert(_count == 0 || !ReferenceEquals(_single.Waiter, waiter) || !_single.IsLive, "a greenlet waits in a queue once");
            return;
        }

        for (var i = 0; i < _count && i < 64; i++)
        {
            var index = (_head + i) & ring.Mask;
            Debug.Assert(!ring.IsLive(index) || !ReferenceEquals(ring.Get(index).Waiter, waiter), "a greenlet waits in a queue once");
        }
    }

    private void SweepStale(Ring ring)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var index = (_head + i) & ring.Mask;
            if (ring.IsLive(index))
            {
                ring.Set((_head + kept) & ring.Mask, ring.Get(index));
                kept++;
            }
        }

        for (var i = kept; i < _count; i++)
        {
            ring.Clear((_head + i) & ring.Mask);
        }

        _count = kept;
    }

    private readonly record struct Entry(Greenlet Waiter, int Token, TPayload Payload)
    {
        public bool IsLive => Waiter.IsParkedIn(Token);
    }

    /// <summary>
    /// The entries once two wait at a time, kept column by column: an array of entries would pad each greenlet and
    /// token pair to 16 bytes, where separate arrays take 12 (a million waiters on one event hold 4 MB less). Its
    /// capacity is a power of two.
    /// </summary>
    private sealed class Ring
    {
        // Payload-free queues (events, results, locks) keep no payload column.
        private static readonly bool s_hasPayload = typeof(TPayload) != typeof(NoPayload);

        private readonly WaiterSlot[] _waiters;
        private readonly int[] _tokens;
        private readonly TPayload[]? _payloads;

        public Ring(int capacity)
        {
            _waiters = new WaiterSlot[capacity];
            _tokens = new int[capacity];
            _payloads = s_hasPayload ? new TPayload[capacity] : null;
        }

        public int Capacity => _waiters.Length;

        public int Mask => _waiters.Length - 1;

        public bool IsLive(int index) => _waiters[index].Waiter is { } waiter && waiter.IsParkedIn(_tokens[index]);

        public Entry Get(int index) =>
            new(_waiters[index].Waiter!, _tokens[index], _payloads is null ? default! : _payloads[index]);

        public void Set(int index, Entry entry)
        {
            _waiters[index].Waiter = entry.Waiter;
            _tokens[index] = entry.Token;
            if (_payloads is not null)
            {
                _payloads[index] = entry.Payload;
            }
        }

        /// <summary>Reads the entry and clears its slot.</summary>
        public Entry Take(int index)
        {
            var entry = Get(index);
            Clear(index);
            return entry;
        }

        /// <summary>Empties a slot, so the ring keeps no greenlet or payload alive.</summary>
        public void Clear(int index)
        {
            _waiters[index].Waiter = null;
            if (_payloads is not null)
            {
                _payloads[index] = default!;
            }
        }

        /// <summary>A ring twice the size holding the <paramref name="count"/> entries from <paramref name="head"/>, first at 0.</summary>
        public Ring Grown(int head, int count)
        {
            var bigger = new Ring(Capacity * 2);
            for (var i = 0; i < count; i++)
            {
                bigger.Set(i, Get((head + i) & Mask));
            }

            return bigger;
        }
    }

    // A struct around the reference: a store into WaiterSlot[] needs no array covariance check.
    private struct WaiterSlot
    {
        public Greenlet? Waiter;
    }
}

/// <summary>The payload of waiters that leave nothing with their entry.</summary>
internal readonly struct NoPayload
{
}
