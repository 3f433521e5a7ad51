using System.Diagnostics;
using System.Globalization;
using ReplicatedKv;
using SimulationBench;

// Issue 23's simulation figures, one per mode (wall-clock: run on a quiet machine; benchmarks/simulation/run.sh runs all three):
//   kv         [--seeds 20] [--seconds 1000] [--parallelism 1]   seeds per second of samples/ReplicatedKv's simulation test (fixed version)
//   idle       [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] simulated seconds per wall-clock ms, many greenlets sleeping, in simulation
//   roundtrips [--count 200000]                                  simulated network round trips (1-byte echo over one connection) per wall-clock ms, one hub, one core
return args.FirstOrDefault() switch
{
    "kv" => Kv(),
    "idle" => Idle(),
    "roundtrips" => Trips(),
    _ => Usage(),
};

string Option(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;

int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

double DoubleOption(string name, double fallback) => double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

int Kv()
{
    var seeds = IntOption("--seeds", 20);
    var seconds = DoubleOption("--seconds", 1000);
    var parallelism = IntOption("--parallelism", 1);
    KvSimulation.Explore(Durability.AcknowledgeWhenOnAMajority, 2, firstSeed: 1_000_000, simulatedSeconds: 1, parallelism: 1); // warm-up
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
    IdleWorkload.Run(100, 10, 1); // warm-up
    var (wall, simulated, wakeups) = IdleWorkload.Run(greenlets, seconds, longest);
    Console.WriteLine(FormattableString.Invariant($"idle: {greenlets} greenlets sleeping {longest / 10}-{longest} s, {simulated:F0} simulated s, {wakeups} wake-ups in {wall.TotalMilliseconds:F0} ms wall: {simulated / wall.TotalMilliseconds:F2} simulated s per wall ms, {wakeups / wall.TotalMilliseconds:F0} wake-ups per wall ms"));
    return 0;
}

int Trips()
{
    var count = IntOption("--count", 200_000);
    RoundTrips.Run(1000); // warm-up
    var (wall, simulated) = RoundTrips.Run(count);
    Console.WriteLine(FormattableString.Invariant($"roundtrips: {count} in {wall.TotalMilliseconds:F0} ms wall ({simulated:F1} simulated s): {count / wall.TotalMilliseconds:F1} round trips per wall ms"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SimulationBench kv [--seeds 20] [--seconds 1000] [--parallelism 1] | idle [--greenlets 10000] [--seconds 1000] [--longest-sleep 100] | roundtrips [--count 200000]");
    return 2;
}
