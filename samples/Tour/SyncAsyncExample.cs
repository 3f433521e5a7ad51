using Greenlets;

namespace Tour;

/// <summary>Synchronous &amp; Asynchronous Execution: the same task run one after another, then all at once.</summary>
public static partial class SyncAsyncExample
{
    // The tutorial sleeps random.randint(0,2)*0.001 s; the reference run fixes the delays, indexed by pid.
    private static readonly double[] s_delays = [0.002, 0.000, 0.001, 0.002, 0.001, 0.000, 0.002, 0.001, 0.000, 0.001];

    /// <summary>Some non-deterministic task.</summary>
    [Greenlet]
    private static void NonDeterministicTask(int pid)
    {
        Greenlet.Sleep(s_delays[pid]);
        Console.WriteLine($"Task {pid} done");
    }

    private static void Synchronous()
    {
        for (var i = 1; i < 10; i++)
        {
            NonDeterministicTask(i);
        }
    }

    private static void Asynchronous()
    {
        var threads = Enumerable.Range(0, 10).Select(i => Greenlet.Spawn(NonDeterministicTask, i)).ToList();
        Greenlet.JoinAll(threads);
    }

    public static void Run()
    {
        Console.WriteLine("Synchronous:");
        Synchronous();

        Console.WriteLine("Asynchronous:");
        Asynchronous();
    }
}
