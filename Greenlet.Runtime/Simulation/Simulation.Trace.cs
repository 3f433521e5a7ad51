using System.Globalization;
using System.Text;

namespace Greenlets;

// The trace, kept as data: each decision is a compact entry in a ring (its kind, the virtual time, the greenlet ids or
// the drawn order in a buffer the entry keeps for reuse), hashed into the fingerprint as it is recorded, and turned
// into text only when RecentTrace is asked for (a failure's report). Recording a decision formats and allocates nothing.
public sealed partial class Simulation
{
    /// <summary>In a pass entry: a hub callback's slot.</summary>
    private const int CallbackId = -1;

    /// <summary>In a pass entry: the main greenlet.</summary>
    private const int MainId = -2;

    private readonly TraceEntry[] _trace;
    private int _traceNext;
    private long _traceCount;
    private ulong _fingerprint = FingerprintBasis;

    private enum TraceKind : byte
    {
        /// <summary>Unused slot.</summary>
        None,

        /// <summary>"run 3 1 c 2 | held 4": a pass's order; Values are the ids, Extra the count that runs.</summary>
        Pass,

        /// <summary>"io 3 ready, shuffled": one epoll poll's readiness; Extra the count.</summary>
        IoShuffled,

        /// <summary>"{Text} 3 ready, order 2 0 1": a seeded permutation; Values the order.</summary>
        Order,

        /// <summary>"posts 3 from 2 thread(s), order 2 0 1": a drain of posts; Values the order, Extra the thread count.</summary>
        Posts,

        /// <summary>A line recorded by a component or the program (<see cref="Record"/>); Text.</summary>
        Text,
    }

    /// <summary>A hash of every decision and recorded event so far: two runs with equal fingerprints took the same schedule.</summary>
    /// <remarks>Cheaper to compare than a full trace when exploring many seeds. It hashes the decisions as recorded, not their text.</remarks>
    public ulong Fingerprint => _fingerprint;

    /// <summary>How many decisions and events were recorded, including those <see cref="RecentTrace"/> no longer holds.</summary>
    public long TraceCount => _traceCount;

    /// <summary>The most recent decisions and events, oldest first: at most the trace capacity given at installation.</summary>
    /// <returns>One line per decision or event, stamped with its virtual time in microseconds.</returns>
    public IReadOnlyList<string> RecentTrace()
    {
        var lines = new List<string>(_trace.Length);
        var text = new StringBuilder();
        for (var i = 0; i < _trace.Length; i++)
        {
            ref var entry = ref _trace[(_traceNext + i) % _trace.Length];
            if (entry.Kind != TraceKind.None)
            {
                lines.Add(Format(ref entry, text.Clear()));
            }
        }

        return lines;
    }

    internal void RecordLine(string description)
    {
        ref var entry = ref NextEntry(TraceKind.Text, 0);
        entry.Text = description;
        foreach (var c in description)
        {
            Mix(c);
        }
    }

    /// <summary>A pass: <paramref name="entries"/> in the order they run, the first <paramref name="runs"/> of them this pass.</summary>
    private void TracePass(ReadOnlySpan<Greenlet?> entries, int runs)
    {
        ref var entry = ref NextEntry(TraceKind.Pass, runs);
        var values = entry.Reserve(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var id = IdOf(entries[i]);
            values[i] = id;
            Mix((ulong)(uint)id);
        }
    }

    /// <summary>A pass that runs all of its <paramref name="count"/> entries, read in place from the front of the ready queue.</summary>
    private void TracePass(ReadyQueue ready, int count)
    {
        ref var entry = ref NextEntry(TraceKind.Pass, count);
        var values = entry.Reserve(count);
        for (var i = 0; i < count; i++)
        {
            var id = IdOf(ready.FrontAt(i));
            values[i] = id;
            Mix((ulong)(uint)id);
        }
    }

