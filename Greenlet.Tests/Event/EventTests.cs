namespace Greenlets.Tests.Events;

/// <summary>Event: Set/Clear/IsSet, Wait with and without a timeout, and one Set waking every waiter in wait order.</summary>
[Category(TestCategories.Unit)]
public sealed partial class EventTests : HubTestBase
{
    [Greenlet]
    private void Waiter(string name, Event ev, double? timeout)
    {
        Log.Add($"{name} waits");
        var set = ev.Wait(timeout);
        Log.Add($"{name} {set} at {Now}");
    }

    [Greenlet]
    private void SetAfter(Event ev, double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"set at {Now}");
        ev.Set();
        Log.Add("setter continues");
    }

    [Greenlet]
    private void WaitCatchingExit(string name, Event ev)
    {
        try
        {
            ev.Wait();
            Log.Add($"{name} woke");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed");
            throw;
        }
    }

    [Greenlet]
    private void WaitUnderTimeout(Event ev, double limit)
    {
        using var timeout = GreenTimeout.StartNew(limit);
        try
        {
            ev.Wait();
            Log.Add("woke");
        }
        catch (GreenTimeout fired) when (fired == timeout)
        {
            Log.Add($"timeout at {Now}");
        }
    }

    [Test]
    public void NewEventIsClearAndSetClearToggleTheFlag()
    {
        var ev = new Event();
        Assert.That(ev.IsSet, Is.False);

        ev.Set();
        Assert.That(ev.IsSet, Is.True);
        ev.Set();
        Assert.That(ev.IsSet, Is.True, "setting twice keeps it set");

        ev.Clear();
        Assert.That(ev.IsSet, Is.False);
    }

    [Test]
    public void WaitOnASetEventReturnsTrueAtOnce()
    {
        var ev = new Event();
        ev.Set();

        Assert.That(ev.Wait(), Is.True);
        Assert.That(ev.Wait(5), Is.True);
        Assert.That(ev.Wait(0), Is.True);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void WaitWithATimeoutReturnsFalseWhenNothingSetsIt()
    {
        var ev = new Event();

        Assert.That(ev.Wait(2.5), Is.False);
        Assert.That(Now, Is.EqualTo(2.5));
        Assert.That(ev.IsSet, Is.False);
    }

    [Test]
    public void WaitWithZeroOrNegativeTimeoutPollsWithoutSwitching()
    {
        var ev = new Event();
        var other = Greenlet.Spawn(SetAfter, ev, 0.0);

        Assert.That(ev.Wait(0), Is.False);
        Assert.That(ev.Wait(-1), Is.False);
        Assert.That(other.IsStarted && !other.IsDead, Is.True);
        Assert.That(Log, Is.Empty, "the spawned setter has not run: polling never switches");
        other.Join();
    }

    [Test]
    public void WaitReturnsTrueWhenSetBeforeTheTimeout()
    {
        var ev = new Event();
        Greenlet.Spawn(SetAfter, ev, 1.0);

        Assert.That(ev.Wait(5), Is.True);
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void MainGreenletWaitsUntilAGreenletSetsIt()
    {
        var ev = new Event();
        Greenlet.Spawn(SetAfter, ev, 3.0);

        Assert.That(ev.Wait(), Is.True);

        Assert.That(Now, Is.EqualTo(3));
        Assert.That(Log, Is.EqualTo(new[] { "set at 3", "setter continues" }), "Set never switches");
    }

    [Test]
    public void OneSetWakesEveryWaiterInWaitOrderEvenIfClearedBeforeTheyRun()
    {
        var ev = new Event();
        var waiters = new[] { "c", "a", "b" }.Select(name => Greenlet.Spawn(Waiter, name, ev, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        ev.Set();
        ev.Clear();
        Greenlet.JoinAll(waiters);

        Assert.That(Log, Is.EqualTo(new[] { "c waits", "a waits", "b waits", "c True at 0", "a True at 0", "b True at 0" }));
        Assert.That(ev.IsSet, Is.False);
    }

    [Test]
    public void WaitAfterClearBlocksUntilTheNextSet()
    {
        var ev = new Event();
        ev.Set();
        ev.Clear();
        Greenlet.Spawn(SetAfter, ev, 4.0);

        Assert.That(ev.Wait(), Is.True);
        Assert.That(Now, Is.EqualTo(4));
    }

    [Test]
    public void WaitersWithTimeoutsGetFalseAtTheirDeadlineAndTrueIfSetFirst()
    {
        var ev = new Event();
        var early = Greenlet.Spawn(Waiter, "early", ev, (double?)1);
        var late = Greenlet.Spawn(Waiter, "late", ev, (double?)3);
        var forever = Greenlet.Spawn(Waiter, "forever", ev, (double?)null);
        var setter = Greenlet.Spawn(SetAfter, ev, 2.0);

        Greenlet.JoinAll(early, late, forever, setter);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "early waits", "late waits", "forever waits",
            "early False at 1",
            "set at 2", "setter continues", "late True at 2", "forever True at 2",
        }));
        Assert.That(Now, Is.EqualTo(2), "the late waiter's timer no longer holds anything up");
    }

    [Test]
    public void KillingAWaiterRaisesGreenletExitAndTheOthersStillWake()
    {
        var ev = new Event();
        var a = Greenlet.Spawn(WaitCatchingExit, "a", ev);
        var b = Greenlet.Spawn(WaitCatchingExit, "b", ev);
        var c = Greenlet.Spawn(WaitCatchingExit, "c", ev);
        Greenlet.Sleep(0);

        b.Kill();
        ev.Set();
        Greenlet.JoinAll(a, b, c);

        Assert.That(Log, Is.EqualTo(new[] { "b killed", "a woke", "c woke" }));
        Assert.That((b.IsDead, b.IsSuccessful), Is.EqualTo((true, true)));
    }

    [Test]
    public void KillArrivingAfterSetButBeforeTheWaiterRunsStillKillsIt()
    {
        var ev = new Event();
        var a = Greenlet.Spawn(WaitCatchingExit, "a", ev);
        Greenlet.Sleep(0);

        ev.Set();
        a.Kill(block: false);
        a.Join();

        Assert.That(Log, Is.EqualTo(new[] { "a killed" }), "an event hands nothing over, so the kill is not deferred");
    }

    [Test]
    public void AGreenTimeoutInterruptsAWait()
    {
        var ev = new Event();
        var g = Greenlet.Spawn(WaitUnderTimeout, ev, 1.5);

        g.Join();
        ev.Set();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "timeout at 1.5" }));
    }

    [Test]
    public void TimedOutWaitersAreNotWokenByALaterSet()
    {
        var ev = new Event();
        var g = Greenlet.Spawn(Waiter, "g", ev, (double?)1);
        g.Join();

        ev.Set();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "g waits", "g False at 1" }));
    }


    [Test]
    public void ASetAtTheDeadlineAfterTheTimeoutWokeTheWaiterDoesNotMakeItTrue()
    {
        // gevent prints "g False at 1" for the same program: the timeout ended the wait, and the outcome is
        // what ended it, even though the set came before the waiter ran again.
        var ev = new Event();
        Greenlet.Spawn(SetAfter, ev, 1.0); // its timer is older, so its turn comes first at 1 s
        var g = Greenlet.Spawn(Waiter, "g", ev, (double?)1);
        g.Join();

        Assert.That(Log, Is.EqualTo(new[] { "g waits", "set at 1", "setter continues", "g False at 1" }));
        Assert.That(ev.IsSet, Is.True);
    }

    [Test]
    public void AMainGreenletWaitEndedByItsTimeoutReturnsFalseAndByASetTrue()
    {
        var ev = new Event();
        Assert.That(ev.Wait(0.5), Is.False);
        Assert.That(Now, Is.EqualTo(0.5));

        Greenlet.Spawn(SetAfter, ev, 1.0);
        Assert.That(ev.Wait(2), Is.True, "the flag the timeout left clear does not stick");
        Assert.That(Now, Is.EqualTo(1.5));
    }
    [Test]
    public void ManySetsAndClearsWithManyWaitersLoseNoWakeup()
    {
        var ev = new Event();
        var waiters = Enumerable.Range(0, 50).Select(i => Greenlet.Spawn(Waiter, $"w{i}", ev, (double?)(i % 2 == 0 ? null : 100))).ToArray();
        Greenlet.Sleep(0);
        for (var i = 0; i < 3; i++)
        {
            ev.Set();
            ev.Clear();
        }

        Greenlet.JoinAll(waiters);

        Assert.That(Log.Count(line => line.EndsWith(" True at 0", StringComparison.Ordinal)), Is.EqualTo(50));
    }

    [Test]
    public void PlainWaitThatCanNeverBeSetRaisesLoopExit()
    {
        var ev = new Event();

        Assert.Throws<LoopExitException>(() => ev.Wait());

        // The main greenlet's aborted wait left nothing behind: a later Set/Wait pair still works.
        ev.Set();
        Assert.That(ev.Wait(), Is.True);
    }
}
