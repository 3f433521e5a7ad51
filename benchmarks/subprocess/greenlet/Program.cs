using System.Diagnostics;
using Greenlets;

// Usage: subprocess-bench [count] [concurrency]. Prints one RESULT line per workload, in round trips per second.
var count = args.Length > 0 ? int.Parse(args[0]) : 2000;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 32;
using var hub = Hub.Install(HubClock.Monotonic());

Measure("sequential", () =>
{
    for (var i = 0; i < count; i++)
    {
        Check(EchoHi.Once());
    }
});

Measure($"concurrent-{concurrency}", () =>
{
    var pool = new Pool(concurrency);
    for (var i = 0; i < count; i++)
    {
        pool.Spawn(EchoHi.Once);
    }

    pool.Join();
});

void Measure(string workload, Action run)
{
    var clock = Stopwatch.StartNew();
    run();
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"RESULT peer=greenlet workload={workload} unit=round-trips/s value={count / seconds:F0}");
}

static void Check(string output)
{
    if (output != "hi\n")
    {
        throw new InvalidOperationException($"unexpected output {output}");
    }
}

internal static partial class EchoHi
{
    [Greenlet]
    public static string Once() => GreenProcess.Run(["echo", "hi"]).StdoutText!;
}
