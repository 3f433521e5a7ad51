using System.Diagnostics;
using System.Globalization;

namespace Greenlets.Benchmarks;

/// <summary>
/// The workloads of benchmarks/side-by-side.sh, timed by hand the way the peers in benchmarks/peers/ are:
/// a warm-up of at least half a second at N/10, then the median of three runs at N, wall-clock around the loop. Prints
/// <c>RESULT peer=greenlet workload=&lt;name&gt; value=&lt;number&gt; unit=&lt;unit&gt;</c> lines.
/// </summary>
/// <remarks>
/// Every workload runs on a fresh hub with the real (monotonic) clock, the clock a program gets by default and
/// the only fair one next to the peers. The hub is per thread, and all of this runs on the main thread.
/// </remarks>
internal static class SideBySide
{
    public static int Run(bool quick)
    {
        var sizes = Sizes.For(quick);

        Report("switch", OnFreshHub(() => Median(Switch, sizes.Switch)), "ns/op");
        Report("spawn-join", OnFreshHub(() => Median(n => SpawnJoinInGreenlet(n).Ns, sizes.Spawn)), "ns/op");
        Report("memory-per-waiter", OnFreshHub(() => MemoryPerEventWaiter(sizes.Waiters)), "bytes/task");
        Report("event-handoff", OnFreshHub(() => Median(EventHandoff, sizes.Handoff)), "ns/op");
        Report("queue", OnFreshHub(() => Median(Queue, sizes.Queue)), "ns/op");

        // Greenlet-only workloads: extra rows in the side-by-side table.
        Report("event-handoff-reused", OnFreshHub(() => Median(EventHandoffReused, sizes.Handoff)), "ns/op");
        Report("memory-per-waiter-join", OnFreshHub(() => MemoryPerJoinWaiter(sizes.Waiters)), "bytes/task");
        Report("memory-per-waiter-queue", OnFreshHub(() => MemoryPerQueueWaiter(sizes.Waiters)), "bytes/task");
        Report("bytes-per-switch", OnFreshHub(() => BytesPerSwitch(sizes.Switch)), "bytes/op", "F3");
        Report("spawn-join-bytes", OnFreshHub(() => SpawnJoinInGreenlet(sizes.Spawn).Bytes), "bytes/op", "F3");
        Report("spawn-join-main", OnFreshHub(() => Median(SpawnJoinFromMain, sizes.Spawn)), "ns/op");
        Report("nested-call", OnFreshHub(() => Median(n => NestedCall(n).Ns, sizes.Nested)), "ns/op");
        Report("nested-call-bytes", OnFreshHub(() => NestedCall(sizes.Nested).Bytes), "bytes/op", "F3");
        return 0;
    }

    private static void Report(string workload, double value, string unit, string format = "F1") =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT peer=greenlet workload={workload} value={value.ToString(format, CultureInfo.InvariantCulture)} unit={unit}"));

    internal static T OnFreshHub<T>(Func<T> workload)
    {
        using (Hub.Install(HubClock.Monotonic()))
        {
            return workload();
        }
    }

    private static double NsPer(long startTimestamp, long ops) =>
        (Stopwatch.GetTimestamp() - startTimestamp) * 1e9 / Stopwatch.Frequency / ops;

    /// <summary>
    /// Warm-up at n/10 for at least half a second, then a pause, so the tiered JIT has promoted the hot methods
    /// (it waits for 100 ms without new tier-0 calls); then the median of three runs. A single short warm-up left
    /// some runs measuring tier-0 code: the same workload then varied threefold from run to run.
    /// </summary>
    private static double Median(Func<int, double> run, int n)
    {
        var warmUpStart = Stopwatch.GetTimestamp();
        do
        {
            run(Math.Max(1, n / 10));
        }
        while (Stopwatch.GetElapsedTime(warmUpStart) < TimeSpan.FromMilliseconds(500));

        Thread.Sleep(200);
        double[] runs = [run(n), run(n), run(n)];
        Array.Sort(runs);
        return runs[1];
    }

    /// <summary>switch: two greenlets each <c>Sleep(0)</c> n times; ns per switch (total / 2n).</summary>
    internal static double Switch(int n)
    {
        var start = Stopwatch.GetTimestamp();
        var a = Greenlet.Spawn(Work.PingPong, n);
        var b = Greenlet.Spawn(Work.PingPong, n);
        Greenlet.JoinAll(a, b);
        var result = NsPer(start, 2L * n);
        Check(a.Value == n && b.Value == n, "switch");
        return result;
    }

