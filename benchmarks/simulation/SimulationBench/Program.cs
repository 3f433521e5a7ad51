using System.Diagnostics;
using System.Globalization;
using ReplicatedKv;
using SimulationBench;

// Issue 23's simulation figures, one per mode (wall-clock: run on a quiet machine; benchmarks/simulation/run.sh runs all three):
//   kv         [--seeds 20] [--seconds 1000] [--parallelism 1]   seeds per second of samples/ReplicatedKv's simulation test (fixed version)
//   idle       [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] simulated seconds per wall-clock ms, many greenlets sleeping, in simulation
//   roundtrips [--count 200000] [--from-main]                    simulated network round trips (1-byte echo over one connection) per wall-clock ms, one hub, one core
// Each mode first runs a smaller copy of its workload until the JIT has had half a second (--warm-up-ms) to settle on
// its optimized code: the figures are the steady state a long seed exploration runs in. Bytes allocated per wake-up or
// per round trip are printed too: unlike time, they do not depend on the machine's load.
return args.FirstOrDefault() switch
{
    "kv" => Kv(),
    "idle" => Idle(),
    "roundtrips" => Trips(),
    _ => Usage(),
};

string Option(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;

bool Flag(string name) => Array.IndexOf(args, name) >= 0;

// Runs the workload's small copy until the warm-up time has passed: tiered compilation promotes hot code after 30 calls
// and a quiet spell, so a run shorter than that measures partly unoptimized code.
// With --warm-up-runs N, exactly N runs instead: the same work every time, so `perf stat -e instructions` of two runs
// that differ only in the measured size gives the instructions per operation, whatever the machine's load.
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

    var until = Stopwatch.StartNew();
    var budget = TimeSpan.FromMilliseconds(IntOption("--warm-up-ms", 500));
    do
    {
        once();
    }
    while (until.Elapsed < budget);
}

int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

double DoubleOption(string name, double fallback) => double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

int Kv()
{
    var seeds = IntOption("--seeds", 20);
    var seconds = DoubleOption("--seconds", 1000);
    var parallelism = IntOption("--parallelism", 1);
    WarmUp(() => KvSimulation.Explore(Durability.AcknowledgeWhenOnAMajority, 2, firstSeed: 1_000_000, simulatedSeconds: 20, parallelism: 1));
    var clock = Stopwatch.StartNew();
    var result = KvSimulation.Explore(Durability.AcknowledgeWhenOnAMajority, seeds, simulatedSeconds: seconds, parallelism: parallelism);
    clock.Stop();
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
    var (wall, simulated, wakeups, allocated) = IdleWorkload.Run(greenlets, seconds, longest);
    Console.WriteLine(FormattableString.Invariant($"idle: {greenlets} greenlets sleeping {longest / 10}-{longest} s, {simulated:F0} simulated s, {wakeups} wake-ups in {wall.TotalMilliseconds:F0} ms wall: {simulated / wall.TotalMilliseconds:F2} simulated s per wall ms, {wakeups / wall.TotalMilliseconds:F0} wake-ups per wall ms, {(double)allocated / wakeups:F1} B allocated per wake-up (spawns included)"));
    return 0;
}

int Trips()
{
    var count = IntOption("--count", 200_000);
    var fromMain = Flag("--from-main");
    WarmUp(() => RoundTrips.Run(10_000, fromMain));
    var (wall, simulated, allocated) = RoundTrips.Run(count, fromMain);
    Console.WriteLine(FormattableString.Invariant($"roundtrips ({(fromMain ? "main" : "a greenlet")} as the client): {count} in {wall.TotalMilliseconds:F0} ms wall ({simulated:F1} simulated s): {count / wall.TotalMilliseconds:F1} round trips per wall ms, {(double)allocated / count:F1} B allocated per round trip"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SimulationBench kv [--seeds 20] [--seconds 1000] [--parallelism 1] | idle [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] | roundtrips [--count 200000] [--from-main]; any mode: [--warm-up-ms 500 | --warm-up-runs N]");
    return 2;
}
