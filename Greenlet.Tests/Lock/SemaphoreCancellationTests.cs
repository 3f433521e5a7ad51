namespace Greenlets.Tests.Lock;

/// <summary>
/// GreenSemaphore.Acquire with a CancellationToken: a cancelled token fails at once; a cancellation, from a greenlet
/// or from another thread, reaches the waiter through the hub; a slot is never lost, whichever of a release and a
/// cancellation reaches the hub first; and the watch on the token ends however the wait ends.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SemaphoreCancellationTests : HubTestBase
{
    private int _hubThread;

    [SetUp]
    public void RememberTheHubThread() => _hubThread = Environment.CurrentManagedThreadId;

    [Greenlet]
    private string AcquireLogging(string name, GreenSemaphore semaphore, CancellationToken token)
    {
        try
        {
            semaphore.Acquire(token);
            Log.Add($"{name} acquired at {Now}");
            return "acquired";
        }
        catch (OperationCanceledException cancelled)
        {
            Log.Add($"{name} cancelled at {Now} on the hub thread: {Environment.CurrentManagedThreadId == _hubThread}");
            return cancelled.CancellationToken == token ? "cancelled" : "cancelled with another token";
        }
    }

    [Greenlet]
    private bool AcquireWithin(GreenSemaphore semaphore, double? timeout, CancellationToken token)
    {
        var acquired = semaphore.Acquire(timeout, token);
        Log.Add($"acquire returned {acquired} at {Now}");
        return acquired;
    }

    [Greenlet]
    private static void CancelAfter(CancellationTokenSource source, double delay)
    {
        Greenlet.Sleep(delay);
        source.Cancel();
    }

    /// <summary>Cancels, lets the hub take the request in, then releases: the release hands the slot to a waiter that is cancelled before it runs.</summary>
    [Greenlet]
    private static void CancelThenRelease(CancellationTokenSource source, GreenSemaphore semaphore)
    {
        source.Cancel();
        Greenlet.Sleep(0);
        semaphore.Release();
    }

    /// <summary>Releases, then cancels: the waiter holds its slot before the cancellation reaches the hub.</summary>
    [Greenlet]
    private static void ReleaseThenCancel(CancellationTokenSource source, GreenSemaphore semaphore)
    {
        semaphore.Release();
        source.Cancel();
    }

    [Greenlet]
    private static void ReleaseAfter(GreenSemaphore semaphore, double delay)
    {
        Greenlet.Sleep(delay);
        semaphore.Release();
    }

    [Test]
    public void ACancelledTokenFailsAtOnceEvenWithASlotFree()
    {
        var semaphore = new GreenSemaphore(1);
        using var source = new CancellationTokenSource();
        source.Cancel();

        var thrown = Assert.Throws<OperationCanceledException>(() => semaphore.Acquire(source.Token));
        Assert.Throws<OperationCanceledException>(() => semaphore.Acquire(5, source.Token));
        Assert.Throws<OperationCanceledException>(() => semaphore.Acquire(TimeSpan.FromSeconds(5), source.Token));

        Assert.That(thrown!.CancellationToken, Is.EqualTo(source.Token));
        Assert.That(semaphore.Counter, Is.EqualTo(1), "nothing was taken");
        Assert.That((Now, Hub.ExternalWorkCount), Is.EqualTo((0.0, 0)));
    }

    [Test]
    public void WithAFreeSlotOrATokenThatCannotBeCancelledItIsAPlainAcquire()
    {
        var semaphore = new GreenSemaphore(1);
        using var source = new CancellationTokenSource();

        semaphore.Acquire(source.Token);
        Assert.That(semaphore.Counter, Is.Zero);
        Assert.That(semaphore.Acquire(0, source.Token), Is.False, "no slot, no wait");
        Assert.That(semaphore.Acquire(TimeSpan.Zero, CancellationToken.None), Is.False);

        Greenlet.Spawn(ReleaseAfter, semaphore, 2.0);
        semaphore.Acquire(CancellationToken.None);
        Assert.That((Now, semaphore.Counter, Hub.ExternalWorkCount), Is.EqualTo((2.0, 0, 0)));
    }

    [Test]
    public void ACancellationFromAGreenletEndsTheWaitAndTakesNothing()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var waiter = Greenlet.Spawn(AcquireLogging, "waiter", semaphore, source.Token);
        Greenlet.Spawn(CancelAfter, source, 3.0);

        Assert.That(waiter.Get(), Is.EqualTo("cancelled"));
        Assert.That(Log, Is.EqualTo(new[] { "waiter cancelled at 3 on the hub thread: True" }));
        Assert.That(semaphore.Release(), Is.EqualTo(1), "the cancelled waiter no longer waits: the slot stays free");
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void ACancellationFromAnotherThreadReachesTheWaiterOnTheHub()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var cancellingThread = 0;
        source.Token.Register(() => cancellingThread = Environment.CurrentManagedThreadId);
        var waiter = Greenlet.Spawn(AcquireLogging, "waiter", semaphore, source.Token);
        Greenlet.Sleep(0);
        Assert.That(Hub.ExternalWorkCount, Is.EqualTo(1), "the hub waits for the token, not 'would block forever'");

        var canceller = new Thread(source.Cancel);
        canceller.Start();

        Assert.That(waiter.Get(), Is.EqualTo("cancelled"));
        canceller.Join();
        Assert.That(cancellingThread, Is.Not.Zero.And.Not.EqualTo(_hubThread));
        Assert.That(Log, Is.EqualTo(new[] { "waiter cancelled at 0 on the hub thread: True" }));
        Assert.That((semaphore.Counter, Hub.ExternalWorkCount), Is.EqualTo((0, 0)));
    }

    [Test]
    public void ACancellationThatReachesTheHubAfterTheHandOffPassesTheSlotOn()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var cancelled = Greenlet.Spawn(AcquireLogging, "first", semaphore, source.Token);
        var next = Greenlet.Spawn(AcquireLogging, "second", semaphore, CancellationToken.None);
        Greenlet.Sleep(1);

        Greenlet.Spawn(CancelThenRelease, source, semaphore);

        Assert.That(cancelled.Get(), Is.EqualTo("cancelled"));
        Assert.That(next.Get(), Is.EqualTo("acquired"));
        Assert.That(Log, Is.EqualTo(new[] { "first cancelled at 1 on the hub thread: True", "second acquired at 1" }));
        Assert.That(semaphore.Counter, Is.Zero, "one release, one holder");
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void ACancellationThatReachesTheHubAfterTheWaiterRanIsTooLate()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var first = Greenlet.Spawn(AcquireLogging, "first", semaphore, source.Token);
        var second = Greenlet.Spawn(AcquireLogging, "second", semaphore, CancellationToken.None);
        Greenlet.Sleep(1);

        Greenlet.Spawn(ReleaseThenCancel, source, semaphore);

        Assert.That(first.Get(), Is.EqualTo("acquired"));
        Greenlet.Sleep(1);
        Assert.That(Log, Is.EqualTo(new[] { "first acquired at 1" }));
        Assert.That(second.IsReady, Is.False, "the slot is the first waiter's; the second still waits");
        Assert.That(semaphore.Release(), Is.Zero, "handed to the second waiter");
        Assert.That(second.Get(), Is.EqualTo("acquired"));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void AKilledWaiterIsKilledNotCancelledAndTakesNothing()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var doomed = Greenlet.Spawn(AcquireLogging, "doomed", semaphore, source.Token);
        Greenlet.Sleep(1);

        doomed.Kill(block: false);
        source.Cancel();
        doomed.Join();

        Assert.That((doomed.IsSuccessful, doomed.Value), Is.EqualTo((true, (string?)null)), "GreenletExit, not the cancellation");
        Assert.That(Log, Is.Empty);
        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void ATimeoutEndsTheWatchAndALaterCancellationChangesNothing()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        var waiter = Greenlet.Spawn(AcquireWithin, semaphore, (double?)2, source.Token);

        Assert.That(waiter.Get(), Is.False);
        Assert.That(Hub.ExternalWorkCount, Is.Zero, "the watch ended with the wait");
        source.Cancel();
        Greenlet.Sleep(1);

        Assert.That(Log, Is.EqualTo(new[] { "acquire returned False at 2" }));
        Assert.That(semaphore.Release(), Is.EqualTo(1));
    }

    [Test]
    public void AReleaseWithinTheTimeoutAcquiresAndEndsTheWatch()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        Greenlet.Spawn(ReleaseAfter, semaphore, 1.0);

        Assert.That(semaphore.Acquire(TimeSpan.FromSeconds(5), source.Token), Is.True);
        Assert.That((Now, semaphore.Counter, Hub.ExternalWorkCount), Is.EqualTo((1.0, 0, 0)));
        source.Cancel();
        Assert.That(semaphore.Release(), Is.EqualTo(1), "the cancellation after the wait took nothing back");
    }

    [Test]
    public void TheMainGreenletIsCancelledWhileItRunsTheHub()
    {
        var semaphore = new GreenSemaphore(0);
        using var source = new CancellationTokenSource();
        Greenlet.Spawn(CancelAfter, source, 4.0);

        Assert.Throws<OperationCanceledException>(() => semaphore.Acquire(Timeout.InfiniteTimeSpan, source.Token));
        Assert.That((Now, semaphore.Counter, Hub.ExternalWorkCount), Is.EqualTo((4.0, 0, 0)));
    }

    [Test]
    public void ANegativeTimeoutOtherThanInfiniteDoesNotWaitAsGeventsDoesNot()
    {
        var semaphore = new GreenSemaphore(0);

        // SemaphoreSlim throws for -2 ms; one GreenDuration takes seconds and TimeSpans alike, as gevent's acquire(timeout=-1) does.
        Assert.That(semaphore.Acquire(TimeSpan.FromMilliseconds(-2), CancellationToken.None), Is.False);
        Assert.That(semaphore.Acquire(-1, CancellationToken.None), Is.False, "seconds: zero or less does not wait, as Acquire(timeout:)");
        Assert.That(Now, Is.Zero);
    }
}
