namespace Greenlets;

// The hub's choice points, in simulation. The hub calls these only when it runs in simulation, so the default loop
// never reaches them: each costs the default mode one branch on a null field, per loop pass or per timer, not per switch.
public sealed partial class Simulation
{
    private Greenlet?[] _passBuffer = new Greenlet?[16];
    private Greenlet?[] _startOrder = new Greenlet?[16];
    private Greenlet?[] _heldBack = new Greenlet?[16];

    /// <summary>
    /// Orders the <paramref name="count"/> entries at the front of the ready queue for the next pass and returns how
    /// many of them the pass runs; the rest (delayed wake-ups) wait behind it for the next pass.
    /// </summary>
    /// <remarks>
    /// Every order of a pass is one the default loop could also have produced had the wake-ups come in another order,
    /// except for what stays fixed: greenlets not yet started keep their spawn order among themselves (gevent starts
    /// greenlets spawned in a row in that order, and programs rely on it), and hub callbacks keep theirs.
    /// </remarks>
    internal int ArrangePass(ReadyQueue ready, int count)
    {
        if (count == 1 && DelayedWakeProbability == 0)
        {
            // One entry has one order, and no fault can hold it back: nothing to draw, only the decision to record.
            TracePass(ready, 1);
            return 1;
        }

        if (_startOrder.Length < count)
        {
            _startOrder = new Greenlet?[Math.Max(count, _startOrder.Length * 2)];
        }

        // Shuffled in place in the ready queue's ring: no copy out and back for a pass of thousands of wake-ups.
        var starting = 0;
        for (var i = 0; i < count; i++)
        {
            if (ready.FrontAt(i) is { State: GreenletState.Scheduled } entry)
            {
                _startOrder[starting++] = entry;
            }
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = _generator.Next(i + 1);
            ref var a = ref ready.FrontAt(i);
            ref var b = ref ready.FrontAt(j);
            (a, b) = (b, a);
        }

        if (starting > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i++)
            {
                ref var entry = ref ready.FrontAt(i);
                if (entry is { State: GreenletState.Scheduled })
                {
                    entry = _startOrder[next++];
                }
            }
        }

        _startOrder.AsSpan(0, starting).Clear();
        if (DelayedWakeProbability == 0)
        {
            TracePass(ready, count);
            return count;
        }

        if (_passBuffer.Length < count)
        {
            _passBuffer = new Greenlet?[Math.Max(count, _passBuffer.Length * 2)];
        }

        var entries = _passBuffer.AsSpan(0, count);
        ready.CopyFront(entries);
        var runs = HoldBackWakeUps(entries);
        ready.ReplaceFront(entries);
        TracePass(entries, runs);
        entries.Clear();
        return runs;
    }

    /// <summary>The delayed wake-up fault: moves some woken greenlets to the end of the pass, which then stops before them.</summary>
    private int HoldBackWakeUps(Span<Greenlet?> entries)
    {
        var runs = 0;
        var held = 0;
        Span<bool> hold = entries.Length <= 256 ? stackalloc bool[entries.Length] : new bool[entries.Length];
        var delays = FaultRandom(SimulatedFault.DelayedWake);
        for (var i = 0; i < entries.Length; i++)
        {
            hold[i] = entries[i] is { State: GreenletState.Ready } && Draw(delays, DelayedWakeProbability);
            held += hold[i] ? 1 : 0;
        }

        if (held == 0 || held == entries.Length || !InjectFault(SimulatedFault.DelayedWake, held))
        {
            return entries.Length; // holding every entry back would only spin the loop; a suppressed fault holds none
        }

        // A stable partition: the entries that run keep their order, then the ones held back keep theirs.
        if (_heldBack.Length < entries.Length)
        {
            _heldBack = new Greenlet?[Math.Max(entries.Length, _heldBack.Length * 2)];
        }

        var buffer = _heldBack.AsSpan(0, entries.Length);
        var back = entries.Length - held;
        for (var i = 0; i < entries.Length; i++)
        {
            buffer[hold[i] ? back++ : runs++] = entries[i];
        }

        buffer.CopyTo(entries);
        buffer.Clear();
        return runs;
    }

    /// <summary>Puts the timers due at one instant in a seeded order (a Fisher-Yates shuffle) before they fire.</summary>
    internal void ShuffleTimers(Span<TimerHeap.Payload> due)
    {
        for (var i = due.Length - 1; i > 0; i--)
        {
            var j = _generator.Next(i + 1);
            (due[i], due[j]) = (due[j], due[i]);
        }
    }

    /// <summary>The late timer fault: how many ticks past its deadline a new timer fires (0 unless the fault is on for this run).</summary>
    internal long TimerDelay()
    {
        if (LateTimerTicks == 0)
        {
            return 0;
        }

        var stream = FaultRandom(SimulatedFault.LateTimer);
        if (!Draw(stream, 0.25))
        {
            return 0;
        }

        var late = stream.NextInt64(1, LateTimerTicks + 1);
        return InjectFault(SimulatedFault.LateTimer) ? late : 0;
    }

    /// <summary>Shuffles one poll's readiness entries (each <paramref name="entrySize"/> bytes) before they are delivered.</summary>
    internal void ShuffleReadiness(Span<byte> entries, int entrySize)
    {
        var count = entries.Length / entrySize;
        Span<byte> swap = stackalloc byte[entrySize];
        for (var i = count - 1; i > 0; i--)
        {
            var j = _generator.Next(i + 1);
            if (i != j)
            {
                var a = entries.Slice(i * entrySize, entrySize);
                var b = entries.Slice(j * entrySize, entrySize);
                a.CopyTo(swap);
                b.CopyTo(a);
                swap.CopyTo(b);
            }
        }

        if (count > 1)
        {
            TraceIoShuffled(count);
        }
    }

    /// <summary>A seeded permutation of 0..<paramref name="count"/>-1, recorded as "<paramref name="what"/> N ready, order ...".</summary>
    internal int[] Permutation(int count, string what)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = _generator.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        if (count > 1)
        {
            TraceOrder(TraceKind.Order, what, 0, order);
        }

        return order;
    }

    /// <summary>
    /// A seeded interleaving of <paramref name="items"/> (their indexes, in the order to take them) that keeps the
    /// order of the items with the same <paramref name="threadOf"/> key, each interleaving equally likely.
    /// </summary>
    internal int[] InterleaveByThread<T>(List<T> items, Func<T, int> threadOf)
    {
        var order = new int[items.Count];
        if (items.Count < 2)
        {
            return items.Count == 1 ? [0] : order;
        }

        // Each thread's items as a queue of indexes, threads in the order of their first item.
        var queues = new List<Queue<int>>();
        var byThread = new Dictionary<int, Queue<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            var thread = threadOf(items[i]);
            if (!byThread.TryGetValue(thread, out var queue))
            {
                byThread[thread] = queue = new Queue<int>();
                queues.Add(queue);
            }

            queue.Enqueue(i);
        }

        // Drawing the next thread with weight its remaining count makes every interleaving equally likely.
        for (var taken = 0; taken < order.Length; taken++)
        {
            var pick = _generator.Next(order.Length - taken);
            foreach (var queue in queues)
            {
                if (pick < queue.Count)
                {
                    order[taken] = queue.Dequeue();
                    break;
                }

                pick -= queue.Count;
            }
        }

        TraceOrder(TraceKind.Posts, null, queues.Count, order);
        return order;
    }
}
