using System.Diagnostics;
using System.Globalization;
using ReplicatedKv;
using SimulationBench;

// Issue 23's simulation figures, one per mode (wall-clock: run on a quiet machine; benchmarks/simulation/run.sh runs all three):
//   kv         [--seeds 20] [--seconds 1000] [--parallelism 1]   seeds per second of samples/ReplicatedKv's simulation test (fixed version)
//   idle       [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] simulated seconds per wall-clock ms, many greenlets sleeping, in simulation
//   roundtrips [--count 200000] [--from-main]                    simulated network round trips (1-byte echo over one connection) per wall-clock ms, one hub, one core
// Each mode first runs a smaller copy of its workload until the JIT has settled on its optimized code (see WarmUp):
// the figures are the steady state a long seed exploration runs in. --jit-log prints what the JIT compiled during the
// measured run, and the Greenlet methods left below the optimized tier. Bytes allocated per wake-up or
// per round trip are printed too: unlike time, they do not depend on the machine's load.
using var jitLog = Flag("--jit-log") ? new JitTierLog() : null;
return args.FirstOrDefault() switch
{
    "kv" => Kv(),
    "idle" => Idle(),
    "roundtrips" => Trips(),
    _ => Usage(),
};

string Option(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;

bool Flag(string name) => Array.IndexOf(args, name) >= 0;

// Runs the workload's small copy until the JIT has been quiet for a while (--jit-quiet-ms, default 2,000), and for
// at least --warm-up-ms (default 500). Tiered compilation promotes hot code in steps (quick code, instrumented code,
// optimized code), each after 30 calls and a quiet spell of 100 ms, ten times as long where the process sees one
// core, as under taskset: a fixed half second measured instrumented code there, at an eighth to a twelfth of the speed.
// With --warm-up-runs N, exactly N runs instead: the same work every time, so the instructions of two runs that differ
// only in the measured size give the instructions per operation, whatever the machine's load.
void WarmUp(Action once)
{
    if (IntOption("--warm-up-runs", -1) is var runs and >= 0)
    {
        for (var i = 0; i < runs; i++)
        {
            once();
        }

        return;
    }

    var least = TimeSpan.FromMilliseconds(IntOption("--warm-up-ms", 500));
    var quiet = TimeSpan.FromMilliseconds(IntOption("--jit-quiet-ms", 2000));
    var most = TimeSpan.FromSeconds(60);
    var clock = Stopwatch.StartNew();
    var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
    var lastCompile = TimeSpan.Zero;
    var count = 0;
    while (true)
    {
        once();
        count++;
        if (System.Runtime.JitInfo.GetCompiledMethodCount() is var now && now != compiled)
        {
            compiled = now;
            lastCompile = clock.Elapsed;
        }

        if (clock.Elapsed >= least && clock.Elapsed - lastCompile >= quiet)
        {
            break;
        }

        if (clock.Elapsed >= most)
        {
            Console.Error.WriteLine($"warm-up: the JIT was still compiling after {most.TotalSeconds} s; the figure may be of unoptimized code");
            break;
        }
    }

    Console.Error.WriteLine(FormattableString.Invariant($"warm-up: {count} runs in {clock.Elapsed.TotalSeconds:F1} s, the last compilation at {lastCompile.TotalSeconds:F1} s ({compiled} methods compiled)"));
}

// With --jit-log, what the JIT compiled while the figure was measured: optimized code compiled then means the warm-up
// was too short, and the figure is partly that of unoptimized code.
void ReportJit()
{
    if (jitLog is null)
    {
        return;
    }

    var (measured, lastTier) = jitLog.Stop();
    Console.Error.WriteLine($"jit: {measured.Count} methods compiled during the measured run");
    foreach (var (method, tier) in measured)
    {
        Console.Error.WriteLine($"  {tier}  {method}");
    }

    Console.Error.WriteLine("jit: the Greenlet methods whose last compilation was not fully optimized");
    foreach (var (method, tier) in lastTier.Where(pair => pair.Key.StartsWith("Greenlets", StringComparison.Ordinal) && pair.Value != "tier 4").OrderBy(pair => pair.Key, StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"  {tier}  {method}");
    }
}

int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

double DoubleOption(string name, double fallback) => double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

int Kv()
{
    var seeds = IntOption("--seeds", 20);
    var seconds = DoubleOption("--seconds", 1000);
    var parallelism = IntOption("--parallelism", 1);
    WarmUp(() => KvSimulation.Explore(Durability.AcknowledgeWhenOnAMajority, 2, firstSeed: 1_000_000, simulatedSeconds: 20, parallelism: 1));
    jitLog?.Start();
    var clock = Stopwatch.StartNew();
    var result = KvSimulation.Explore(Durability.AcknowledgeWhenOnAMajority, seeds, simulatedSeconds: seconds, parallelism: parallelism);
    clock.Stop();
    ReportJit();
    if (result.Failure is { } failure)
    {
        Console.Error.WriteLine(failure.Describe());
        return 1;
    }

    Console.WriteLine(FormattableString.Invariant($"kv: {result.SeedsRun} seeds x {seconds} simulated s, parallelism {parallelism}: {clock.Elapsed.TotalSeconds:F2} s wall, {result.SeedsRun / clock.Elapsed.TotalSeconds:F2} seeds/s"));
    return 0;
}

int Idle()
{
    var greenlets = IntOption("--greenlets", 10_000);
    var seconds = DoubleOption("--seconds", 1000);
    var longest = DoubleOption("--longest-sleep", 100);
    WarmUp(() => IdleWorkload.Run(1000, 100, 10));
    jitLog?.Start();
    var (wall, simulated, wakeups, allocated) = IdleWorkload.Run(greenlets, seconds, longest);
    ReportJit();
    Console.WriteLine(FormattableString.Invariant($"idle: {greenlets} greenlets sleeping {longest / 10}-{longest} s, {simulated:F0} simulated s, {wakeups} wake-ups in {wall.TotalMilliseconds:F0} ms wall: {simulated / wall.TotalMilliseconds:F2} simulated s per wall ms, {wakeups / wall.TotalMilliseconds:F0} wake-ups per wall ms, {(double)allocated / wakeups:F1} B allocated per wake-up (spawns included)"));
    return 0;
}

int Trips()
{
    var count = IntOption("--count", 200_000);
    var fromMain = Flag("--from-main");
    WarmUp(() => RoundTrips.Run(10_000, fromMain));
    jitLog?.Start();
    var (wall, simulated, allocated) = RoundTrips.Run(count, fromMain);
    ReportJit();
    Console.WriteLine(FormattableString.Invariant($"roundtrips ({(fromMain ? "main" : "a greenlet")} as the client): {count} in {wall.TotalMilliseconds:F0} ms wall ({simulated:F1} simulated s): {count / wall.TotalMilliseconds:F1} round trips per wall ms, {(double)allocated / count:F1} B allocated per round trip"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SimulationBench kv [--seeds 20] [--seconds 1000] [--parallelism 1] | idle [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] | roundtrips [--count 200000] [--from-main]; any mode: [--warm-up-ms 500] [--jit-quiet-ms 2000] [--warm-up-runs N] [--jit-log]");
    return 2;
}
