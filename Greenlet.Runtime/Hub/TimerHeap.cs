using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// The hub's timers: a min-heap of buckets ordered by (deadline, sequence), each bucket the timers started for one
/// deadline, in start order, so timers due at the same instant fire in the order they were started. Cancellation is
/// lazy: a target's token moves on and its stale entry is dropped when its bucket reaches the top. Stale entries of
/// long timeouts (a keep-alive wait cancelled by the next request) would otherwise pile up until their deadlines: a
/// full table first sweeps them out, and grows only when at least half of it is live, so it holds at most about twice
/// the live timers and the sweep costs O(1) per timer, amortized.
/// In simulation, the timers due at one instant fire in an order drawn from the seed instead, and the late timer fault
/// may push a deadline back.
/// </summary>
/// <remarks>
/// <para>
/// Timers that share a deadline share one heap entry: many greenlets sleeping the same interval from the same loop
/// pass (a virtual clock's idle workload, a server's keep-alive timeouts started by one burst) cost one heap push and
/// one pop per bucket, and an append and a list step per timer. A start finds its bucket through a small table of the
/// buckets still open to appends, indexed by the deadline; a deadline whose slot holds another bucket starts a new one
/// (it replaces the slot), so only the newest bucket of a deadline is appended to, which keeps start order.
/// </para>
/// <para>
/// The heap holds only keys (deadline, sequence, bucket), with no reference in them: moving one is a plain copy, where
/// an entry holding its target would pay a GC write barrier at every level. The targets wait in nodes of their own. The
/// heap is 4-ary: half as many levels as a binary one, each a single cache line of keys.
/// </para>
/// </remarks>
[DebuggerDisplay("Count = {_count}, buckets = {_heapCount}, next = {DebuggerNextDeadline}")]
internal sealed class TimerHeap(Simulation? simulation = null)
{
    private const int InitialCapacity = 64;
    private const int OpenSlots = 64; // a power of two
    private const int None = -1;

    private readonly Simulation? _simulation = simulation;
    private readonly OpenBucket[] _open = NewOpenTable();

    // Nodes: one per timer, chained in its bucket by _next.
    private Payload[] _payloads = new Payload[InitialCapacity];
    private int[] _next = new int[InitialCapacity];
    private int[] _freeNodes = new int[InitialCapacity];
    private int _freeNodeCount;
    private int _nodesUsed; // nodes handed out at least once
    private int _count; // nodes holding a timer (live or stale)

    // Buckets: the first and last node of each; the heap's keys name them. There are never more buckets than nodes.
    private int[] _heads = new int[InitialCapacity];
    private int[] _tails = new int[InitialCapacity];
    private int[] _freeBuckets = new int[InitialCapacity];
    private int _freeBucketCount;
    private int _bucketsUsed;

    private Key[] _keys = new Key[InitialCapacity];
    private int _heapCount;
    private long _sequence;
    private Payload[] _due = new Payload[InitialCapacity]; // simulation: the timers of one instant, shuffled

    /// <summary>How many timers are pending, cancelled ones not yet dropped included.</summary>
    public int Count => _count;

    public void Add(long deadline, ITimerTarget target, int token)
    {
        if (_count == _payloads.Length && SweepStale() > _payloads.Length / 2)
        {
            Grow();
        }

        if (_simulation is not null)
        {
            deadline += _simulation.TimerDelay();
        }

        var node = _freeNodeCount > 0 ? _freeNodes[--_freeNodeCount] : _nodesUsed++;
        _payloads[node] = new Payload(target, token);
        _next[node] = None;
        _count++;
        ref var open = ref _open[OpenSlot(deadline)];
        if (open.Deadline == deadline && open.Bucket != None)
        {
            var bucket = open.Bucket;
            _next[_tails[bucket]] = node;
            _tails[bucket] = node;
        }
        else
        {
            var bucket = _freeBucketCount > 0 ? _freeBuckets[--_freeBucketCount] : _bucketsUsed++;
            _heads[bucket] = node;
            _tails[bucket] = node;
            open = new OpenBucket(deadline, bucket);
            SiftUp(_heapCount++, new Key(deadline, _sequence++, bucket));
        }

        AssertInvariants();
    }