    /// <summary>bytes-per-switch: managed bytes allocated per <c>Sleep(0)</c> switch, after a warm-up run.</summary>
    internal static double BytesPerSwitch(int n)
    {
        CountSwitchBytes(n / 10); // warm-up: the counting loop itself gets tiered up too
        return CountSwitchBytes(n) / (2.0 * n);

        static long CountSwitchBytes(int n)
        {
            var counting = Greenlet.Spawn(Work.PingPongCountingBytes, n);
            var partner = Greenlet.Spawn(Work.PingPong, n);
            Greenlet.JoinAll(counting, partner);
            Check(counting.IsSuccessful && partner.Value == n, "bytes-per-switch");
            return counting.Value;
        }
    }

    /// <summary>
    /// spawn-join, as a greenlet does it: a driver greenlet spawns <see cref="Work.Answer"/> and gets its value
    /// n times. Each round is a spawn, a park of the driver, a switch to the child, the child's death waking
    /// the driver, and a switch back.
    /// </summary>
    internal static (double Ns, double Bytes) SpawnJoinInGreenlet(int n)
    {
        var start = Stopwatch.GetTimestamp();
        var (sum, bytes) = Greenlet.Spawn(Work.SpawnJoinLoop, n).Get();
        var ns = NsPer(start, n);
        Check(sum == 42L * n, "spawn-join");
        return (ns, bytes / (double)n);
    }

    /// <summary>spawn-join-main: the same from plain code, where each Get blocks the main greenlet by running the hub.</summary>
    internal static double SpawnJoinFromMain(int n)
    {
        long sum = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            sum += Greenlet.Spawn(Work.Answer).Get();
        }

