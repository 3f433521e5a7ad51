using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// The hub's timers: a 4-ary min-heap ordered by (deadline, sequence), so timers due at the same instant fire in the
/// order they were started. Cancellation is lazy: a target's token moves on and its stale entry is dropped when it
/// reaches the top. Stale entries of long timeouts (a keep-alive wait cancelled by the next request) would otherwise
/// pile up until their deadlines: a full table first sweeps them out, and grows only when at least half of it is live,
/// so it holds at most about twice the live timers and the sweep costs O(1) per timer, amortized.
/// In simulation, the timers due at one instant fire in an order drawn from the seed instead, and the late timer fault
/// may push a deadline back.
/// </summary>
/// <remarks>
/// <para>
/// The heap holds only keys (deadline, sequence, node), with no reference in them: moving one is a plain copy, where
/// an entry holding its target would pay a GC write barrier at every level. The targets wait in nodes of their own.
/// The heap is 4-ary: half as many levels as a binary one, each a single cache line of keys.
/// </para>
/// <para>
/// In simulation, timers that share a deadline share one key (a bucket): the virtual clock's sleepers, woken in one
/// pass, start their next sleeps from the same instant, so thousands of timers fall on a few deadlines, and each costs
/// an append and a list step instead of a heap push and pop. A key then names the first node of its bucket's chain
/// (<c>_next</c>); a small table of the buckets still open to appends, indexed by the deadline, finds a bucket's last
/// node. A deadline whose slot holds another bucket starts a new bucket (it replaces the slot), so only the newest
/// bucket of a deadline is appended to. The default hub has no buckets: on the real clock deadlines rarely collide,
/// and there the table would cost every timed wait its lookup (about 2% of a timed queue wait) for nothing.
/// </para>
/// </remarks>
[DebuggerDisplay("Count = {_count}, keys = {_heapCount}, next = {DebuggerNextDeadline}")]
internal sealed class TimerHeap(Simulation? simulation = null)
{
    private const int InitialCapacity = 64;
    private const int OpenSlots = 64; // a power of two
    private const int None = -1;

    private readonly Simulation? _simulation = simulation;
    private readonly OpenBucket[]? _open = simulation is null ? null : NewOpenTable(); // simulation only

    // Nodes: one per timer; in simulation, chained in their bucket by _next (unread by the default hub).
    private Payload[] _payloads = new Payload[InitialCapacity];
    private int[] _next = new int[InitialCapacity];
    private int[] _freeNodes = new int[InitialCapacity];
    private int _freeNodeCount;
    private int _nodesUsed; // nodes handed out at least once
    private int _count; // nodes holding a timer (live or stale)

    private Key[] _keys = new Key[InitialCapacity]; // never more keys than nodes
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

        var node = _freeNodeCount > 0 ? _freeNodes[--_freeNodeCount] : _nodesUsed++;
        _payloads[node] = new Payload(target, token);
        _count++;
        if (_simulation is null)
        {
            SiftUp(_heapCount++, new Key(deadline, _sequence++, node));
        }
        else
        {
            AddSimulated(_simulation.LateTimerTicks == 0 ? deadline : deadline + _simulation.TimerDelay(), node);
        }