    /// <summary>Drops cancelled entries from the top and returns the earliest live deadline.</summary>
    public bool TryPeekLive(out long deadline)
    {
        while (_heapCount > 0)
        {
            var bucket = _keys[0].Bucket;
            var node = _heads[bucket];
            while (node != None)
            {
                ref var payload = ref _payloads[node];
                if (payload.Target.IsTimerLive(payload.Token))
                {
                    _heads[bucket] = node;
                    deadline = _keys[0].Deadline;
                    return true;
                }

                var next = _next[node];
                FreeNode(node);
                node = next;
            }

            _heads[bucket] = None; // emptied: its tail is gone too, so it must take no more appends
            RemoveTopBucket();
        }

        deadline = 0;
        return false;
    }

    /// <summary>Removes and fires, in order, every entry due at or before <paramref name="now"/>.</summary>
    /// <returns>How late the first one fired, in ticks past its deadline; -1 when none was due.</returns>
    public long FireDue(Hub hub, long now)
    {
        var lateness = _heapCount > 0 && _keys[0].Deadline <= now ? now - _keys[0].Deadline : -1;
        while (_heapCount > 0 && _keys[0].Deadline <= now)
        {
            if (_simulation is not null)
            {
                FireInstantShuffled(hub, _keys[0].Deadline);
                continue;
            }

            // The bucket leaves the heap before any of its timers fires: one started by a target joins a new bucket.
            var node = _heads[RemoveTopBucket()];
            while (node != None)
            {
                var payload = _payloads[node];
                var next = _next[node];
                FreeNode(node);
                payload.Target.OnTimer(hub, payload.Token);
                node = next;
            }
        }

        return lateness;
    }

    /// <summary>Simulation: takes every bucket due at <paramref name="deadline"/> and fires their timers in a seeded order.</summary>
    /// <remarks>
    /// When every timer of the instant wakes a parked greenlet, their order only decides the order those greenlets
    /// join the ready queue, and the next pass is shuffled as a whole (<see cref="Simulation.ArrangePass"/>), so a
    /// shuffle here would draw for nothing: the instant's thousands of sleepers are shuffled once, not twice.
    /// </remarks>
    private void FireInstantShuffled(Hub hub, long deadline)
    {
        var count = 0;
        var onlyWakeUps = true;
        do
        {
            var node = _heads[RemoveTopBucket()];
            while (node != None)
            {
                if (count == _due.Length)
                {
                    Array.Resize(ref _due, count * 2);
                }

                ref var payload = ref _payloads[node];
                onlyWakeUps &= payload.Target is Greenlet { State: GreenletState.Parked };
                _due[count++] = payload;
                var next = _next[node];
                FreeNode(node);
                node = next;
            }
        }
        while (_heapCount > 0 && _keys[0].Deadline == deadline);

        var due = _due.AsSpan(0, count);
        if (!onlyWakeUps)
        {
            _simulation!.ShuffleTimers(due);
        }
        for (var i = 0; i < due.Length; i++)
        {
            var payload = due[i];
            due[i] = default; // the buffer does not keep a fired target alive
            payload.Target.OnTimer(hub, payload.Token);
        }
    }

    /// <summary>Drops every cancelled entry and restores the heap order; returns the timers left (live, or firing now).</summary>
    private int SweepStale()
    {
        Array.Fill(_open, new OpenBucket(0, None)); // tails may go: no bucket takes appends until started anew
        var kept = 0;
        for (var i = 0; i < _heapCount; i++)
        {
            var key = _keys[i];
            var previous = None;
            var node = _heads[key.Bucket];
            while (node != None)
            {
                var next = _next[node];
                ref var payload = ref _payloads[node];
                if (payload.Target.IsTimerLive(payload.Token))
                {
                    if (previous == None)
                    {
                        _heads[key.Bucket] = node;
                    }
                    else
                    {
                        _next[previous] = node;
                    }

                    previous = node;
                }
                else
                {
                    FreeNode(node);
                }

                node = next;
            }

            if (previous == None)
            {
                FreeBucket(key.Bucket);
            }
            else
            {
                _next[previous] = None;
                _tails[key.Bucket] = previous;
                _keys[kept++] = key;
            }
        }

        _heapCount = kept;
        for (var i = (kept - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, _keys[i]);
        }

        AssertInvariants();
        return _count;
    }

