namespace Greenlets.Tests.Lock;

/// <summary>
/// GreenSemaphore: the counter, FIFO hand-off to waiters, and slots never lost to waiters that time out or are killed.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SemaphoreTests : HubTestBase
{
    /// <summary>Sleeps, then waits for a slot and logs when it got one; holds it for a turn and gives it back.</summary>
    [Greenlet]
    private void TakeAfter(GreenSemaphore semaphore, double delay, string name)
    {
        Greenlet.Sleep(delay);
        semaphore.Acquire();
        Log.Add($"{name} acquired at {Now}");
        Greenlet.Sleep(0);
        Log.Add($"{name} releases: {semaphore.Release()}");
    }

    [Greenlet]
    private bool TryTake(GreenSemaphore semaphore, double? timeout)
    {
        var acquired = semaphore.Acquire(timeout: timeout);
        Log.Add($"acquire returned {acquired} at {Now}");
        return acquired;
    }

    [Greenlet]
    private int WaitFor(GreenSemaphore semaphore, double? timeout)
    {
        var counter = semaphore.Wait(timeout);
        Log.Add($"wait returned {counter} at {Now}");
        return counter;
    }

    [Greenlet]
    private static void ReleaseAfter(GreenSemaphore semaphore, double delay)
    {
        Greenlet.Sleep(delay);
        semaphore.Release();
    }

    [Test]
    public void AcquireTakesSlotsAndReleaseReturnsTheNewCounter()
    {
        var semaphore = new GreenSemaphore(2);
        Assert.That((semaphore.Counter, semaphore.IsLocked), Is.EqualTo((2, false)));

        Assert.That(semaphore.Acquire(), Is.True);
        Assert.That((semaphore.Counter, semaphore.IsLocked), Is.EqualTo((1, false)));
        Assert.That(semaphore.Acquire(), Is.True);
        Assert.That((semaphore.Counter, semaphore.IsLocked), Is.EqualTo((0, true)));

        Assert.That(semaphore.Acquire(blocking: false), Is.False);
        Assert.That(semaphore.TryAcquire(), Is.False);
        Assert.That(semaphore.Acquire(timeout: 0), Is.False);
        Assert.That(semaphore.Counter, Is.Zero, "a failed acquire changes nothing");

        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Assert.That(semaphore.Release(), Is.EqualTo(2));
        Assert.That(semaphore.Release(), Is.EqualTo(3), "a plain semaphore may be released beyond its initial value");
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void DefaultsToOneSlotAndRejectsANegativeValue()
    {
        Assert.That(new GreenSemaphore().Counter, Is.EqualTo(1));
        Assert.That(new GreenSemaphore(0).IsLocked, Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenSemaphore(-1));
    }

    [Test]
    public void FiveWaitersGetTheSlotInTheOrderTheyBeganToWait()
    {
        var semaphore = new GreenSemaphore(1);
        semaphore.Acquire();
        // Spawned in one order, waiting in another: 2, 4, 1, 3, 0.
        double[] delays = [5, 3, 1, 4, 2];
        var workers = delays.Select((delay, i) => Greenlet.Spawn(TakeAfter, semaphore, delay, $"w{i}")).ToArray();
        Greenlet.Sleep(10);

        Assert.That(semaphore.Release(), Is.Zero, "the slot went to the first waiter, not to the counter");
        Greenlet.JoinAll(workers);

        Assert.That(Log.Where(line => line.Contains("acquired")), Is.EqualTo(new[]
        {
            "w2 acquired at 10", "w4 acquired at 10", "w1 acquired at 10", "w3 acquired at 10", "w0 acquired at 10",
        }));
        Assert.That(Log.Where(line => line.Contains("releases")), Is.EqualTo(new[]
        {
            "w2 releases: 0", "w4 releases: 0", "w1 releases: 0", "w3 releases: 0", "w0 releases: 1",
        }));
        Assert.That(semaphore.Counter, Is.EqualTo(1));
    }

    [Test]
    public void AReleasedSlotGoesToTheWaiterEvenIfSomeoneElseAsksFirst()
    {
        var semaphore = new GreenSemaphore(1);
        semaphore.Acquire();
        var waiter = Greenlet.Spawn(TryTake, semaphore, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(semaphore.Release(), Is.Zero);
        Assert.That(semaphore.TryAcquire(), Is.False, "the slot is the waiter's although it has not run yet");
        Assert.That(semaphore.IsLocked, Is.True);

        Assert.That(waiter.Get(), Is.True);
        Assert.That(semaphore.Counter, Is.Zero);
    }

    [Test]
    public void AWaiterThatTimesOutConsumesNothingAndTheNextWaiterGetsTheSlot()
    {
        var semaphore = new GreenSemaphore(0);
        var impatient = Greenlet.Spawn(TryTake, semaphore, (double?)1);
        var patient = Greenlet.Spawn(TryTake, semaphore, (double?)null);
        Greenlet.Sleep(2);

        Assert.That(impatient.Get(), Is.False);
        Assert.That(semaphore.Release(), Is.Zero, "the live waiter behind the timed-out one takes it");
        Assert.That(patient.Get(), Is.True);
        Assert.That(Log, Is.EqualTo(new[] { "acquire returned False at 1", "acquire returned True at 2" }));
        Assert.That(semaphore.Release(), Is.EqualTo(1), "nobody waits any more");
    }

    [Test]
    public void AKilledWaiterConsumesNothing()
    {
        var semaphore = new GreenSemaphore(0);
        var doomed = Greenlet.Spawn(TryTake, semaphore, (double?)null);
        var survivor = Greenlet.Spawn(TryTake, semaphore, (double?)null);
        Greenlet.Sleep(1);

        doomed.Kill();
        Assert.That(semaphore.Release(), Is.Zero);
        Assert.That(survivor.Get(), Is.True);

        Assert.That(doomed.IsSuccessful, Is.True, "GreenletExit");
        Assert.That(Log, Is.EqualTo(new[] { "acquire returned True at 1" }));
        Assert.That(semaphore.Release(), Is.EqualTo(1));
    }

    [Test]
    public void AKillArrivingAfterTheHandOffWaitsForTheNextSuspensionSoTheSlotComesBack()
    {
        var semaphore = new GreenSemaphore(1);
        semaphore.Acquire();
        var holder = Greenlet.Spawn(HoldInScope, semaphore, 5.0);
        Greenlet.Sleep(0);

        semaphore.Release(); // hands the slot to the holder, which has not run yet
        holder.Kill();       // raised when it next suspends, inside its using scope

        Assert.That(Log, Is.EqualTo(new[] { "in scope, counter 0" }));
        Assert.That(holder.IsSuccessful, Is.True);
        Assert.That(semaphore.Counter, Is.EqualTo(1), "the scope gave the slot back as the kill unwound it");
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void ATimeoutThatFiresBeforeTheReleaseWinsAndTheSlotStays()
    {
        var semaphore = new GreenSemaphore(0);
        var waiter = Greenlet.Spawn(TryTake, semaphore, (double?)1);
        Greenlet.Sleep(1); // the waiter's timer was set first, so it fires first at t=1

        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Assert.That(waiter.Get(), Is.False);
        Assert.That(semaphore.Counter, Is.EqualTo(1));
    }

    [Test]
    public void AReleaseBeforeTheTimeoutCancelsIt()
    {
        var semaphore = new GreenSemaphore(0);
        var waiter = Greenlet.Spawn(TryTake, semaphore, (double?)5);
        Greenlet.Spawn(ReleaseAfter, semaphore, 2.0);

        Assert.That(waiter.Get(), Is.True);
        Greenlet.Sleep(10);
        Assert.That(Log, Is.EqualTo(new[] { "acquire returned True at 2" }));
        Assert.That(semaphore.Counter, Is.Zero);
    }

    [Test]
    public void TheMainGreenletWaitsForASlotByRunningTheHub()
    {
        var semaphore = new GreenSemaphore(0);
        Greenlet.Spawn(ReleaseAfter, semaphore, 3.0);

        Assert.That(semaphore.Acquire(), Is.True);
        Assert.That((Now, semaphore.Counter), Is.EqualTo((3.0, 0)));
        Assert.That(semaphore.Acquire(timeout: 2), Is.False);
        Assert.That(Now, Is.EqualTo(5));
    }

    [Test]
    public void AnAcquireNothingCanSatisfyRaisesLoopExitAndLeavesNoWaiterBehind()
    {
        var semaphore = new GreenSemaphore(0);

        Assert.Throws<LoopExitException>(() => semaphore.Acquire());

        Assert.That(semaphore.Release(), Is.EqualTo(1), "the abandoned wait did not take the slot");
    }

    [Test]
    public void WaitReturnsTheCounterWithoutTakingASlot()
    {
        var semaphore = new GreenSemaphore(0);
        var waiter = Greenlet.Spawn(WaitFor, semaphore, (double?)null);
        Greenlet.Spawn(ReleaseAfter, semaphore, 1.0);

        Assert.That(waiter.Get(), Is.EqualTo(1));
        Assert.That(semaphore.Counter, Is.EqualTo(1), "waiting took nothing");
        Assert.That(semaphore.Wait(), Is.EqualTo(1), "a free slot: no wait");
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void WaitTimesOutReturningZero()
    {
        var semaphore = new GreenSemaphore(0);

        Assert.That(semaphore.Wait(2.5), Is.Zero);
        Assert.That(Now, Is.EqualTo(2.5));
        Assert.That(semaphore.Wait(0), Is.Zero);
        Assert.That(Now, Is.EqualTo(2.5));
    }

    [Test]
    public void AReleaseWakesWaitersQueuedBeforeTheFirstAcquirerAndHandsTheSlotToIt()
    {
        // gevent: the first wait returns 1 there, because its acquirer takes the slot only when it runs.
        var semaphore = new GreenSemaphore(0);
        var first = Greenlet.Spawn(WaitFor, semaphore, (double?)null);
        var acquirer = Greenlet.Spawn(TryTake, semaphore, (double?)null);
        var last = Greenlet.Spawn(WaitFor, semaphore, (double?)4);
        Greenlet.Sleep(1);

        Assert.That(semaphore.Release(), Is.Zero);
        Greenlet.JoinAll(first, acquirer, last);

        Assert.That(Log, Is.EqualTo(new[] { "wait returned 0 at 1", "acquire returned True at 1", "wait returned 0 at 4" }));
    }

    [Test]
    public void AReleaseWithOnlyWaitersBumpsTheCounterAndWakesThemAll()
    {
        var semaphore = new GreenSemaphore(0);
        var waiters = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(WaitFor, semaphore, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Greenlet.JoinAll(waiters);

        Assert.That(waiters.Select(w => w.Value), Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Greenlet]
    private void HoldInScope(GreenSemaphore semaphore, double seconds)
    {
        using (semaphore.Lock())
        {
            Log.Add($"in scope, counter {semaphore.Counter}");
            Greenlet.Sleep(seconds);
            Log.Add("scope finished");
        }
    }

    private static bool AcquireFromPlainHelper(GreenSemaphore semaphore) => semaphore.Acquire();

    [Greenlet]
#pragma warning disable GRN0200 // the plain helper must fail only when it would block: that is what this test checks
    private static bool CallsPlainHelper(GreenSemaphore semaphore) => AcquireFromPlainHelper(semaphore);
#pragma warning restore GRN0200

    [Test]
    public void APlainCallInsideAGreenletFailsOnlyWhenItWouldBlock()
    {
        var semaphore = new GreenSemaphore(1);
        var free = Greenlet.Spawn(CallsPlainHelper, semaphore);
        Assert.That(free.Get(), Is.True, "a free slot needs no switch, so plain code may take it");

        var blocked = Greenlet.Spawn(CallsPlainHelper, semaphore);
        blocked.Join();

        Assert.That(blocked.Exception, Is.TypeOf<GreenletContextException>());
        Assert.That(blocked.Exception!.Message, Does.Contain("GreenSemaphore.Acquire"));
        Assert.That(semaphore.Release(), Is.EqualTo(1), "the failed call left no waiter behind");
    }

    [Test]
    public void ToStringShowsTheCounterAndTheWaiters()
    {
        var semaphore = new GreenSemaphore(0);
        Greenlet.Spawn(TryTake, semaphore, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(semaphore.ToString(), Is.EqualTo("<GreenSemaphore counter=0 waiters=1>"));
    }
}
