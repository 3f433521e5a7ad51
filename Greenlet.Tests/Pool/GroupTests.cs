using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Pools;

/// <summary>Group: membership that follows deaths, Join, Kill and KillOne, from plain and rewritten code.</summary>
[Category(TestCategories.Unit)]
public sealed partial class GroupTests : HubTestBase
{
    [Greenlet]
    public static int Nap(double seconds)
    {
        Greenlet.Sleep(seconds);
        return (int)seconds;
    }

    [Greenlet]
    public static int FailAfter(double seconds)
    {
        Greenlet.Sleep(seconds);
        throw new InvalidOperationException($"failed after {seconds}");
    }

    [Greenlet]
    public void SleepWithCleanup(string name, double seconds)
    {
        try
        {
            Greenlet.Sleep(seconds);
            Log.Add($"{name} woke");
        }
        finally
        {
            Log.Add($"{name} finally");
        }
    }

    /// <summary>Survives one kill, then sleeps on.</summary>
    [Greenlet]
    public void Stubborn(double seconds)
    {
        try
        {
            Greenlet.Sleep(seconds);
        }
        catch (GreenletExit)
        {
            Log.Add("caught GreenletExit");
            Greenlet.Sleep(seconds);
        }
    }

    /// <summary>When killed, spawns a replacement into the group on its way out.</summary>
    [Greenlet]
    public void Respawner(Group group)
    {
        try
        {
            Greenlet.Sleep(10);
        }
        finally
        {
            group.Spawn(SleepWithCleanup, "replacement", 10.0);
            Log.Add("respawned");
        }
    }

    [Greenlet]
    public void KillsItsGroup(Group group)
    {
        Log.Add("killing");
        group.Kill();
        Log.Add("after kill");
    }

    [Greenlet]
    public void KillsItself(Group group, bool block)
    {
        group.KillOne(Greenlet.Current, block: block);
        Log.Add("still running");
        Greenlet.Sleep(1);
        Log.Add("after sleep");
    }

    [Greenlet]
    public string JoinAndKillInsideAGreenlet(Group group)
    {
        var first = group.Join(1);
        group.KillOne(group.First());
        var afterKillOne = group.Count;
        group.Kill();
        return $"{first} {afterKillOne} {group.Count} {group.Join()}";
    }

    [Test]
    public void SpawnedMembersLeaveTheGroupWhenTheyDie()
    {
        var group = new Group();
        var a = group.Spawn(Nap, 1.0);
        var b = group.Spawn(Nap, 2.0);

        Assert.That(group.Count, Is.EqualTo(2));
        Assert.That(group.Contains(a) && group.Contains(b), Is.True);
        Assert.That(group, Is.EqualTo(new Greenlet[] { a, b }), "enumerated in the order they joined");

        a.Join();
        Assert.That(group.Contains(a), Is.False);
        Assert.That(group, Is.EqualTo(new Greenlet[] { b }));

        b.Join();
        Assert.That(group.Count, Is.Zero);
        Assert.That(group, Is.Empty);
    }

    [Test]
    public void AddTracksAGreenletOnceAndDiscardStopsTrackingIt()
    {
        var group = new Group();
        var g = Greenlet.Spawn(Nap, 1.0);

        group.Add(g);
        group.Add(g);
        Assert.That(group.Count, Is.EqualTo(1), "adding a member again does nothing");

        group.Discard(g);
        group.Discard(g);
        Assert.That(group.Count, Is.Zero);
        Assert.That(group.Join(), Is.True, "an empty group joins at once");
        Assert.That(Now, Is.Zero);
        Assert.That(g.Get(), Is.EqualTo(1), "a discarded greenlet runs on");
        Assert.That(group.Count, Is.Zero);
    }

