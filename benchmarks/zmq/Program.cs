using System.Globalization;
using Greenlets.ZmqBenchmarks;

// Usage: Greenlet.ZmqBenchmarks [greenlet|blocking|all] [workload-transport, e.g. reqrep-inproc] [--quick]
// Prints: RESULT peer=<greenlet|blocking-libzmq> workload=<reqrep|pushpull>-<inproc|tcp> value=<number> unit=<ops/s|cpu-us/op>
// Each figure: one warm-up run at N/10 (the JIT tiers up), then the median of three runs at N.
var quick = args.Contains("--quick");
var positional = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray();
var which = positional.ElementAtOrDefault(0) ?? "all";
var only = positional.ElementAtOrDefault(1);
#if DEBUG
Console.Error.WriteLine("Run the benchmarks with -c Release.");
return 1;
#else
var sizes = new Dictionary<string, int>
{
    ["reqrep"] = quick ? 2_000 : 100_000,
    ["pushpull"] = quick ? 20_000 : 1_000_000,
};

foreach (var workload in new[] { "reqrep", "pushpull" })
{
    foreach (var transport in new[] { "inproc", "tcp" })
    {
        if (only is not null && only != $"{workload}-{transport}")
        {
            continue;
        }

        var count = sizes[workload];
        if (which is "greenlet" or "all")
        {
            Report("greenlet", workload, transport, Median(n => GreenletWorkloads.Run(workload, transport, n), count));
        }

        if (which is "blocking" or "all")
        {
            Report("blocking-libzmq", workload, transport, Median(n => BlockingWorkloads.Run(workload, transport, n), count));
        }
    }
}

return 0;

static Measurement Median(Func<int, Measurement> run, int count)
{
    run(Math.Max(1, count / 10));
    var runs = new[] { run(count), run(count), run(count) };
    return new Measurement(
        runs.Select(m => m.OpsPerSecond).Order().ElementAt(1),
        runs.Select(m => m.CpuMicrosecondsPerOp).Order().ElementAt(1));
}

static void Report(string peer, string workload, string transport, Measurement figures)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT peer={peer} workload={workload}-{transport} value={figures.OpsPerSecond:F0} unit=ops/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT peer={peer} workload={workload}-{transport} value={figures.CpuMicrosecondsPerOp:F2} unit=cpu-us/op"));
}
#endif
