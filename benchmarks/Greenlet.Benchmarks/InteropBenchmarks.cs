using BenchmarkDotNet.Attributes;

namespace Greenlets.Benchmarks;

/// <summary>
/// Costs of the Task and thread-pool interop: a greenlet's kill token (created on first use, in a side table), a
/// wait on a completed and on a pending Task, and a thread-pool round trip through the hub's doorbell.
/// </summary>
/// <remarks>Set up as <see cref="CoreBenchmarks"/>: one hub on the benchmark thread, installed in GlobalSetup.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class InteropBenchmarks
{
    private const int Loops = 1_000;

    private readonly GreenThreadPool _pool = new(1);
    private IDisposable? _hubScope;

    [GlobalSetup]
    public void Setup() => _hubScope = Hub.Install(HubClock.Monotonic());

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _hubScope?.Dispose();
    }

    /// <summary>Baseline: spawn a greenlet that returns at once and join it; per spawn + join.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Loops)]
    public long SpawnJoin() => Greenlet.Spawn(InteropWork.SpawnJoinLoop, Loops, false).Get();

    /// <summary>The same, each greenlet asking for its kill token once (cancelled at its death); per spawn + join.</summary>
    [Benchmark(OperationsPerInvoke = Loops)]
    public long SpawnJoinWithKillToken() => Greenlet.Spawn(InteropWork.SpawnJoinLoop, Loops, true).Get();

    /// <summary>WaitTask on a completed task: no switch; per wait.</summary>
    [Benchmark(OperationsPerInvoke = Loops)]
    public long WaitCompletedTask() => Greenlet.Spawn(InteropWork.WaitCompletedLoop, Loops).Get();

    /// <summary>WaitTask on a task another thread completes: park, continuation, doorbell, wake; per wait.</summary>
    [Benchmark(OperationsPerInvoke = Loops)]
    public long WaitTaskCompletedElsewhere() => Greenlet.Spawn(InteropWork.WaitPoolTaskLoop, Loops).Get();

    /// <summary>GreenThreadPool.Apply of an empty function on a one-worker pool; per round trip.</summary>
    [Benchmark(OperationsPerInvoke = Loops)]
    public long ThreadPoolApply() => Greenlet.Spawn(InteropWork.ApplyLoop, _pool, Loops).Get();
}

/// <summary>The greenlet bodies of <see cref="InteropBenchmarks"/>; public so the interceptors name their twins.</summary>
public static partial class InteropWork
{
    [Greenlet]
    public static long SpawnJoinLoop(int n, bool askForToken)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Greenlet.Spawn(TokenOrNot, askForToken).Get();
        }

        return sum;
    }

    [Greenlet]
    public static int TokenOrNot(bool askForToken) => askForToken && Greenlet.Current.KillToken.CanBeCanceled ? 1 : 0;

    [Greenlet]
    public static long WaitCompletedLoop(int n)
    {
        var completed = Task.FromResult(1);
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Greenlet.WaitTask(completed);
        }

        return sum;
    }

    [Greenlet]
    public static long WaitPoolTaskLoop(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Greenlet.WaitTask(Task.Run(() => 1));
        }

        return sum;
    }

    [Greenlet]
    public static long ApplyLoop(GreenThreadPool pool, int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += pool.Apply(() => 1);
        }

        return sum;
    }
}
