using System.Reflection;

namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// A greenlet resuming from its own sleep or join looks for an interrupt only while the process-wide count of
/// undelivered interrupts is above zero. Every way an interrupt ends (raised, withdrawn by a cancelled timeout, dropped
/// by a death before it was raised) must take its count back, or every resume in the process stays on the slow path;
/// and one still pending must keep the count up, or it would never be raised.
/// </summary>
[NonParallelizable] // reads a count shared by every hub of the process
[Category(TestCategories.Unit)]
public sealed partial class PendingInterruptCountTests : HubTestBase
{
    private static readonly FieldInfo s_count =
        typeof(Greenlet).GetField("s_pendingInterrupts", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("Greenlet no longer has s_pendingInterrupts; update this test.");

    private static int PendingCount => (int)s_count.GetValue(null)!;

    [Greenlet]
    private static void Sleeper(double seconds) => Greenlet.Sleep(seconds);

    [Greenlet]
    private static void SleepsWithinTimeout(double sleep, double limit)
    {
        using var timeout = GreenTimeout.StartNew(limit);
        Greenlet.Sleep(sleep);
    }

    [Greenlet]
    private static void KillsItselfDeferredThenReturns(Group group)
    {
        group.KillOne(Greenlet.Current, block: false); // the running greenlet: deferred to its next switch
    }

    [Test]
    public void EveryEndOfAnInterruptTakesItsCountBack()
    {
        var before = PendingCount;

        var killedWhileParked = Greenlet.Spawn(Sleeper, 100.0);
        var killedBeforeStart = Greenlet.Spawn(Sleeper, 100.0);
        var timedOut = Greenlet.Spawn(SleepsWithinTimeout, 10.0, 1.0);
        var timeoutCancelled = Greenlet.Spawn(SleepsWithinTimeout, 1.0, 10.0);
        killedBeforeStart.Kill(block: false);
        Greenlet.Sleep(0);

        var killedWhileReady = Greenlet.Spawn(Sleeper, 0.0);
        Greenlet.Sleep(0); // it sleeps(0): ready again when the kill arrives
        killedWhileReady.Kill(block: false);
        Assert.That(PendingCount, Is.EqualTo(before + 1), "a kill not yet raised is counted");

        killedWhileParked.Kill();
        Greenlet.JoinAll(timedOut, timeoutCancelled, killedWhileReady);

        Assert.That(killedWhileParked.IsDead && killedBeforeStart.IsDead && killedWhileReady.IsDead, Is.True);
        Assert.That(timedOut.Exception, Is.TypeOf<GreenTimeout>());
        Assert.That(timeoutCancelled.IsSuccessful, Is.True);
        Assert.That(PendingCount, Is.EqualTo(before), "every interrupt was raised, withdrawn or dropped");
    }

    [Test]
    public void AnInterruptItsGreenletDiesWithoutRaisingIsDroppedFromTheCount()
    {
        var before = PendingCount;
        var group = new Group();

        var greenlet = group.Spawn(KillsItselfDeferredThenReturns, group);
        greenlet.Join();

        Assert.That(greenlet.IsDead, Is.True);
        Assert.That(PendingCount, Is.EqualTo(before));
    }
}
