namespace Greenlets.Benchmarks;

/// <summary>
/// The greenlet bodies every benchmark runs, shared by the side-by-side workloads and the BenchmarkDotNet
/// classes. They are public in a public type on purpose: only then can the generator's interceptors name
/// their twins, so <c>Greenlet.Spawn(Work.Answer)</c> in plain code goes straight to the rewritten method
/// (a private [Greenlet] method is found by reflection at every spawn instead, which is much slower).
/// </summary>
public static partial class Work
{
    /// <summary>switch: yields <paramref name="n"/> times with <c>Sleep(0)</c>.</summary>
    [Greenlet]
    public static int PingPong(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Greenlet.Sleep(0);
        }

        return n;
    }

    /// <summary>
    /// bytes-per-switch: the same loop as <see cref="PingPong"/>, returning the bytes this thread allocated from
    /// just before its first switch to just after its last, while its partner switched as often.
    /// </summary>
    [Greenlet]
    public static long PingPongCountingBytes(int n)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            Greenlet.Sleep(0);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>spawn-join: returns at once, without suspending.</summary>
    [Greenlet]
    public static int Answer() => 42;

    /// <summary>spawn-join, inside a greenlet: spawns <see cref="Answer"/> and gets its value, <paramref name="n"/> times.</summary>
    /// <returns>The sum of the values, and the bytes allocated by the loop.</returns>
    [Greenlet]
    public static (long Sum, long Bytes) SpawnJoinLoop(int n)
    {
        long sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            sum += Greenlet.Spawn(Answer).Get();
        }

        return (sum, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>spawn-raw: spawns <see cref="Answer"/> <paramref name="n"/> times with <c>SpawnRaw</c>, then yields once so they all run.</summary>
    [Greenlet]
    public static int SpawnRawLoop(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Greenlet.SpawnRaw(Answer);
        }

        Greenlet.Sleep(0);
        return n;
    }

    /// <summary>spawn-batch: the same with <c>Spawn</c>, dropping the handles, for comparison with <see cref="SpawnRawLoop"/>.</summary>
    [Greenlet]
    public static int SpawnBatchLoop(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Greenlet.Spawn(Answer);
        }

        Greenlet.Sleep(0);
        return n;
    }

    /// <summary>idle: waits for the idle loop <paramref name="n"/> times.</summary>
    [Greenlet]
    public static int IdleLoop(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Greenlet.Idle();
        }

        return n;
    }

    /// <summary>
    /// nested-call: a [Greenlet] method with a suspension point that this call does not reach, so it completes
    /// without suspending. Its caller still awaits its twin, exactly as for a call that does suspend.
    /// </summary>
    [Greenlet]
    public static int Inner(int x)
    {
        if (x < 0)
        {
            Greenlet.Sleep(0); // never taken: x is a loop index
        }

        return x + 1;
    }

    /// <summary>nested-call: calls <see cref="Inner"/> <paramref name="n"/> times from a greenlet.</summary>
    /// <returns>The sum of the results, and the bytes allocated by the loop.</returns>
    [Greenlet]
    public static (long Sum, long Bytes) NestedLoop(int n)
    {
        long sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            sum += Inner(i);
        }

        return (sum, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>memory-per-waiter-join: the shared thing every waiter joins. It sleeps far longer than any run, so it never finishes by itself.</summary>
    [Greenlet]
    public static void Forever() => Greenlet.Sleep(TimeSpan.FromDays(365));

    /// <summary>memory-per-waiter-join: parks until <paramref name="blocker"/> finishes, or until killed.</summary>
    [Greenlet]
    public static void Waiter(Greenlet blocker) => blocker.Join();

    /// <summary>memory-per-waiter: parks until <paramref name="release"/> is set.</summary>
    [Greenlet]
    public static bool EventWaiter(Event release) => release.Wait();

    /// <summary>memory-per-waiter-queue: parks until an item arrives, and returns it.</summary>
    [Greenlet]
    public static int QueueWaiter(GreenQueue<int> queue) => queue.Get();

    /// <summary>event-handoff, the sending side: hands the counter over and waits for it to come back, n times.</summary>
    /// <returns>The final counter.</returns>
    [Greenlet]
    public static int Ping(Handoff handoff, int n)
    {
        var value = 0;
        for (var i = 0; i < n; i++)
        {
            handoff.ToPong.Set(value);
            value = handoff.ToPing.Get();
            handoff.ToPing = new AsyncResult<int>();
        }

        return value;
    }

    /// <summary>event-handoff, the answering side: receives the counter and sends it back plus one, n times.</summary>
    [Greenlet]
    public static int Pong(Handoff handoff, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var received = handoff.ToPong.Get();
            handoff.ToPong = new AsyncResult<int>();
            handoff.ToPing.Set(received + 1);
        }

        return n;
    }

    /// <summary>
    /// event-handoff-reused, the sending side: leaves the counter in <paramref name="pair"/>, sets the event to pong
    /// and waits for the one back, n times; the two events are reused, as Go's peer reuses its two channels.
    /// </summary>
    /// <returns>The final counter.</returns>
    [Greenlet]
    public static int PingEvents(EventPair pair, int n)
    {
        for (var i = 0; i < n; i++)
        {
            pair.ToPong.Set();
            pair.ToPing.Wait();
            pair.ToPing.Clear();
        }

        return pair.Counter;
    }

    /// <summary>event-handoff-reused, the answering side: waits for its event, adds one to the counter, sets the event back, n times.</summary>
    [Greenlet]
    public static int PongEvents(EventPair pair, int n)
    {
        for (var i = 0; i < n; i++)
        {
            pair.ToPong.Wait();
            pair.ToPong.Clear();
            pair.Counter++;
            pair.ToPing.Set();
        }

        return n;
    }

    /// <summary>queue: puts 0 .. n-1.</summary>
    [Greenlet]
    public static int Produce(GreenQueue<int> queue, int n)
    {
        for (var i = 0; i < n; i++)
        {
            queue.Put(i);
        }

        return n;
    }

    /// <summary>queue: gets n items and sums them.</summary>
    [Greenlet]
    public static long Consume(GreenQueue<int> queue, int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += queue.Get();
        }

        return sum;
    }

    /// <summary>queue-timeout: gets n items, each with a timeout, so each get that parks starts and cancels a timer.</summary>
    [Greenlet]
    public static long ConsumeWithTimeout(GreenQueue<int> queue, int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += queue.Get(timeout: 10);
        }

        return sum;
    }
}

/// <summary>The two single-use results of event-handoff; each side replaces its own after receiving, as in the peers.</summary>
public sealed class Handoff
{
    /// <summary>Carries the counter to <see cref="Work.Pong"/>.</summary>
    public AsyncResult<int> ToPong { get; set; } = new();

    /// <summary>Carries the counter back to <see cref="Work.Ping"/>.</summary>
    public AsyncResult<int> ToPing { get; set; } = new();
}

/// <summary>The two reused events of event-handoff-reused and the counter they pass.</summary>
public sealed class EventPair
{
    /// <summary>Set when the counter is Pong's to raise.</summary>
    public Event ToPong { get; } = new();

    /// <summary>Set when the counter is back with Ping.</summary>
    public Event ToPing { get; } = new();

    /// <summary>The counter, raised by one per round trip.</summary>
    public int Counter { get; set; }
}