    private static int IdOf(Greenlet? entry) => entry switch
    {
        null => CallbackId,
        MainGreenlet => MainId,
        { } greenlet => greenlet.Id, // read now: a greenlet's id is given the first time it is asked for
    };

    private void TraceIoShuffled(int count) => NextEntry(TraceKind.IoShuffled, count);

    private void TraceOrder(TraceKind kind, string? what, int extra, ReadOnlySpan<int> order)
    {
        ref var entry = ref NextEntry(kind, extra);
        entry.Text = what;
        order.CopyTo(entry.Reserve(order.Length));
        foreach (var index in order)
        {
            Mix((ulong)(uint)index);
        }

        if (what is not null)
        {
            foreach (var c in what)
            {
                Mix(c);
            }
        }
    }

    /// <summary>Takes the ring's next slot for a decision of <paramref name="kind"/> now, and mixes its heading into the fingerprint.</summary>
    private ref TraceEntry NextEntry(TraceKind kind, int extra)
    {
        var ticks = _hub is { } hub ? hub.Now.Ticks : 0;
        ref var entry = ref _trace[_traceNext];
        entry.Kind = kind;
        entry.Ticks = ticks;
        entry.Extra = extra;
        entry.Count = 0;
        entry.Text = null;
        _traceNext = _traceNext + 1 == _trace.Length ? 0 : _traceNext + 1;
        _traceCount++;
        Mix((ulong)kind);
        Mix((ulong)ticks);
        Mix((ulong)(uint)extra);
        return ref entry;
    }

    private void Mix(ulong value) => _fingerprint = (_fingerprint ^ value) * FingerprintPrime;

    private static string Format(ref TraceEntry entry, StringBuilder text)
    {
        text.Append('@').Append((entry.Ticks / 10).ToString(CultureInfo.InvariantCulture)).Append("us ");
        var values = entry.Values.AsSpan(0, entry.Count);
        switch (entry.Kind)
        {
            case TraceKind.Pass:
                text.Append("run");
                for (var i = 0; i < values.Length; i++)
                {
                    if (i == entry.Extra)
                    {
                        text.Append(" | held");
                    }

                    text.Append(' ');
                    _ = values[i] switch
                    {
                        CallbackId => text.Append('c'),
                        MainId => text.Append("main"),
                        var id => text.Append(id.ToString(CultureInfo.InvariantCulture)),
                    };
                }

                break;
            case TraceKind.IoShuffled:
                text.Append("io ").Append(entry.Extra.ToString(CultureInfo.InvariantCulture)).Append(" ready, shuffled");
                break;
            case TraceKind.Order:
                text.Append(entry.Text).Append(' ').Append(values.Length.ToString(CultureInfo.InvariantCulture)).Append(" ready, order");
                AppendValues(text, values);
                break;
            case TraceKind.Posts:
                text.Append("posts ").Append(values.Length.ToString(CultureInfo.InvariantCulture))
                    .Append(" from ").Append(entry.Extra.ToString(CultureInfo.InvariantCulture)).Append(" thread(s), order");
                AppendValues(text, values);
                break;
            case TraceKind.Text:
                text.Append(entry.Text);
                break;
        }

        return text.ToString();
    }

    private static void AppendValues(StringBuilder text, ReadOnlySpan<int> values)
    {
        foreach (var value in values)
        {
            text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>One recorded decision or event. Its buffer of values stays with the slot and is reused as the ring turns.</summary>
    private struct TraceEntry
    {
        public TraceKind Kind;
        public int Extra;
        public int Count;
        public long Ticks;
        public string? Text;
        public int[] Values;

        /// <summary>Room for <paramref name="count"/> values, growing the slot's buffer only when it is too small.</summary>
        public Span<int> Reserve(int count)
        {
            if (Values is null || Values.Length < count)
            {
                Values = new int[Math.Max(count, Math.Max(8, (Values?.Length ?? 0) * 2))];
            }

            Count = count;
            return Values.AsSpan(0, count);
        }
    }
}
