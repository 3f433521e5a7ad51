using BenchmarkDotNet.Attributes;

namespace Greenlets.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro benchmarks of the core operations, with allocations per operation.
/// </summary>
/// <remarks>
/// The hub is per thread. BenchmarkDotNet runs a benchmark's GlobalSetup, its iterations and its GlobalCleanup
/// on one thread (the host process's main thread, or the one thread of the in-process toolchains); the hub is
/// installed in GlobalSetup, and every invocation checks that the calling thread's hub is still that one, so a
/// run that moved threads fails loudly instead of quietly timing a second, lazily created hub.
/// Work that needs a greenlet (a switch, a nested call) is done K times per invocation and reported per
/// operation (OperationsPerInvoke); spawning the one or two greenlets that do it is spread over those K and
/// shows up as a fraction of a byte per operation. Min and Median are shown next to Mean because on a shared
/// 2-core machine other processes inflate the mean; Min is the closest to the uncontended cost.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CoreBenchmarks
{
    private const int Switches = 10_000;
    private const int SpawnJoins = 1_000;
    private const int NestedCalls = 10_000;
    private const int Handoffs = 10_000;
    private const int QueueItems = 10_000;

    private readonly Greenlet[] _hundred = new Greenlet[100];
    private IDisposable? _hubScope;
    private Hub? _hub;

    /// <summary>
    /// Installs a fresh hub on this thread with the real clock, the one programs get by default. None of these
    /// benchmarks starts a timer, and the loop reads the clock only when timers are pending, so the virtual clock
    /// gives the same figures (run with GREENLET_BENCH_CLOCK=virtual to check).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        var clock = Environment.GetEnvironmentVariable("GREENLET_BENCH_CLOCK") == "virtual" ? HubClock.Virtual() : HubClock.Monotonic();
        _hubScope = Hub.Install(clock);
        _hub = Hub.Current;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_hub!.LiveGreenlets.Any())
        {
            throw new InvalidOperationException("A benchmark left greenlets alive on the hub.");
        }

        _hubScope?.Dispose();
    }

    /// <summary>Two greenlets ping-pong with <c>Sleep(0)</c>; per switch.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Switches)]
    public void SleepZeroSwitch()
    {
        var a = OnOurHub(Greenlet.Spawn(Work.PingPong, Switches));
        var b = Greenlet.Spawn(Work.PingPong, Switches);
        a.Join();
        b.Join();
    }

    /// <summary>
    /// The same ping-pong with a switch tracer that does nothing (<c>Hub.SetTrace</c>): what tracing costs per switch.
    /// <see cref="SleepZeroSwitch"/> is the same with no tracer, the figure that must not move.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 2 * Switches)]
    public void SleepZeroSwitchTraced()
    {
        _hub!.SetTrace(static (_, _, _) => { });
        try
        {
            SleepZeroSwitch();
        }
        finally
        {
            _hub.SetTrace(null);
        }
    }

    /// <summary>A greenlet spawns a [Greenlet] method that returns at once and gets its value; per spawn + join.</summary>
    [Benchmark(OperationsPerInvoke = SpawnJoins)]
    public long SpawnJoin() => OnOurHub(Greenlet.Spawn(Work.SpawnJoinLoop, SpawnJoins)).Get().Sum;

    /// <summary>The same from plain code: each Get blocks the main greenlet by running the hub; per spawn + join.</summary>
    [Benchmark]
    public int SpawnJoinFromMain() => OnOurHub(Greenlet.Spawn(Work.Answer)).Get();

    /// <summary>A greenlet spawns [Greenlet] methods that return at once with <c>SpawnRaw</c>, then yields so they run; per spawn.</summary>
    [Benchmark(OperationsPerInvoke = SpawnJoins)]
    public int SpawnRawRun() => OnOurHub(Greenlet.Spawn(Work.SpawnRawLoop, SpawnJoins)).Get();

    /// <summary>The same with <c>Spawn</c>, the handles dropped: what <see cref="SpawnRawRun"/> is compared with; per spawn.</summary>
    [Benchmark(OperationsPerInvoke = SpawnJoins)]
    public int SpawnBatchRun() => OnOurHub(Greenlet.Spawn(Work.SpawnBatchLoop, SpawnJoins)).Get();

    /// <summary>Two greenlets wait for the idle loop over and over; per <c>Idle</c> (both wake in each idle pass).</summary>
    [Benchmark(OperationsPerInvoke = 2 * Switches)]
    public void IdleSwitch()
    {
        var a = OnOurHub(Greenlet.Spawn(Work.IdleLoop, Switches));
        var b = Greenlet.Spawn(Work.IdleLoop, Switches);
        a.Join();
        b.Join();
    }

    /// <summary>A greenlet calls a [Greenlet] method that completes without suspending; per call.</summary>
    [Benchmark(OperationsPerInvoke = NestedCalls)]
    public long NestedCall() => OnOurHub(Greenlet.Spawn(Work.NestedLoop, NestedCalls)).Get().Sum;

    /// <summary>Two greenlets pass a counter back and forth through a fresh AsyncResult per handoff; per one-way handoff.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Handoffs)]
    public int AsyncResultHandoff()
    {
        var handoff = new Handoff();
        var pong = OnOurHub(Greenlet.Spawn(Work.Pong, handoff, Handoffs));
        var value = Greenlet.Spawn(Work.Ping, handoff, Handoffs).Get();
        pong.Join();
        return value;
    }

    /// <summary>The same round trips through two reused Events, nothing allocated per handoff; per one-way handoff.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Handoffs)]
    public int EventHandoffReused()
    {
        var pair = new EventPair();
        var pong = OnOurHub(Greenlet.Spawn(Work.PongEvents, pair, Handoffs));
        var value = Greenlet.Spawn(Work.PingEvents, pair, Handoffs).Get();
        pong.Join();
        return value;
    }

    /// <summary>A producer and a consumer greenlet through a GreenQueue of 100; per item.</summary>
    [Benchmark(OperationsPerInvoke = QueueItems)]
    public long BoundedQueue()
    {
        var queue = new GreenQueue<int>(100);
        var producer = OnOurHub(Greenlet.Spawn(Work.Produce, queue, QueueItems));
        var sum = Greenlet.Spawn(Work.Consume, queue, QueueItems).Get();
        producer.Join();
        return sum;
    }

    /// <summary>Spawns 100 greenlets that return at once and waits for all of them with JoinAll; per JoinAll of 100.</summary>
    [Benchmark]
    public int JoinAll100()
    {
        var hundred = _hundred;
        for (var i = 0; i < hundred.Length; i++)
        {
            hundred[i] = Greenlet.Spawn(Work.Answer);
        }

        OnOurHub(hundred[0]);
        return Greenlet.JoinAll(hundred).Count;
    }

    /// <summary>Passes <paramref name="greenlet"/> through, after checking that this thread's hub is the one GlobalSetup installed.</summary>
    private T OnOurHub<T>(T greenlet)
        where T : Greenlet =>
        ReferenceEquals(Hub.Current, _hub)
            ? greenlet
            : throw new InvalidOperationException(
                "The benchmark ran on another thread than its GlobalSetup, so on another hub. Hubs are per thread.");
}
