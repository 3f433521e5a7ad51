using System.Runtime.InteropServices;

namespace Greenlets.Benchmarks;

/// <summary>
/// One workload at one size, after a fixed warm-up, for instruction counting under
/// <c>valgrind --tool=callgrind</c>: the difference between the counts of two sizes, divided by the difference in
/// operations, is the cost per operation in instructions, which other processes on the machine cannot disturb.
/// </summary>
/// <remarks>
/// It also prints the hub thread's CPU time per operation (CLOCK_THREAD_CPUTIME_ID): on a machine shared with busy
/// processes, wall-clock time counts the time this thread waits for a core, and CPU time does not.
/// </remarks>
internal static partial class InstructionCount
{
    private const int ClockThreadCpuTime = 3;
    private const int WarmUpSize = 2_000;
    private const int WarmUpRounds = 40;
    private const int WarmUpPhases = 6;

    /// <summary>Pause after each warm-up phase for the tiered JIT; longer under valgrind (<c>GREENLET_COUNT_PAUSE_MS</c>).</summary>
    private static int PauseMilliseconds() =>
        int.TryParse(Environment.GetEnvironmentVariable("GREENLET_COUNT_PAUSE_MS"), out var ms) && ms >= 0 ? ms : 500;

    private static double SeededSwitch(int n)
    {
        using (Simulation.Install(seed: 1, faults: false))
        {
            return SideBySide.Switch(n);
        }
    }

    public static int Run(string workload, int n)
    {
        Func<int, double> run = workload switch
        {
            "switch" => SideBySide.Switch,
            "switch-seeded" => SeededSwitch, // the same ping-pong on a hub in simulation (docs/simulation.md)
            "spawn-join" => size => SideBySide.SpawnJoinInGreenlet(size).Ns,
            "spawn-join-main" => SideBySide.SpawnJoinFromMain,
            "event-handoff" => SideBySide.EventHandoff,
            "event-handoff-reused" => SideBySide.EventHandoffReused,
            "queue" => SideBySide.Queue,
            "queue-timeout" => SideBySide.QueueWithTimeout,
            "nested-call" => size => SideBySide.NestedCall(size).Ns,
            _ => throw new ArgumentException($"'{workload}' is not a workload: switch, switch-seeded, spawn-join, spawn-join-main, event-handoff, event-handoff-reused, queue, queue-timeout, nested-call."),
        };

        var cpuNs = 0.0;
        var ns = SideBySide.OnFreshHub(() =>
        {
            // A fixed warm-up, whatever n is, so it cancels out of the difference between two sizes. Methods called
            // once per run (the hub loop, JoinAll) go tier 0, instrumented tier 0, tier 1 at 30 calls each, with the
            // JIT's pauses between: phases of rounds, each followed by a pause, bring them all to tier 1.
            for (var phase = 0; phase < WarmUpPhases; phase++)
            {
                for (var round = 0; round < WarmUpRounds; round++)
                {
                    run(WarmUpSize);
                }

                Thread.Sleep(PauseMilliseconds());
            }

            // A marker between the JIT's own output (DOTNET_JitDisasmSummary=1) of the warm-up and of the measured run.
            Console.WriteLine($"{workload}: warm-up done, measuring n={n}");
            AwaitHandshake();
            var cpuBefore = ThreadCpuNanoseconds();
            var wall = n > 0 ? run(n) : 0;
            cpuNs = (ThreadCpuNanoseconds() - cpuBefore) / (double)Math.Max(1, OperationsOf(workload, n));
            Console.WriteLine($"{workload}: measured");
            AwaitHandshake();
            return wall;
        });
        Console.WriteLine($"{workload} n={n}: {ns:F1} ns/op wall clock, {cpuNs:F1} ns/op CPU time of the hub thread");
        return 0;
    }

    /// <summary>
    /// With <c>GREENLET_COUNT_HANDSHAKE=1</c>, waits for a line on standard input after each marker, so that
    /// benchmarks/instructions.sh can zero callgrind's counters before the measured run and dump them after it: the
    /// warm-up, whose length under valgrind depends on when the JIT's background compiles land, is then not counted.
    /// </summary>
    private static void AwaitHandshake()
    {
        if (Environment.GetEnvironmentVariable("GREENLET_COUNT_HANDSHAKE") == "1")
        {
            Console.Out.Flush();
            _ = Console.ReadLine();
        }
    }

    /// <summary>Operations a run of size n counts, as the workload divides: two per round for switch and handoff.</summary>
    private static long OperationsOf(string workload, int n) => workload is "switch" or "switch-seeded" or "event-handoff" or "event-handoff-reused" ? 2L * n : n;

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