    /// <summary>Greenlet.Tests/Pool/Gevent/group_discard.py: the same three steps, and what gevent printed.</summary>
    [Test]
    public void DeadMembersLeaveOnTheHubsNextPassAsInGevent()
    {
        var output = new StringBuilder();
        var dead = Greenlet.Spawn(Nap, 0.0);
        dead.Join();
        var alive = Greenlet.Spawn(Nap, 1.0);
        var group = new Group([dead, alive]);
        group.Add(dead);
        output.Append($"{group.Count} {Python(group.Contains(dead))}\n");
        Greenlet.Sleep(0);
        output.Append($"{group.Count} {Python(group.Contains(dead))}\n");
        Assert.That(group, Is.EqualTo(new Greenlet[] { alive }));

        var g = new Group();
        for (var i = 0; i < 3; i++)
        {
            g.Spawn(Nap, 1.0);
        }

        foreach (var member in g)
        {
            member.Kill(); // a member that never started dies at once, and leaves on the next pass
        }

        output.Append($"{g.Count}\n");

        var expected = File.ReadAllText(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Pool", "Gevent", "group_discard.out"));
        Assert.That(output.ToString(), Is.EqualTo(expected));
        Greenlet.Sleep(0);
        Assert.That(g.Count, Is.Zero, "gone after the pass");
    }

    private static string Python(bool value) => value ? "True" : "False";

    [Test]
    public void JoinReturnsWhetherTheGroupEmptiedBeforeTheTimeout()
    {
        var group = new Group();
        group.Spawn(Nap, 5.0);
        group.Spawn(Nap, 3.0);

        Assert.That(group.Join(timeout: 1), Is.False);
        Assert.That(Now, Is.EqualTo(1));
        Assert.That(group.Join(timeout: 0), Is.False);
        Assert.That(group.Join(), Is.True);
        Assert.That(Now, Is.EqualTo(5));
        Assert.That(group.Join(timeout: 0), Is.True);
    }

    [Test]
    public void JoinWithRaiseErrorRethrowsTheFirstFailureWithItsStack()
    {
        var group = new Group();
        group.Spawn(Nap, 1.0);
        group.Spawn(FailAfter, 2.0);
        group.Spawn(FailAfter, 3.0);

        var failure = Assert.Throws<InvalidOperationException>(() => group.Join(raiseError: true));

        Assert.That(failure!.Message, Is.EqualTo("failed after 2"));
        Assert.That(failure.StackTrace, Does.Contain(nameof(FailAfter)));
        Assert.That(Now, Is.EqualTo(3), "it waited for the whole group first");
        Assert.That(Errors.ToString(), Does.Contain("failed after 2").And.Contain("failed after 3"), "the hub reported both");
    }

    [Test]
    public void JoinWithoutRaiseErrorIgnoresFailures()
    {
        var group = new Group();
        group.Spawn(FailAfter, 1.0);

        Assert.That(group.Join(), Is.True);
        Assert.That(group.Join(raiseError: true), Is.True, "only the members at the start of the join are checked");
    }

    [Test]
    public void KillKillsEveryMemberAndWaitsForThem()
    {
        var group = new Group();
        var a = Greenlet.Spawn(SleepWithCleanup, "a", 10.0);
        var b = Greenlet.Spawn(SleepWithCleanup, "b", 10.0);
        group.Add(a);
        group.Add(b);
        Greenlet.Sleep(0);

        group.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "a finally", "b finally" }));
        Assert.That(group.Count, Is.Zero);
        Assert.That(new[] { a, b }.All(g => g.IsDead && g.IsSuccessful), Is.True, "GreenletExit counts as success");
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void KillWithAnExceptionAndNoWait()
    {
        var group = new Group();
        var a = group.Spawn(Nap, 10.0);
        Greenlet.Sleep(0);

        group.Kill(new TimeoutException("stop"), block: false);
        Assert.That(a.IsDead, Is.False, "not waited for");

        Assert.That(group.Join(), Is.True);
        Assert.That(a.Exception, Is.TypeOf<TimeoutException>());
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void KillOfUnstartedMembersMeansTheyNeverRun()
    {
        var group = new Group();
        group.Spawn(SleepWithCleanup, "a", 1.0);

        group.Kill();

        Assert.That(group.Count, Is.Zero);
        Greenlet.Sleep(2);
        Assert.That(Log, Is.Empty);
    }

    [Test]
    public void KillWithATimeoutGivesUpAndKillsEachMemberOnlyOnce()
    {
        var group = new Group();
        var stubborn = group.Spawn(Stubborn, 10.0);
        Greenlet.Sleep(0);

        group.Kill(timeout: 1);

        Assert.That(Now, Is.EqualTo(1));
        Assert.That(stubborn.IsDead, Is.False);
        Assert.That(group.Count, Is.EqualTo(1));

        group.Kill(block: false);
        group.KillOne(stubborn, timeout: 1);
        Assert.That(Log, Is.EqualTo(new[] { "caught GreenletExit" }), "a member being killed is not killed again");
        Assert.That(Now, Is.EqualTo(1), "KillOne of a dying member does not wait");

        Assert.That(group.Join(), Is.True);
        Assert.That(Now, Is.EqualTo(10));
    }

    [Test]
    public void KillAlsoKillsMembersThatJoinMeanwhile()
    {
        var group = new Group();
        group.Spawn(Respawner, group);
        Greenlet.Sleep(0);

        group.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "respawned", "replacement finally" }), "the replacement was killed too");
        Assert.That(group.Count, Is.Zero);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void AMemberKillingItsGroupDiesAtItsNextSuspension()
    {
        var group = new Group();
        var other = group.Spawn(SleepWithCleanup, "other", 10.0);
        var killer = group.Spawn(KillsItsGroup, group);

        killer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "killing", "other finally" }));
        Assert.That(killer.IsSuccessful && other.IsSuccessful, Is.True);
        Assert.That(group.Count, Is.Zero);
    }

    [Test]
    public void KillOneKillsAMemberAndWaits()
    {
        var group = new Group();
        var a = group.Spawn(SleepWithCleanup, "a", 10.0);
        var b = group.Spawn(SleepWithCleanup, "b", 10.0);
        var outsider = Greenlet.Spawn(Nap, 1.0);
        Greenlet.Sleep(0);

        group.KillOne(outsider);
        group.KillOne(a);

        Assert.That(a.IsDead, Is.True);
        Assert.That(Log, Is.EqualTo(new[] { "a finally" }));
        Assert.That(group, Is.EqualTo(new Greenlet[] { b }));
        Assert.That(outsider.IsDead, Is.False, "a greenlet that is not a member is left alone");

        group.KillOne(b, new TimeoutException(), block: false);
        Assert.That(b.IsDead, Is.False);
        b.Join();
        Assert.That(b.Exception, Is.TypeOf<TimeoutException>());
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AMemberKillingItselfDiesAtItsNextSuspension(bool block)
    {
        var group = new Group();
        var g = group.Spawn(KillsItself, group, block);

        g.Join();

        Assert.That(Log, Is.EqualTo(new[] { "still running" }));
        Assert.That(g.IsSuccessful, Is.True);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void JoinAndKillInRewrittenCode()
    {
        var group = new Group();
        group.Spawn(Nap, 5.0);
        group.Spawn(Nap, 5.0);
        group.Spawn(Nap, 5.0);

        var summary = Greenlet.Spawn(JoinAndKillInsideAGreenlet, group).Get();

        Assert.That(summary, Is.EqualTo("False 2 0 True"));
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void AGroupIsNeverFull()
    {
        var group = new Group();
        for (var i = 0; i < 100; i++)
        {
            group.Spawn(Nap, 1.0);
        }

        Assert.That((group.Count, group.IsFull, group.FreeCount, group.WaitAvailable()), Is.EqualTo((100, false, 1, 1)));
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void PlainJoinInsideARunningGreenletFailsAtOnce()
    {
        var group = new Group();
        group.Spawn(Nap, 1.0);
#pragma warning disable GRN0202 // the plain join inside a greenlet must fail: that is what this test checks
        var plain = Greenlet.Spawn(() => group.Join());
#pragma warning restore GRN0202

        plain.Join();

        Assert.That(plain.Exception, Is.TypeOf<GreenletContextException>());
        Assert.That(plain.Exception!.Message, Does.Contain("Group.Join"));
    }
}
