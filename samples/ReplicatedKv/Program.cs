using System.Diagnostics;
using System.Globalization;
using Greenlets;
using ReplicatedKv;

// A primary and two replicas of a small key-value store, with a planted bug (--buggy: the primary acknowledges a
// write before any replica has it) and its fix (the default: a write is acknowledged once a replica has it).
//   dotnet run --project samples/ReplicatedKv -- demo [--buggy] [--port 7101]
//       the store on the real network (loopback): write, crash the primary, fail over, check.
//   dotnet run --project samples/ReplicatedKv -- simulate [--buggy] [--seeds 10000] [--first 0] [--seconds 3]
//       the store in deterministic simulation under many seeds; prints the first failing seed and its trace.
//       GREENLET_SIM_REPLAY=<seed> replays that seed alone.
var buggy = args.Contains("--buggy");
var durability = buggy ? Durability.AcknowledgeBeforeReplicating : Durability.AcknowledgeWhenOnAMajority;
string Option(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
switch (args.FirstOrDefault())
{
    case "simulate":
        var seeds = int.Parse(Option("--seeds", "10000"), CultureInfo.InvariantCulture);
        var first = int.Parse(Option("--first", "0"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Option("--seconds", KvSimulation.DefaultSeconds.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var result = KvSimulation.Explore(durability, seeds, first, seconds);
        clock.Stop();
        Console.WriteLine($"{durability}: {result.SeedsRun} seed(s) of {seconds} simulated seconds in {clock.Elapsed.TotalSeconds:F1} s");
        if (result.Failure is { } failure)
        {
            Console.WriteLine(failure.Describe());
            return 1;
        }

        Console.WriteLine("every acknowledged write survived the failover");
        return 0;
    case "demo":
        return RealNetworkDemo.Run(durability, int.Parse(Option("--port", "7101"), CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine("usage: ReplicatedKv demo [--buggy] [--port 7101] | simulate [--buggy] [--seeds 10000] [--first 0] [--seconds 3]");
        return 2;
}
