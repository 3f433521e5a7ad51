namespace Greenlets.Tests.Lock;

/// <summary>BoundedSemaphore and GreenLock: over-release throws and changes nothing; no owner; FIFO like the plain semaphore.</summary>
[Category(TestCategories.Unit)]
public sealed partial class BoundedSemaphoreTests : HubTestBase
{
    [Greenlet]
    private void TakeAndLog(GreenSemaphore semaphore, string name)
    {
        var acquired = semaphore.Acquire();
        Log.Add($"{name} {acquired} at {Now}");
    }

    [Greenlet]
    private static void ReleaseAfter(GreenSemaphore semaphore, double delay)
    {
        Greenlet.Sleep(delay);
        semaphore.Release();
    }

    [Test]
    public void OverReleaseThrowsAndLeavesTheCounterUnchanged()
    {
        var semaphore = new BoundedSemaphore(2);
        Assert.That(semaphore.InitialValue, Is.EqualTo(2));

        var error = Assert.Throws<InvalidOperationException>(() => semaphore.Release());
        Assert.That(error!.Message, Does.Contain("released too many times"));
        Assert.That(semaphore.Counter, Is.EqualTo(2));

        semaphore.Acquire();
        semaphore.Acquire();
        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Assert.That(semaphore.Release(), Is.EqualTo(2));
        Assert.Throws<InvalidOperationException>(() => semaphore.Release());
        Assert.That(semaphore.Counter, Is.EqualTo(2));
    }

    [Test]
    public void AReleaseThatHandsTheSlotToAWaiterIsNeverAnOverRelease()
    {
        var semaphore = new BoundedSemaphore(1);
        semaphore.Acquire();
        var waiter = Greenlet.Spawn(TakeAndLog, semaphore, "waiter");
        Greenlet.Sleep(0);

        Assert.That(semaphore.Release(), Is.Zero);
        waiter.Join();
        Assert.That(semaphore.Release(), Is.EqualTo(1));
        Assert.Throws<InvalidOperationException>(() => semaphore.Release());
        Assert.That(Log, Is.EqualTo(new[] { "waiter True at 0" }));
    }

    [Test]
    public void ABoundedSemaphoreOfZeroCanNeverBeReleased()
    {
        var semaphore = new BoundedSemaphore(0);

        Assert.That(semaphore.IsLocked, Is.True);
        Assert.Throws<InvalidOperationException>(() => semaphore.Release());
        Assert.That(semaphore.Counter, Is.Zero);
    }

    [Test]
    public void GreenLockIsABoundedSemaphoreOfOne()
    {
        var gate = new GreenLock();
        Assert.That((gate.Counter, gate.InitialValue, gate.IsLocked), Is.EqualTo((1, 1, false)));

        Assert.That(gate.Acquire(), Is.True);
        Assert.That(gate.IsLocked, Is.True);
        Assert.That(gate.Acquire(blocking: false), Is.False, "not re-entrant: its holder would wait too");

        Assert.That(gate.Release(), Is.EqualTo(1));
        Assert.Throws<InvalidOperationException>(() => gate.Release());
        Assert.That(gate.IsLocked, Is.False);
    }

    [Test]
    public void GreenLockHasNoOwnerSoAnyGreenletMayReleaseIt()
    {
        var gate = new GreenLock();
        gate.Acquire();
        var releaser = Greenlet.Spawn(ReleaseAfter, (GreenSemaphore)gate, 2.0);

        Assert.That(gate.Acquire(), Is.True, "main waits until another greenlet releases the lock main holds");
        Assert.That(Now, Is.EqualTo(2));
        Assert.That(releaser.IsSuccessful, Is.True);
    }

    [Test]
    public void GreenLockWaitersAreServedInArrivalOrder()
    {
        var gate = new GreenLock();
        gate.Acquire();
        var waiters = new[] { "a", "b", "c" }.Select(name => Greenlet.Spawn(TakeAndLog, (GreenSemaphore)gate, name)).ToArray();
        Greenlet.Sleep(1);

        for (var i = 0; i < 3; i++)
        {
            gate.Release();
            Greenlet.Sleep(1);
        }

        Greenlet.JoinAll(waiters);
        Assert.That(Log, Is.EqualTo(new[] { "a True at 1", "b True at 2", "c True at 3" }));
        Assert.That(gate.IsLocked, Is.True, "c still holds it");
    }
}