        AssertInvariants();
    }

    /// <summary>Drops cancelled entries from the top and returns the earliest live deadline.</summary>
    public bool TryPeekLive(out long deadline)
    {
        while (_heapCount > 0)
        {
            ref var top = ref _keys[0];
            var node = top.Node;
            ref var payload = ref _payloads[node];
            if (payload.Target.IsTimerLive(payload.Token))
            {
                AssertInvariants();
                deadline = top.Deadline;
                return true;
            }

            if (_simulation is null)
            {
                FreeNode(RemoveTop());
            }
            else if (_next[node] is var next and not None)
            {
                top = top with { Node = next }; // the bucket's next timer; its key keeps its place
                FreeNode(node);
            }
            else
            {
                FreeNode(RemoveTopBucket());
            }
        }

        AssertInvariants();
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

            // The key leaves the heap before its timer fires: the target may start another.
            var node = RemoveTop();
            var payload = _payloads[node];
            FreeNode(node);
            AssertInvariants();
            payload.Target.OnTimer(hub, payload.Token);
        }

        AssertInvariants();
        return lateness;
    }

    /// <summary>Simulation: appends <paramref name="node"/> to the open bucket of <paramref name="deadline"/>, or starts a bucket.</summary>
    private void AddSimulated(long deadline, int node)
    {
        _next[node] = None;
        ref var open = ref _open![OpenSlot(deadline)];
        if (open.Deadline == deadline && open.Tail != None)
        {
            _next[open.Tail] = node;
            open = open with { Tail = node };
        }
        else
        {
            var sequence = _sequence++;
            open = new OpenBucket(deadline, sequence, node);
            SiftUp(_heapCount++, new Key(deadline, sequence, node));
        }
    }

    /// <summary>Simulation: takes every bucket due at <paramref name="deadline"/> and fires their timers in a seeded order.</summary>
    /// <remarks>
    /// When every timer of the instant wakes a parked greenlet, their order only decides the order those greenlets
    /// join the ready queue, and the next pass is shuffled as a whole (<see cref="Simulation.ArrangePass"/>), so a
    /// shuffle here would draw for nothing: the instant's thousands of sleepers are shuffled once, not twice. A lone
    /// timer (a network delivery, a timeout) fires at once: a shuffle of one draws nothing.
    /// </remarks>
    private void FireInstantShuffled(Hub hub, long deadline)
    {
        var node = RemoveTopBucket();
        if (_next[node] == None && (_heapCount == 0 || _keys[0].Deadline != deadline))
        {
            ref var lone = ref _payloads[node];
            var (target, token) = (lone.Target, lone.Token);
            FreeNode(node);
            target.OnTimer(hub, token);
            return;
        }

        FireShuffled(hub, deadline, node);
    }

    /// <summary>The timers of an instant with more than one, from <paramref name="node"/>, the first of the top bucket taken out.</summary>
    /// <remarks>Apart from the lone timer's path: its locals and loop would cost every network delivery their frame set-up.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FireShuffled(Hub hub, long deadline, int node)
    {
        var count = 0;
        var onlyWakeUps = true;
        while (true)
        {
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

            if (_heapCount == 0 || _keys[0].Deadline != deadline)
            {
                break;
            }

            node = RemoveTopBucket();
        }

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
        var kept = _simulation is null ? SweepStaleKeys() : SweepStaleBuckets();
        _heapCount = kept;
        for (var i = (kept - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, _keys[i]);
        }

        AssertInvariants();
        return _count;
    }

    /// <summary>One timer per key: keeps the live keys at the front; returns how many.</summary>
    private int SweepStaleKeys()
    {
        var kept = 0;
        for (var i = 0; i < _heapCount; i++)
        {
            var key = _keys[i];
            ref var payload = ref _payloads[key.Node];
            if (payload.Target.IsTimerLive(payload.Token))
            {
                _keys[kept++] = key;
            }
            else
            {
                FreeNode(key.Node);
            }
        }

        return kept;
    }

    /// <summary>Simulation: drops the cancelled timers from each bucket's chain, and the emptied buckets; returns the buckets kept.</summary>
    private int SweepStaleBuckets()
    {
        Array.Fill(_open!, new OpenBucket(0, 0, None)); // tails may go: no bucket takes appends until started anew
        var kept = 0;
        for (var i = 0; i < _heapCount; i++)
        {
            var key = _keys[i];
            var head = None;
            var previous = None;
            var node = key.Node;
            while (node != None)
            {
                var next = _next[node];
                ref var payload = ref _payloads[node];
                if (payload.Target.IsTimerLive(payload.Token))
                {
                    if (previous == None)
                    {
                        head = node;
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

            if (head != None)
            {
                _next[previous] = None;
                _keys[kept++] = key with { Node = head };
            }
        }

        return kept;
    }

    private void Grow()
    {
        var capacity = _payloads.Length * 2;
        Array.Resize(ref _payloads, capacity);
        Array.Resize(ref _next, capacity);
        Array.Resize(ref _freeNodes, capacity);
        Array.Resize(ref _keys, capacity);
    }

    /// <summary>Takes the top key out of the heap and returns its node.</summary>
    private int RemoveTop()
    {
        var node = _keys[0].Node;
        var last = _keys[--_heapCount];
        if (_heapCount > 0)
        {
            SiftDown(0, last);
        }

        return node; // counted until the caller frees it, so the invariants are checked after that
    }

    /// <summary>
    /// Simulation: takes the top bucket out of the heap, closed to appends (a timer started while it fires joins a new
    /// one), and returns the first node of its chain.
    /// </summary>
    private int RemoveTopBucket()
    {
        ref var top = ref _keys[0];
        ref var open = ref _open![OpenSlot(top.Deadline)];
        if (open.Sequence == top.Sequence)
        {
            open = new OpenBucket(0, 0, None);
        }

        return RemoveTop();
    }

    private void FreeNode(int node)
    {
        _payloads[node] = default; // the table does not keep a fired or cancelled target alive
        _freeNodes[_freeNodeCount++] = node;
        _count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpenSlot(long deadline) => (int)((ulong)(deadline * unchecked((long)0x9E3779B97F4A7C15)) >> 58);

    private static OpenBucket[] NewOpenTable()
    {
        var table = new OpenBucket[OpenSlots];
        Array.Fill(table, new OpenBucket(0, 0, None));
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
        Debug.Assert(_heapCount <= _count, "every key names at least one node");
        Debug.Assert(_simulation is not null || _heapCount == _count, "without simulation, one key per timer");
        var checkedUpTo = _heapCount <= 64 ? _heapCount : Math.Min(_heapCount, 5);
        for (var i = 0; i < checkedUpTo; i++)
        {
            Debug.Assert(_payloads[_keys[i].Node].Target is not null, "every key's node holds a target");
            Debug.Assert(i == 0 || !_keys[i].Before(_keys[(i - 1) >> 2]), "heap order: no key comes before its parent");
        }
    }

    private string DebuggerNextDeadline => _heapCount > 0 ? TimeSpan.FromTicks(_keys[0].Deadline).ToString() : "none";

    /// <summary>Where a timer (in simulation, a bucket's first timer) stands in the heap: no reference, so moving it costs no write barrier.</summary>
    private readonly record struct Key(long Deadline, long Sequence, int Node)
    {
        public bool Before(in Key other) =>
            Deadline < other.Deadline || (Deadline == other.Deadline && Sequence < other.Sequence);
    }

    /// <summary>What a timer fires: its target and the token that tells whether it is still live.</summary>
    internal readonly record struct Payload(ITimerTarget Target, int Token);

    /// <summary>Simulation: a bucket still open to appends, in the slot of its deadline; its key's sequence names it, <see cref="None"/> for an empty slot.</summary>
    private readonly record struct OpenBucket(long Deadline, long Sequence, int Tail);
}
