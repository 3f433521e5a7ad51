namespace Greenlets.Benchmarks;

/// <summary>
/// One workload at one size, after a fixed warm-up, for instruction counting under
/// <c>valgrind --tool=callgrind</c>: the difference between the counts of two sizes, divided by the difference in
/// operations, is the cost per operation in instructions, which other processes on the machine cannot disturb.
/// </summary>
internal static class InstructionCount
{
    private const int WarmUpSize = 20_000;
    private const int WarmUpRounds = 30;

    public static int Run(string workload, int n)
    {
        Func<int, double> run = workload switch
        {
            "switch" => SideBySide.Switch,
            "spawn-join" => size => SideBySide.SpawnJoinInGreenlet(size).Ns,
            "spawn-join-main" => SideBySide.SpawnJoinFromMain,
            "event-handoff" => SideBySide.EventHandoff,
            "queue" => SideBySide.Queue,
            "nested-call" => size => SideBySide.NestedCall(size).Ns,
            _ => throw new ArgumentException($"'{workload}' is not a workload: switch, spawn-join, spawn-join-main, event-handoff, queue, nested-call."),
        };

        var ns = SideBySide.OnFreshHub(() =>
        {
            // A fixed warm-up, whatever n is, so it cancels out of the difference between two sizes.
            for (var round = 0; round < WarmUpRounds; round++)
            {
                run(WarmUpSize);
            }

            Thread.Sleep(500); // the tiered JIT promotes what the warm-up made hot
            run(WarmUpSize);
            Thread.Sleep(500);
            return n > 0 ? run(n) : 0;
        });
        Console.WriteLine($"{workload} n={n}: {ns:F1} ns/op (wall clock, for a quick look only)");
        return 0;
    }
}
