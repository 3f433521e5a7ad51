namespace Greenlets.Tests.Hub;

/// <summary>
/// What waiting costs in memory: a parked greenlet (in Join, on an Event) stays within the 128 bytes the core promises, and an AsyncResult
/// within 64. Counted in bytes this thread allocated, which does not depend on the machine's speed. Also what the
/// awaiter encoding implies: a default awaitable stands for a park, so awaiting one that no operation made throws.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class FootprintTests : HubTestBase
{
    private const int Waiters = 10_000;

    // Fewer than the 4,096 entries the ready queue keeps when idle, so the second round allocates no queue again.
    private const int FewWaiters = 4_000;

    private const double BytesPerParkedGreenlet = 128;

    [Greenlet]
    public static void Forever() => Greenlet.Sleep(TimeSpan.FromDays(365));

    [Greenlet]
    public static void Waiter(Greenlet blocker) => blocker.Join();

    [Greenlet]
    public static bool EventWaiter(Event release) => release.Wait();

    [Greenlet]
    public static int QueueWaiter(GreenQueue<int> queue) => queue.Get();

    [Cooperative(nameof(NoOperationAsync))]
    public static void NoOperation() => throw new NotSupportedException("only its awaitable form is called");

    /// <summary>Returns what no operation produces: a default awaitable, which does not mean "completed".</summary>
    public static GreenAwaitable NoOperationAsync() => default;

    [Greenlet]
    public static void AwaitsNoOperation() => NoOperation();

    [Test]
    public void AParkedGreenletTakesAtMost128Bytes()
    {
        var blocker = Greenlet.Spawn(Forever);
        var waiters = new Greenlet[Waiters];
        ParkAll(blocker, waiters); // first round: the ready queue and the blocker's waiter list reach their size
        Greenlet.KillAll(waiters);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParkAll(blocker, waiters);
        var perGreenlet = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Waiters;

        Assert.That(waiters.All(w => w.State == GreenletState.Parked), Is.True);
        Assert.That(perGreenlet, Is.LessThanOrEqualTo(BytesPerParkedGreenlet), "bytes allocated per greenlet parked in Join");
        Greenlet.KillAll(waiters);
        blocker.Kill();
    }

    [Test]
    public void AVoidGreenletParkedInJoinAllocates96Bytes()
    {
        // The greenlet with its state machine inline. A void greenlet is a RootFrame<TStateMachine> deriving from
        // Greenlet, built by a GreenTaskBuilder that holds no result: as the one generic form over VoidResult (a
        // Greenlet<VoidResult> with its value field, a builder with its result field) it took 104 bytes.
        var blocker = Greenlet.Spawn(Forever);
        var waiters = new Greenlet[FewWaiters];
        ParkAll(blocker, waiters);
        Greenlet.KillAll(waiters);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParkAll(blocker, waiters);
        var perGreenlet = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)FewWaiters;

        Assert.That(waiters.All(w => w.State == GreenletState.Parked), Is.True);
        Assert.That(perGreenlet, Is.LessThan(97), "bytes allocated per void greenlet parked in Join");
        Greenlet.KillAll(waiters);
        blocker.Kill();
    }

    [Test]
    public void AGreenletParkedOnAnEventAllocates104Bytes()
    {
        // The greenlet and its state machine, which keeps the wait's awaiter as one reference: 104 bytes, where a
        // value-and-state awaiter made 120. The hub's live table and the event's waiter ring add 8 and 12 bytes per
        // waiter (their first round allocates them), so a million waiters stay within the 128 bytes of the core.
        var release = new Event();
        var waiters = new Greenlet[FewWaiters];
        ParkAllOn(release, waiters);
        Greenlet.KillAll(waiters);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParkAllOn(release, waiters);
        var perGreenlet = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)FewWaiters;

        Assert.That(waiters.All(w => w.State == GreenletState.Parked), Is.True);
        Assert.That(perGreenlet, Is.LessThan(105), "bytes allocated per greenlet parked in Event.Wait");
        release.Set();
        Greenlet.JoinAll(waiters);
        Assert.That(waiters.All(w => w.IsSuccessful && w is Greenlet<bool> { Value: true }), Is.True, "the set ended every wait");
    }

    [Test]
    public void AGreenletParkedInAQueueGetAllocates120Bytes()
    {
        // A wait that returns a value keeps source, value and a 32-bit state in its awaiter: 16 bytes for an int,
        // where a 64-bit state made 24 and the greenlet 128 bytes.
        var queue = new GreenQueue<int>();
        var waiters = new Greenlet<int>[FewWaiters];
        ParkAllIn(queue, waiters);
        FeedAll(queue, waiters);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParkAllIn(queue, waiters);
        var perGreenlet = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)FewWaiters;

        Assert.That(waiters.All(w => w.State == GreenletState.Parked), Is.True);
        Assert.That(perGreenlet, Is.LessThan(121), "bytes allocated per greenlet parked in GreenQueue<int>.Get");
        FeedAll(queue, waiters);
        Assert.That(waiters.Sum(w => w.Value), Is.EqualTo(FewWaiters * (FewWaiters - 1) / 2), "every waiter got one item");
    }

    [Test]
    public void AnAsyncResultTakes64Bytes()
    {
        // Made once per use (a handoff, a link target): its size is paid on every one. Averaged over many, so that
        // nothing else the runtime allocates on this thread now and then shows.
        var results = new AsyncResult<int>[1_000];
        results[0] = new AsyncResult<int>(); // the first one also pays for whatever its type's first use allocates
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new AsyncResult<int>();
        }

        var perResult = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)results.Length;

        // 64 bytes, where one more field would make 72: the bound leaves room only for the runtime's occasional bytes.
        Assert.That(perResult, Is.LessThan(65), "bytes per AsyncResult<int>");
    }

    [Test]
    public void AwaitingADefaultAwaitableThrowsInsteadOfLosingTheGreenlet()
    {
        var greenlet = Greenlet.Spawn(AwaitsNoOperation);

        greenlet.Join(timeout: 1);

        Assert.That(greenlet.IsDead, Is.True);
        Assert.That(greenlet.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(greenlet.Exception!.Message, Does.Contain("A default GreenAwaitable is not a completed operation"));
    }

    private static void ParkAllOn(Event release, Greenlet[] waiters)
    {
        for (var i = 0; i < waiters.Length; i++)
        {
            waiters[i] = Greenlet.Spawn(EventWaiter, release);
        }

        Greenlet.Sleep(0);
    }

    private static void ParkAllIn(GreenQueue<int> queue, Greenlet<int>[] waiters)
    {
        for (var i = 0; i < waiters.Length; i++)
        {
            waiters[i] = Greenlet.Spawn(QueueWaiter, queue);
        }

        Greenlet.Sleep(0);
    }

    private static void FeedAll(GreenQueue<int> queue, Greenlet<int>[] waiters)
    {
        for (var i = 0; i < waiters.Length; i++)
        {
            queue.Put(i);
        }

        Greenlet.JoinAll(waiters);
    }

    private static void ParkAll(Greenlet blocker, Greenlet[] waiters)
    {
        for (var i = 0; i < waiters.Length; i++)
        {
            waiters[i] = Greenlet.Spawn(Waiter, blocker);
        }

        Greenlet.Sleep(0); // every waiter runs up to its Join and parks before main runs again
    }
}