    private void Grow()
    {
        var capacity = _payloads.Length * 2;
        Array.Resize(ref _payloads, capacity);
        Array.Resize(ref _next, capacity);
        Array.Resize(ref _freeNodes, capacity);
        Array.Resize(ref _heads, capacity);
        Array.Resize(ref _tails, capacity);
        Array.Resize(ref _freeBuckets, capacity);
        Array.Resize(ref _keys, capacity);
    }

    /// <summary>Takes the top bucket out of the heap, closed to appends, and returns it; its nodes stay chained from its head.</summary>
    private int RemoveTopBucket()
    {
        var top = _keys[0];
        ref var open = ref _open[OpenSlot(top.Deadline)];
        if (open.Bucket == top.Bucket)
        {
            open = new OpenBucket(0, None);
        }

        FreeBucket(top.Bucket);
        var last = _keys[--_heapCount];
        if (_heapCount > 0)
        {
            SiftDown(0, last);
        }

        AssertInvariants();
        return top.Bucket;
    }

    private void FreeNode(int node)
    {
        _payloads[node] = default; // the table does not keep a fired or cancelled target alive
        _freeNodes[_freeNodeCount++] = node;
        _count--;
    }

    // A freed bucket's head is still read once by RemoveTopBucket's caller: nothing reuses it before the caller's next Add.
    private void FreeBucket(int bucket) => _freeBuckets[_freeBucketCount++] = bucket;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpenSlot(long deadline) => (int)((ulong)(deadline * unchecked((long)0x9E3779B97F4A7C15)) >> 58);

    private static OpenBucket[] NewOpenTable()
    {
        var table = new OpenBucket[OpenSlots];
        Array.Fill(table, new OpenBucket(0, None));
        return table;
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
        var count = _heapCount;
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
    /// Debug builds: the counts are within the arrays, the nodes in use and free add up, and no key comes before its
    /// parent. The heap is walked only while it is small (the usual test), so Debug runs with many timers stay fast;
    /// beyond that only the top and its children are checked.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_count >= 0 && _count <= _payloads.Length, "the count is within the node table");
        Debug.Assert(_nodesUsed - _freeNodeCount == _count, "every node handed out is either free or holds one timer");
        Debug.Assert(_heapCount <= _bucketsUsed - _freeBucketCount, "every bucket in the heap is handed out");
        var checkedUpTo = _heapCount <= 64 ? _heapCount : Math.Min(_heapCount, 5);
        for (var i = 0; i < checkedUpTo; i++)
        {
            Debug.Assert(i == 0 || !_keys[i].Before(_keys[(i - 1) >> 2]), "heap order: no key comes before its parent");
        }
    }

    private string DebuggerNextDeadline => _heapCount > 0 ? TimeSpan.FromTicks(_keys[0].Deadline).ToString() : "none";

    /// <summary>Where a bucket stands in the heap: no reference, so moving it costs no write barrier.</summary>
    private readonly record struct Key(long Deadline, long Sequence, int Bucket)
    {
        public bool Before(in Key other) =>
            Deadline < other.Deadline || (Deadline == other.Deadline && Sequence < other.Sequence);
    }

    /// <summary>What a timer fires: its target and the token that tells whether it is still live.</summary>
    internal readonly record struct Payload(ITimerTarget Target, int Token);

    /// <summary>A bucket still open to appends, in the slot of its deadline; <see cref="None"/> for an empty slot.</summary>
    private readonly record struct OpenBucket(long Deadline, int Bucket);
}