        var result = NsPer(start, n);
        Check(sum == 42L * n, "spawn-join-main");
        return result;
    }

    /// <summary>nested-call: a greenlet calls a [Greenlet] method that completes without suspending, n times.</summary>
    internal static (double Ns, double Bytes) NestedCall(int n)
    {
        var start = Stopwatch.GetTimestamp();
        var (sum, bytes) = Greenlet.Spawn(Work.NestedLoop, n).Get();
        var ns = NsPer(start, n);
        Check(sum == (long)n * (n + 1) / 2, "nested-call");
        return (ns, bytes / (double)n);
    }

    /// <summary>
    /// memory-per-waiter-join: m greenlets each park in <c>Join()</c> on one shared greenlet that never finishes
    /// (it sleeps for a year). Managed heap growth (<c>GC.GetTotalMemory(true)</c>) per parked greenlet; the
    /// array holding their handles is allocated before the baseline, as in the peers. Then every waiter is
    /// killed with <c>KillAll</c> and checked dead.
    /// </summary>
    internal static double MemoryPerJoinWaiter(int m)
    {
        var waiters = new Greenlet[m];
        var blocker = Greenlet.Spawn(Work.Forever);
        Greenlet.Sleep(0); // the blocker starts and parks on its timer
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < m; i++)
        {
            waiters[i] = Greenlet.Spawn(Work.Waiter, blocker);
        }

        Greenlet.Sleep(0); // every waiter runs up to its Join and parks; main continues after the last one
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Check(Array.TrueForAll(waiters, w => w.State == GreenletState.Parked) && blocker.State == GreenletState.Parked, "memory-per-waiter-join (parked)");

        Greenlet.KillAll(waiters);
        Check(Array.TrueForAll(waiters, w => w.IsDead && w.IsSuccessful), "memory-per-waiter-join (killed)");
        blocker.Kill();
        Check(blocker.IsDead, "memory-per-waiter-join (blocker killed)");
        return (after - before) / (double)m;
    }

    /// <summary>
    /// memory-per-waiter: m greenlets each park in <c>Event.Wait()</c> on one shared <see cref="Event"/>, as the peers
    /// park theirs on one shared primitive (gevent's Event, Go's channel, .NET's TaskCompletionSource). Managed heap
    /// growth (<c>GC.GetTotalMemory(true)</c>) per parked greenlet, the handle array allocated before the baseline;
    /// then the event is set and all are joined.
    /// </summary>
    internal static double MemoryPerEventWaiter(int m)
    {
        var waiters = new Greenlet[m];
        var release = new Event();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < m; i++)
        {
            waiters[i] = Greenlet.Spawn(Work.EventWaiter, release);
        }

        Greenlet.Sleep(0); // every waiter runs up to its Wait and parks
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Check(Array.TrueForAll(waiters, w => w.State == GreenletState.Parked), "memory-per-waiter (parked)");

        release.Set();
        Greenlet.JoinAll(waiters);
        Check(Array.TrueForAll(waiters, w => w.IsDead && w.IsSuccessful), "memory-per-waiter (released)");
        return (after - before) / (double)m;
    }

    /// <summary>
    /// memory-per-waiter-queue: the same, parked in <c>Get()</c> on one shared empty <see cref="GreenQueue{T}"/> of
    /// int; then m items are put, one for each, and all are joined.
    /// </summary>
    internal static double MemoryPerQueueWaiter(int m)
    {
        var waiters = new Greenlet<int>[m];
        var queue = new GreenQueue<int>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < m; i++)
        {
            waiters[i] = Greenlet.Spawn(Work.QueueWaiter, queue);
        }

        Greenlet.Sleep(0);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Check(Array.TrueForAll(waiters, w => w.State == GreenletState.Parked), "memory-per-waiter-queue (parked)");

        for (var i = 0; i < m; i++)
        {
            queue.Put(i);
        }

        Greenlet.JoinAll(waiters);
        Check(waiters.Sum(w => (long)w.Value) == (long)m * (m - 1) / 2, "memory-per-waiter-queue (every item taken once)");
        return (after - before) / (double)m;
    }

    /// <summary>
    /// event-handoff: two greenlets pass a counter back and forth n times through <see cref="AsyncResult{T}"/>s,
    /// a fresh one per handoff; ns per one-way handoff (total / 2n).
    /// </summary>
    internal static double EventHandoff(int n)
    {
        var handoff = new Handoff();
        return TimedRoundTrips(n, "event-handoff", () => (Greenlet.Spawn(Work.Pong, handoff, n), Greenlet.Spawn(Work.Ping, handoff, n)));
    }

    /// <summary>
    /// event-handoff-reused: the same round trips through two <see cref="Event"/>s that are set, waited for and
    /// cleared again, with no allocation per handoff (Go's peer reuses its two channels the same way); ns per one-way handoff.
    /// </summary>
    internal static double EventHandoffReused(int n)
    {
        var pair = new EventPair();
        return TimedRoundTrips(n, "event-handoff-reused", () => (Greenlet.Spawn(Work.PongEvents, pair, n), Greenlet.Spawn(Work.PingEvents, pair, n)));
    }

    /// <summary>
    /// Times n round trips between the two greenlets <paramref name="spawn"/> starts (the answering side first), from
    /// before the spawns to the end of the sending side; ns per one-way handoff. Both must return n.
    /// </summary>
    private static double TimedRoundTrips(int n, string workload, Func<(Greenlet<int> Pong, Greenlet<int> Ping)> spawn)
    {
        var start = Stopwatch.GetTimestamp();
        var (pong, ping) = spawn();
        var value = ping.Get();
        var result = NsPer(start, 2L * n);
        pong.Join();
        Check(value == n && pong.Value == n, workload);
        return result;
    }

    /// <summary>
    /// queue-timeout: a producer and a consumer through a <see cref="GreenQueue{T}"/> of 1, the consumer's gets with a
    /// timeout: the cost of a wait with a timeout (a timer started and cancelled), as every socket wait of a server
    /// pays; ns per item.
    /// </summary>
    internal static double QueueWithTimeout(int n)
    {
        var queue = new GreenQueue<int>(1);
        var start = Stopwatch.GetTimestamp();
        var producer = Greenlet.Spawn(Work.Produce, queue, n);
        var consumer = Greenlet.Spawn(Work.ConsumeWithTimeout, queue, n);
        var sum = consumer.Get();
        var result = NsPer(start, n);
        producer.Join();
        Check(sum == (long)n * (n - 1) / 2, "queue-timeout");
        return result;
    }

    /// <summary>queue: one producer greenlet, one consumer greenlet, a <see cref="GreenQueue{T}"/> of 100; ns per item.</summary>
    internal static double Queue(int n)
    {
        var queue = new GreenQueue<int>(100);
        var start = Stopwatch.GetTimestamp();
        var producer = Greenlet.Spawn(Work.Produce, queue, n);
        var consumer = Greenlet.Spawn(Work.Consume, queue, n);
        var sum = consumer.Get();
        var result = NsPer(start, n);
        producer.Join();
        Check(sum == (long)n * (n - 1) / 2 && producer.Value == n, "queue");
        return result;
    }

    private static void Check(bool condition, string workload)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{workload}: wrong result");
        }
    }
}

/// <summary>Workload sizes: the .NET and Go peers' N for every workload, or the peers' --quick sizes.</summary>
internal readonly record struct Sizes(int Switch, int Spawn, int Waiters, int Handoff, int Queue, int Nested)
{
    public static Sizes For(bool quick) => quick
        ? new(Switch: 20_000, Spawn: 10_000, Waiters: 10_000, Handoff: 10_000, Queue: 10_000, Nested: 100_000)
        : new(Switch: 2_000_000, Spawn: 1_000_000, Waiters: 1_000_000, Handoff: 1_000_000, Queue: 1_000_000, Nested: 10_000_000);
}
