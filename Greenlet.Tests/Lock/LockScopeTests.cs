namespace Greenlets.Tests.Lock;

/// <summary>
/// <c>using (x.Lock())</c> in [Greenlet] methods and plain code: the wait is a suspension point, and the scope releases
/// however the block is left. Also DummySemaphore, which never waits.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class LockScopeTests : HubTestBase
{
    [Greenlet]
    private void Critical(GreenSemaphore semaphore, string name, double hold)
    {
        using (semaphore.Lock())
        {
            Log.Add($"{name} in at {Now}");
            Greenlet.Sleep(hold);
            Log.Add($"{name} out at {Now}");
        }
    }

    [Greenlet]
    private void CriticalWithUsingDeclaration(GreenSemaphore semaphore, string name)
    {
        using var scope = semaphore.Lock();
        Log.Add($"{name} in at {Now}");
        Greenlet.Sleep(1);
    }

    [Greenlet]
    private void ThrowsInside(GreenSemaphore semaphore)
    {
        using (semaphore.Lock())
        {
            Greenlet.Sleep(1);
            throw new InvalidOperationException("boom");
        }
    }

    [Greenlet]
    private void LockWithTimeout(GreenSemaphore semaphore, double timeout)
    {
        try
        {
            using (semaphore.Lock(timeout))
            {
                Log.Add("in");
            }
        }
        catch (GreenTimeout timeout2)
        {
            Log.Add($"timed out at {Now}: {timeout2.Seconds}");
        }
    }

    [Greenlet]
    private void RLockCritical(RLock rlock, string name, double hold)
    {
        using (rlock.Lock())
        {
            Log.Add($"{name} in at {Now}");
            Greenlet.Sleep(hold);
        }
    }

    [Test]
    public void ScopesSerializeGreenletsAndReleaseOnNormalExit()
    {
        var semaphore = new GreenSemaphore(1);
        var a = Greenlet.Spawn(Critical, semaphore, "a", 1.0);
        var b = Greenlet.Spawn(Critical, semaphore, "b", 1.0);
        var c = Greenlet.Spawn(CriticalWithUsingDeclaration, semaphore, "c");

        Greenlet.JoinAll(a, b, c);

        Assert.That(Log, Is.EqualTo(new[] { "a in at 0", "a out at 1", "b in at 1", "b out at 2", "c in at 2" }));
        Assert.That(semaphore.Counter, Is.EqualTo(1));
    }

    [Test]
    public void TwoSlotsAdmitTwoAtATime()
    {
        var semaphore = new BoundedSemaphore(2);
        var workers = new[] { "a", "b", "c", "d" }.Select(name => Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, name, 1.0)).ToArray();

        Greenlet.JoinAll(workers);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "a in at 0", "b in at 0", "a out at 1", "b out at 1", "c in at 1", "d in at 1", "c out at 2", "d out at 2",
        }));
        Assert.That(semaphore.Counter, Is.EqualTo(2));
    }

    [Test]
    public void AnExceptionInsideTheScopeReleasesTheSlot()
    {
        var semaphore = new GreenLock();
        var failing = Greenlet.Spawn(ThrowsInside, (GreenSemaphore)semaphore);
        var next = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "next", 0.0);

        Greenlet.JoinAll(failing, next);

        Assert.That(failing.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(Log, Is.EqualTo(new[] { "next in at 1", "next out at 1" }));
        Assert.That(semaphore.IsLocked, Is.False);
    }

    [Test]
    public void AKillInsideTheScopeReleasesTheSlotToTheNextWaiter()
    {
        var semaphore = new GreenLock();
        var holder = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "holder", 100.0);
        var next = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "next", 1.0);
        Greenlet.Sleep(5);

        holder.Kill();
        next.Join();

        Assert.That(Log, Is.EqualTo(new[] { "holder in at 0", "next in at 5", "next out at 6" }));
        Assert.That(holder.IsSuccessful, Is.True);
        Assert.That(semaphore.IsLocked, Is.False);
    }

    [Test]
    public void AGreenletKilledWhileWaitingForTheScopeNeverEntersItNorReleases()
    {
        var semaphore = new GreenLock();
        var holder = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "holder", 2.0);
        var doomed = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "doomed", 1.0);
        var last = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "last", 1.0);
        Greenlet.Sleep(1);

        doomed.Kill();
        Greenlet.JoinAll(holder, last);

        Assert.That(Log, Is.EqualTo(new[] { "holder in at 0", "holder out at 2", "last in at 2", "last out at 3" }));
        Assert.That(semaphore.Counter, Is.EqualTo(1), "an over-release by the killed waiter would have thrown instead");
    }

    [Greenlet]
    private void CriticalUnderTimeout(GreenSemaphore semaphore, double limit, double hold)
    {
        try
        {
            using (GreenTimeout.StartNew(limit))
            using (semaphore.Lock())
            {
                Log.Add($"in at {Now}");
                Greenlet.Sleep(hold);
            }
        }
        catch (GreenTimeout)
        {
            Log.Add($"timed out at {Now}, counter {semaphore.Counter}");
        }
    }

    [Test]
    public void AGreenTimeoutFiringInsideTheScopeReleasesTheSlot()
    {
        var semaphore = new BoundedSemaphore(1);
        var g = Greenlet.Spawn(CriticalUnderTimeout, (GreenSemaphore)semaphore, 3.0, 10.0);

        g.Join();

        Assert.That(Log, Is.EqualTo(new[] { "in at 0", "timed out at 3, counter 1" }));
        Assert.That(g.IsSuccessful, Is.True);
    }

    [Test]
    public void AGreenTimeoutFiringWhileWaitingForTheScopeTakesNothing()
    {
        var semaphore = new BoundedSemaphore(1);
        semaphore.Acquire();
        var g = Greenlet.Spawn(CriticalUnderTimeout, (GreenSemaphore)semaphore, 2.0, 1.0);

        g.Join();
        Assert.That(Log, Is.EqualTo(new[] { "timed out at 2, counter 0" }));

        Assert.That(semaphore.Release(), Is.EqualTo(1), "no waiter was left to hand the slot to");
    }

    [Test]
    public void LockWithATimeoutRaisesGreenTimeoutAndHoldsNothing()
    {
        var semaphore = new BoundedSemaphore(1);
        var holder = Greenlet.Spawn(Critical, (GreenSemaphore)semaphore, "holder", 5.0);
        var waiter = Greenlet.Spawn(LockWithTimeout, (GreenSemaphore)semaphore, 2.0);

        Greenlet.JoinAll(holder, waiter);

        Assert.That(Log, Is.EqualTo(new[] { "holder in at 0", "timed out at 2: 2", "holder out at 5" }));
        Assert.That(semaphore.Counter, Is.EqualTo(1), "the timed-out scope released nothing: a bounded semaphore would have thrown");
    }

    [Test]
    public void ALockTimeoutReportsTheSecondsItWasGiven()
    {
        // The awaiter keeps the seconds in 32 bits: they must still come back as written.
        var semaphore = new GreenSemaphore(0);
        Greenlet.JoinAll(Greenlet.Spawn(LockWithTimeout, semaphore, 0.1), Greenlet.Spawn(LockWithTimeout, semaphore, 12.345));

        Assert.That(Log, Is.EqualTo(new[] { "timed out at 0.1: 0.1", "timed out at 12.345: 12.345" }));
    }

    [Test]
    public void LockWithAZeroTimeoutFailsAtOnceWhenNothingIsFree()
    {
        var semaphore = new GreenSemaphore(0);

        Assert.Throws<GreenTimeout>(() => semaphore.Lock(0));
        Assert.Throws<GreenTimeout>(() => semaphore.Lock(1));
        Assert.That((Now, semaphore.Counter), Is.EqualTo((1.0, 0)));
    }

    [Test]
    public void TheMainGreenletCanHoldAScopeWhileGreenletsWait()
    {
        var semaphore = new GreenSemaphore(1);
        var waiter = Greenlet.Spawn(Critical, semaphore, "waiter", 0.0);

        using (semaphore.Lock())
        {
            Greenlet.Sleep(3);
            Assert.That(Log, Is.Empty);
        }

        waiter.Join();
        Assert.That(Log, Is.EqualTo(new[] { "waiter in at 3", "waiter out at 3" }));
    }

    [Test]
    public void RLockScopesReleaseOnKillToo()
    {
        var rlock = new RLock();
        var holder = Greenlet.Spawn(RLockCritical, rlock, "holder", 100.0);
        var next = Greenlet.Spawn(RLockCritical, rlock, "next", 1.0);
        Greenlet.Sleep(2);

        holder.Kill();
        Assert.That(rlock.Owner, Is.SameAs(next), "the kill's unwinding released the lock to the next waiter");
        next.Join();

        Assert.That(Log, Is.EqualTo(new[] { "holder in at 0", "next in at 2" }));
        Assert.That(rlock.IsLocked, Is.False);
    }

    [Greenlet]
    private void TutorialWorker1(BoundedSemaphore semaphore, int n)
    {
        semaphore.Acquire();
        Log.Add($"Worker {n} acquired semaphore");
        Greenlet.Sleep(0);
        semaphore.Release();
        Log.Add($"Worker {n} released semaphore");
    }

    [Greenlet]
    private void TutorialWorker2(BoundedSemaphore semaphore, int n)
    {
        using (semaphore.Lock())
        {
            Log.Add($"Worker {n} acquired semaphore");
            Greenlet.Sleep(0);
        }

        Log.Add($"Worker {n} released semaphore");
    }

    [Test]
    public void TheTutorialsSemaphoreExamplePrintsWhatGeventPrints()
    {
        // The tutorial's "Locks and Semaphores" example; the expected lines are real gevent 22.10's output.
        var semaphore = new BoundedSemaphore(2);
        Greenlet.JoinAll(Enumerable.Range(0, 2).Select(n => (Greenlet)Greenlet.Spawn(TutorialWorker1, semaphore, n)).ToArray());
        Greenlet.JoinAll(Enumerable.Range(3, 3).Select(n => (Greenlet)Greenlet.Spawn(TutorialWorker2, semaphore, n)).ToArray());

        Assert.That(Log, Is.EqualTo(new[]
        {
            "Worker 0 acquired semaphore", "Worker 1 acquired semaphore", "Worker 0 released semaphore", "Worker 1 released semaphore",
            "Worker 3 acquired semaphore", "Worker 4 acquired semaphore", "Worker 3 released semaphore", "Worker 4 released semaphore",
            "Worker 5 acquired semaphore", "Worker 5 released semaphore",
        }));
    }

    [Test]
    public void DefaultScopeReleasesNothing()
    {
        var semaphore = new BoundedSemaphore(1);

        using (default(LockScope))
        {
        }

        Assert.That(semaphore.Counter, Is.EqualTo(1));
    }

    [Greenlet]
    private void UsesDummy(DummySemaphore dummy, string name)
    {
        for (var i = 0; i < 3; i++)
        {
            using (dummy.Lock())
            {
                dummy.Acquire();
                Log.Add($"{name} {i}");
            }
        }

        Greenlet.Sleep(0);
        Log.Add($"{name} yielded");
    }

    [Test]
    public void DummySemaphoreNeverWaitsNorSwitches()
    {
        var dummy = new DummySemaphore(1);
        for (var i = 0; i < 1000; i++)
        {
            Assert.That(dummy.Acquire(), Is.True);
        }

        Assert.That((dummy.TryAcquire(), dummy.Acquire(blocking: false, timeout: 0), dummy.IsLocked, dummy.Wait(), dummy.Wait(5)), Is.EqualTo((true, true, false, 1, 1)));
        dummy.Release();
        Assert.That(dummy.ToString(), Is.EqualTo("<DummySemaphore>"));
        Assert.That(Now, Is.Zero);

        var a = Greenlet.Spawn(UsesDummy, dummy, "a");
        var b = Greenlet.Spawn(UsesDummy, dummy, "b");
        Greenlet.JoinAll(a, b);

        Assert.That(Log, Is.EqualTo(new[] { "a 0", "a 1", "a 2", "b 0", "b 1", "b 2", "a yielded", "b yielded" }));
    }
}
