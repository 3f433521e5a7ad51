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
[DebuggerDisplay("Count = {_count}, next = {DebuggerNextDeadline}")]
internal sealed class TimerHeap(Simulation? simulation = null)
{
    private readonly Simulation? _simulation = simulation;
    private Entry[] _entries = new Entry[64];
    private int _count;
    private long _sequence;

    public int Count => _count;

    public void Add(long deadline, ITimerTarget target, int token)
    {
        if (_count == _entries.Length && SweepStale() > _entries.Length / 2)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
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

        var entry = new Entry(deadline, sequence, target, token);
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!entry.Before(_entries[parent]))
            {
                break;
            }

            _entries[i] = _entries[parent];
            i = parent;
        }

        _entries[i] = entry;
        AssertInvariants();
    }

    /// <summary>Drops cancelled entries from the top and returns the earliest live deadline.</summary>
    public bool TryPeekLive(out long deadline)
    {
        while (_count > 0)
        {
            ref var top = ref _entries[0];
            if (top.Target.IsTimerLive(top.Token))
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
        var lateness = _count > 0 && _entries[0].Deadline <= now ? now - _entries[0].Deadline : -1;
        while (_count > 0 && _entries[0].Deadline <= now)
        {
            var top = _entries[0];
            RemoveTop();
            top.Target.OnTimer(hub, top.Token);
        }

        return lateness;
    }

    /// <summary>Drops every cancelled entry and restores the heap order; returns the live count.</summary>
    private int SweepStale()
    {
        var live = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.Target.IsTimerLive(entry.Token))
            {
                _entries[live++] = entry;
            }
        }

        Array.Clear(_entries, live, _count - live);
        _count = live;
        for (var i = (live >> 1) - 1; i >= 0; i--)
        {
            SiftDown(i, _entries[i]);
        }

        AssertInvariants();
        return live;
    }

    private void RemoveTop()
    {
        var last = _entries[--_count];
        _entries[_count] = default;
        if (_count > 0)
        {
            SiftDown(0, last);
        }

        AssertInvariants();
    }

    /// <summary>Places <paramref name="entry"/> at <paramref name="i"/> or below, moving earlier children up.</summary>
    private void SiftDown(int i, Entry entry)
    {
        while (true)
        {
            var child = (i << 1) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _entries[child + 1].Before(_entries[child]))
            {
                child++;
            }

            if (!_entries[child].Before(entry))
            {
                break;
            }

            _entries[i] = _entries[child];
            i = child;
        }

        _entries[i] = entry;
    }

    /// <summary>
    /// Debug builds: the count is within the array, every slot past it is empty, and no entry comes before its parent.
    /// The whole heap is walked only while it is small (the usual test), so Debug runs with many timers stay fast;
    /// beyond that only the top and its children are checked.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_count >= 0 && _count <= _entries.Length, "the count is within the heap's array");
        Debug.Assert(_count == _entries.Length || _entries[_count].Target is null, "the slot past the last entry is empty");
        var checkedUpTo = _count <= 64 ? _count : Math.Min(_count, 3);
        for (var i = 1; i < checkedUpTo; i++)
        {
            Debug.Assert(_entries[i].Target is not null, "every entry below the count has a target");
            Debug.Assert(!_entries[i].Before(_entries[(i - 1) >> 1]), "heap order: no entry comes before its parent");
        }
    }

    private string DebuggerNextDeadline => _count > 0 ? TimeSpan.FromTicks(_entries[0].Deadline).ToString() : "none";

    private readonly record struct Entry(long Deadline, long Sequence, ITimerTarget Target, int Token)
    {
        public bool Before(in Entry other) =>
            Deadline < other.Deadline || (Deadline == other.Deadline && Sequence < other.Sequence);
    }
}
