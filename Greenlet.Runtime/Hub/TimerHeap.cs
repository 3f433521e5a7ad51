using System.Diagnostics;

namespace Greenlets;

/// <summary>
/// The hub's timers: a binary min-heap of value entries ordered by (deadline, sequence), so timers due at
/// the same instant fire in the order they were started. Cancellation is lazy: a target's token moves on
/// and its stale entry is dropped when it reaches the top, which keeps start and cancel allocation-free.
/// Stale entries of long timeouts (a keep-alive wait cancelled by the next request) would otherwise pile up
/// until their deadlines: a full heap first sweeps them out, and grows only when at least half of it is live,
/// so the heap holds at most about twice the live timers and the sweep costs O(1) per timer, amortized.
/// In simulation, the sequence is drawn from the seed instead, so timers due at the same instant fire in a seeded
/// order, and the late timer fault may push a deadline back.
/// </summary>
/// <remarks>
/// The heap itself holds only keys (deadline, sequence, slot), with no reference in them: moving one up or down the
/// heap is a plain copy, where an entry holding its target would pay a GC write barrier at every level. The target and
/// its token wait in a slot of their own until the key reaches the top. The heap is 4-ary: half as many levels as a
/// binary one, each a single cache line of keys, which is what a virtual clock popping one timer per wake-up pays for.
/// </remarks>
[DebuggerDisplay("Count = {_count}, next = {DebuggerNextDeadline}")]
internal sealed class TimerHeap(Simulation? simulation = null)
{
    private const int InitialCapacity = 64;

    private readonly Simulation? _simulation = simulation;
    private Key[] _keys = new Key[InitialCapacity];
    private Payload[] _payloads = new Payload[InitialCapacity];
    private int[] _freeSlots = new int[InitialCapacity];
    private int _freeCount;
    private int _slotsUsed; // slots handed out at least once; those below it and not free hold a timer
    private int _count;
    private long _sequence;

    public int Count => _count;

    public void Add(long deadline, ITimerTarget target, int token)
    {
        if (_count == _keys.Length && SweepStale() > _keys.Length / 2)
        {
            Grow();
        }

        long sequence;
        if (_simulation is null)
        {
            sequence = _sequence++;
        }
        else
        {
            deadline += _simulation.TimerDelay();
            sequence = _simulation.TimerTieBreaker();
        }

        var slot = _freeCount > 0 ? _freeSlots[--_freeCount] : _slotsUsed++;
        _payloads[slot] = new Payload(target, token);
        SiftUp(_count++, new Key(deadline, sequence, slot));
        AssertInvariants();
    }

    /// <summary>Drops cancelled entries from the top and returns the earliest live deadline.</summary>
    public bool TryPeekLive(out long deadline)
    {
        while (_count > 0)
        {
            ref var top = ref _keys[0];
            ref var payload = ref _payloads[top.Slot];
            if (payload.Target.IsTimerLive(payload.Token))
            {
                deadline = top.Deadline;
                return true;
            }

            RemoveTop();
        }

        deadline = 0;
        return false;
    }

    /// <summary>Removes and fires, in order, every entry due at or before <paramref name="now"/>.</summary>
    /// <returns>How late the first one fired, in ticks past its deadline; -1 when none was due.</returns>
    public long FireDue(Hub hub, long now)
    {
        var lateness = _count > 0 && _keys[0].Deadline <= now ? now - _keys[0].Deadline : -1;
        while (_count > 0 && _keys[0].Deadline <= now)
        {
            var payload = RemoveTop();
            payload.Target.OnTimer(hub, payload.Token);
        }

        return lateness;
    }

    /// <summary>Drops every cancelled entry and restores the heap order; returns the live count.</summary>
    private int SweepStale()
    {
        var live = 0;
        for (var i = 0; i < _count; i++)
        {
            var key = _keys[i];
            ref var payload = ref _payloads[key.Slot];
            if (payload.Target.IsTimerLive(payload.Token))
            {
                _keys[live++] = key;
            }
            else
            {
                FreeSlot(key.Slot);
            }
        }

        _count = live;
        for (var i = (live - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, _keys[i]);
        }

        AssertInvariants();
        return live;
    }

    private void Grow()
    {
        var capacity = _keys.Length * 2;
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _payloads, capacity);
        Array.Resize(ref _freeSlots, capacity);
    }

    /// <summary>Takes the top entry out of the heap and gives back its target and token.</summary>
    private Payload RemoveTop()
    {
        var slot = _keys[0].Slot;
        var payload = _payloads[slot];
        FreeSlot(slot);
        var last = _keys[--_count];
        if (_count > 0)
        {
            SiftDown(0, last);
        }

        AssertInvariants();
        return payload;
    }

    private void FreeSlot(int slot)
    {
        _payloads[slot] = default; // the heap does not keep a fired or cancelled target alive
        _freeSlots[_freeCount++] = slot;
    }

    /// <summary>Places <paramref name="key"/> at <paramref name="i"/> or above, moving later parents down.</summary>
    private void SiftUp(int i, Key key)
    {
        var keys = _keys;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            if (!key.Before(keys[parent]))
            {
                break;
            }

            keys[i] = keys[parent];
            i = parent;
        }

        keys[i] = key;
    }

    /// <summary>Places <paramref name="key"/> at <paramref name="i"/> or below, moving earlier children up.</summary>
    private void SiftDown(int i, Key key)
    {
        var keys = _keys;
        var count = _count;
        while (true)
        {
            var first = (i << 2) + 1;
            if (first >= count)
            {
                break;
            }

            var child = first;
            var last = Math.Min(first + 4, count);
            for (var other = first + 1; other < last; other++)
            {
                if (keys[other].Before(keys[child]))
                {
                    child = other;
                }
            }

            if (!keys[child].Before(key))
            {
                break;
            }

            keys[i] = keys[child];
            i = child;
        }

        keys[i] = key;
    }

    /// <summary>
    /// Debug builds: the count is within the array, every live key's slot holds a target, the slots in use and free add
    /// up, and no key comes before its parent. The whole heap is walked only while it is small (the usual test), so
    /// Debug runs with many timers stay fast; beyond that only the top and its children are checked.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_count >= 0 && _count <= _keys.Length, "the count is within the heap's array");
        Debug.Assert(_slotsUsed - _freeCount == _count, "every slot handed out is either free or holds one key's timer");
        var checkedUpTo = _count <= 64 ? _count : Math.Min(_count, 5);
        for (var i = 0; i < checkedUpTo; i++)
        {
            Debug.Assert(_payloads[_keys[i].Slot].Target is not null, "every key's slot holds a target");
            Debug.Assert(i == 0 || !_keys[i].Before(_keys[(i - 1) >> 2]), "heap order: no key comes before its parent");
        }
    }

    private string DebuggerNextDeadline => _count > 0 ? TimeSpan.FromTicks(_keys[0].Deadline).ToString() : "none";

    /// <summary>Where an entry stands in the heap: no reference, so moving it costs no write barrier.</summary>
    private readonly record struct Key(long Deadline, long Sequence, int Slot)
    {
        public bool Before(in Key other) =>
            Deadline < other.Deadline || (Deadline == other.Deadline && Sequence < other.Sequence);
    }

    /// <summary>What a timer fires: its target and the token that tells whether it is still live.</summary>
    private readonly record struct Payload(ITimerTarget Target, int Token);
}
