namespace Greenlets.Tests.Lock;

/// <summary>RLock: owned by a greenlet, re-entrant with a count, released only by its owner, handed over FIFO.</summary>
[Category(TestCategories.Unit)]
public sealed partial class RLockTests : HubTestBase
{
    [Greenlet]
    private void TakeHoldAndRelease(RLock rlock, string name, double hold)
    {
        var acquired = rlock.Acquire();
        Log.Add($"{name} {acquired} at {Now}, owner is me: {rlock.IsOwnedByCurrent}");
        Greenlet.Sleep(hold);
        rlock.Release();
    }

    [Greenlet]
    private bool TryTake(RLock rlock, double? timeout)
    {
        var acquired = rlock.Acquire(timeout: timeout);
        Log.Add($"acquire returned {acquired} at {Now}");
        return acquired;
    }

    [Greenlet]
    private static void AcquireTwiceAndHold(RLock rlock, double hold)
    {
        rlock.Acquire();
        rlock.Acquire();
        Greenlet.Sleep(hold);
        rlock.Release();
        Greenlet.Sleep(hold);
        rlock.Release();
    }

    [Greenlet]
    private static void ReleaseOnce(RLock rlock) => rlock.Release();

    [Test]
    public void TheOwnerAcquiresAgainWithoutWaitingAndMustReleaseAsOften()
    {
        var rlock = new RLock();
        Assert.That((rlock.IsLocked, rlock.Owner, rlock.Count), Is.EqualTo((false, (Greenlet?)null, 0)));

        Assert.That(rlock.Acquire(), Is.True);
        Assert.That(rlock.Acquire(), Is.True);
        Assert.That(rlock.TryAcquire(), Is.True);
        Assert.That((rlock.IsLocked, rlock.Owner, rlock.Count, rlock.IsOwnedByCurrent), Is.EqualTo((true, Hub.MainGreenlet, 3, true)));

        rlock.Release();
        rlock.Release();
        Assert.That((rlock.IsLocked, rlock.Count), Is.EqualTo((true, 1)));
        rlock.Release();
        Assert.That((rlock.IsLocked, rlock.Owner, rlock.Count, rlock.IsOwnedByCurrent), Is.EqualTo((false, (Greenlet?)null, 0, false)));
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void ReleasingALockThatIsNotHeldThrows()
    {
        var rlock = new RLock();

        var error = Assert.Throws<InvalidOperationException>(() => rlock.Release());
        Assert.That(error!.Message, Does.Contain("un-acquired"));
        Assert.That((rlock.IsLocked, rlock.Count), Is.EqualTo((false, 0)));
    }

    [Test]
    public void ANonOwnerCannotReleaseIt()
    {
        var rlock = new RLock();
        rlock.Acquire();

        var intruder = Greenlet.Spawn(ReleaseOnce, rlock);
        intruder.Join();

        Assert.That(intruder.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(intruder.Exception!.Message, Does.Contain("Owner: <MainGreenlet"));
        Assert.That((rlock.Owner, rlock.Count), Is.EqualTo((Hub.MainGreenlet, 1)), "nothing changed");
    }

    [Test]
    public void OthersWaitUntilTheOwnersLastRelease()
    {
        var rlock = new RLock();
        var owner = Greenlet.Spawn(AcquireTwiceAndHold, rlock, 1.0);
        var waiter = Greenlet.Spawn(TakeHoldAndRelease, rlock, "waiter", 0.0);
        Greenlet.Sleep(0);
        Assert.That((rlock.Owner, rlock.Count), Is.EqualTo(((Greenlet?)owner, 2)));

        Greenlet.Sleep(1.5);
        Assert.That((rlock.Owner, rlock.Count), Is.EqualTo(((Greenlet?)owner, 1)), "one release of two: still held");
        Assert.That(Log, Is.Empty);

        Greenlet.JoinAll(owner, waiter);
        Assert.That(Log, Is.EqualTo(new[] { "waiter True at 2, owner is me: True" }));
        Assert.That(rlock.IsLocked, Is.False);
    }

    [Test]
    public void TheLockPassesToWaitersInTheOrderTheyBeganToWait()
    {
        var rlock = new RLock();
        rlock.Acquire();
        var waiters = new[] { "a", "b", "c", "d", "e" }.Select(name => Greenlet.Spawn(TakeHoldAndRelease, rlock, name, 1.0)).ToArray();
        Greenlet.Sleep(0);

        rlock.Release();
        Assert.That((rlock.Owner, rlock.Count), Is.EqualTo(((Greenlet?)waiters[0], 1)), "handed over at the release, before it runs");
        Assert.That(rlock.TryAcquire(), Is.False, "main cannot take it back");

        Greenlet.JoinAll(waiters);
        Assert.That(Log, Is.EqualTo(new[]
        {
            "a True at 0, owner is me: True", "b True at 1, owner is me: True", "c True at 2, owner is me: True",
            "d True at 3, owner is me: True", "e True at 4, owner is me: True",
        }));
        Assert.That(rlock.IsLocked, Is.False);
    }

    [Test]
    public void AWaiterThatTimesOutNeverBecomesTheOwner()
    {
        var rlock = new RLock();
        rlock.Acquire();
        var impatient = Greenlet.Spawn(TryTake, rlock, (double?)1);
        var patient = Greenlet.Spawn(TryTake, rlock, (double?)null);
        Greenlet.Sleep(2);

        rlock.Release();

        Assert.That(rlock.Owner, Is.SameAs(patient));
        Assert.That(impatient.Get(), Is.False);
        Assert.That(patient.Get(), Is.True);
        Assert.That(Log, Is.EqualTo(new[] { "acquire returned False at 1", "acquire returned True at 2" }));
    }

    [Test]
    public void AKilledWaiterNeverBecomesTheOwner()
    {
        var rlock = new RLock();
        rlock.Acquire();
        var doomed = Greenlet.Spawn(TryTake, rlock, (double?)null);
        var survivor = Greenlet.Spawn(TryTake, rlock, (double?)null);
        Greenlet.Sleep(0);

        doomed.Kill();
        rlock.Release();

        Assert.That(rlock.Owner, Is.SameAs(survivor));
        Assert.That(survivor.Get(), Is.True);
        Assert.That(Log, Is.EqualTo(new[] { "acquire returned True at 0" }));
    }

    [Test]
    public void NonBlockingAndZeroTimeoutAcquiresFailAtOnceWhenAnotherGreenletOwnsIt()
    {
        var rlock = new RLock();
        var owner = Greenlet.Spawn(AcquireTwiceAndHold, rlock, 5.0);
        Greenlet.Sleep(0);

        Assert.That(rlock.Acquire(blocking: false), Is.False);
        Assert.That(rlock.Acquire(timeout: 0), Is.False);
        Assert.That(rlock.TryAcquire(), Is.False);
        Assert.That(rlock.IsOwnedByCurrent, Is.False);
        Assert.That(rlock.Acquire(timeout: 3), Is.False);
        Assert.That(Now, Is.EqualTo(3));

        Assert.That(rlock.Acquire(), Is.True);
        Assert.That((Now, rlock.Owner), Is.EqualTo((10.0, Hub.MainGreenlet)));
        Assert.That(owner.IsDead, Is.True);
    }

    [Test]
    public void NestedScopesCountAndReleaseInOrder()
    {
        var rlock = new RLock();
        using (rlock.Lock())
        {
            using (rlock.Lock())
            {
                Assert.That(rlock.Count, Is.EqualTo(2));
            }

            Assert.That(rlock.Count, Is.EqualTo(1));
        }

        Assert.That((rlock.IsLocked, rlock.Count), Is.EqualTo((false, 0)));
    }

    [Greenlet]
    private void RecursiveSection(RLock rlock, int depth)
    {
        using (rlock.Lock())
        {
            Log.Add($"depth {depth}, count {rlock.Count}");
            Greenlet.Sleep(0);
            if (depth < 3)
            {
                RecursiveSection(rlock, depth + 1);
            }
        }
    }

    [Test]
    public void AGreenletReentersThroughNestedGreenletCalls()
    {
        var rlock = new RLock();
        var first = Greenlet.Spawn(RecursiveSection, rlock, 1);
        var second = Greenlet.Spawn(RecursiveSection, rlock, 1);

        Greenlet.JoinAll(first, second);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "depth 1, count 1", "depth 2, count 2", "depth 3, count 3",
            "depth 1, count 1", "depth 2, count 2", "depth 3, count 3",
        }));
        Assert.That(rlock.IsLocked, Is.False);
    }

    [Test]
    public void ToStringShowsOwnerCountAndWaiters()
    {
        var rlock = new RLock();
        rlock.Acquire();
        Greenlet.Spawn(TryTake, rlock, (double?)null);
        Greenlet.Sleep(0);

        Assert.That(rlock.ToString(), Is.EqualTo("<RLock owner=<MainGreenlet \"MainGreenlet\": main> count=1 waiters=1>"));
    }
}
