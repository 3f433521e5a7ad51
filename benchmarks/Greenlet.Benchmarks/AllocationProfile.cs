using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Greenlets.Benchmarks;

/// <summary>
/// Where the bytes go: runs each side-by-side workload once under an <see cref="EventListener"/> on the runtime's
/// GC AllocationTick event and prints, per workload, the allocated bytes by type. The event fires about every
/// 100 KB allocated and names the type whose allocation crossed the threshold, so this is a sample: good for
/// "what dominates", not for exact byte counts (the bytes-per-* workloads give those).
/// </summary>
internal static class AllocationProfile
{
    public static int Run(bool quick)
    {
        var sizes = Sizes.For(quick);
        (int nSwitch, int nSpawn, int mWaiters, int nNested) = (sizes.Switch, sizes.Spawn, sizes.Waiters, sizes.Nested);

        // Warm everything up first, so tiering and first-call allocations stay out of the samples.
        SideBySide.OnFreshHub(() => SideBySide.Switch(nSwitch / 10));
        SideBySide.OnFreshHub(() => SideBySide.SpawnJoinInGreenlet(nSpawn / 10));
        SideBySide.OnFreshHub(() => SideBySide.SpawnJoinFromMain(nSpawn / 10));
        SideBySide.OnFreshHub(() => SideBySide.NestedCall(nNested / 10));
        SideBySide.OnFreshHub(() => SideBySide.EventHandoff(sizes.Handoff / 10));
        SideBySide.OnFreshHub(() => SideBySide.Queue(sizes.Queue / 10));

        using var listener = new AllocationTickListener();
        Profile(listener, "switch", 2L * nSwitch, () => SideBySide.Switch(nSwitch));
        Profile(listener, "spawn-join", nSpawn, () => SideBySide.SpawnJoinInGreenlet(nSpawn));
        Profile(listener, "spawn-join-main", nSpawn, () => SideBySide.SpawnJoinFromMain(nSpawn));
        Profile(listener, "nested-call", nNested, () => SideBySide.NestedCall(nNested));
        Profile(listener, "event-handoff", 2L * sizes.Handoff, () => SideBySide.EventHandoff(sizes.Handoff));
        Profile(listener, "queue", sizes.Queue, () => SideBySide.Queue(sizes.Queue));
        Profile(listener, "memory-per-waiter (spawn, park on an Event, set, join)", mWaiters, () => SideBySide.MemoryPerEventWaiter(mWaiters));
        Profile(listener, "memory-per-waiter-join (spawn, park in Join, kill)", mWaiters, () => SideBySide.MemoryPerJoinWaiter(mWaiters));
        return 0;
    }

    private static void Profile<T>(AllocationTickListener listener, string name, long operations, Func<T> workload)
    {
        listener.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        SideBySide.OnFreshHub(workload);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Thread.Sleep(TimeSpan.FromSeconds(2)); // runtime events reach the listener asynchronously
        var byType = listener.Snapshot();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## {name}: {allocated:N0} bytes allocated on the hub thread, {allocated / (double)operations:F3} per operation"));
        var sampled = byType.Sum(t => t.Bytes);
        foreach (var (type, bytes, ticks) in byType.OrderByDescending(t => t.Bytes).Take(12))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {bytes / (double)sampled,6:P1}  {bytes,14:N0} B  {ticks,7:N0} ticks  {type}"));
        }

        if (byType.Count == 0)
        {
            Console.WriteLine("  (no AllocationTick event: under ~100 KB allocated)");
        }

        Console.WriteLine();
    }

    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly ConcurrentDictionary<string, (long Bytes, long Ticks)> _byType = new();

        public void Reset() => _byType.Clear();

        public List<(string Type, long Bytes, long Ticks)> Snapshot() =>
            [.. _byType.Select(pair => (pair.Key, pair.Value.Bytes, pair.Value.Ticks))];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
            {
                return;
            }

            var names = eventData.PayloadNames!;
            var type = Field(names, eventData.Payload, "TypeName") as string ?? "?";
            var amount = Field(names, eventData.Payload, "AllocationAmount64") is { } big
                ? Convert.ToInt64(big, CultureInfo.InvariantCulture)
                : Convert.ToInt64(Field(names, eventData.Payload, "AllocationAmount") ?? 0, CultureInfo.InvariantCulture);
            _byType.AddOrUpdate(type, (amount, 1), (_, old) => (old.Bytes + amount, old.Ticks + 1));
        }

        private static object? Field(IReadOnlyList<string> names, IReadOnlyList<object?> payload, string name)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == name)
                {
                    return payload[i];
                }
            }

            return null;
        }
    }
}
