namespace Greenlets.Tests.Hub;

/// <summary>The hub's ordering guarantees: spawn is FIFO and never switches, Sleep(0) is round-robin, timers fire by (deadline, start order).</summary>
[Category(TestCategories.Unit)]
public sealed partial class SchedulingTests : HubTestBase
{
    [Greenlet]
    private void Step(string name, int turns)
    {
        for (var i = 0; i < turns; i++)
        {
            Log.Add($"{name}{i}");
            Greenlet.Sleep(0);
        }
    }

    [Greenlet]
    private void SleepThenLog(string name, double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"{name}@{Now}");
    }

    [Greenlet]
    private void SpawnChildAndLog()
    {
        Greenlet.Spawn(Step, "child", 1);
        Log.Add("parent continues before child runs");
        Greenlet.Sleep(0);
        Log.Add("parent after yield");
    }

    [Test]
    public void SpawnedGreenletsStartInSpawnOrderAndSleepZeroIsRoundRobin()
    {
        var a = Greenlet.Spawn(Step, "a", 3);
        var b = Greenlet.Spawn(Step, "b", 3);
        var c = Greenlet.Spawn(Step, "c", 2);
        Assert.That(Log, Is.Empty, "spawning must not run anything yet");

        Greenlet.JoinAll(a, b, c);

        Assert.That(Log, Is.EqualTo(new[] { "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2" }));
    }

    [Test]
    public void SpawnFromAGreenletNeverSwitchesAwayFromIt()
    {
        Greenlet.Spawn(SpawnChildAndLog).Join();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "parent continues before child runs", "child0", "parent after yield" }));
    }

    [Test]
    public void TimersFireByDeadlineThenByStartOrder()
    {
        var greenlets = new[]
        {
            Greenlet.Spawn(SleepThenLog, "late", 2.0),
            Greenlet.Spawn(SleepThenLog, "first-at-1", 1.0),
            Greenlet.Spawn(SleepThenLog, "second-at-1", 1.0),
            Greenlet.Spawn(SleepThenLog, "early", 0.5),
        };

        Greenlet.JoinAll(greenlets);

        Assert.That(Log, Is.EqualTo(new[] { "early@0.5", "first-at-1@1", "second-at-1@1", "late@2" }));
    }

    [Test]
    public void VirtualClockJumpsToTheNextTimerWhenEverythingWaits()
    {
        Greenlet.Spawn(SleepThenLog, "sleeper", 3600.0).Join();

        Assert.That(Log, Is.EqualTo(new[] { "sleeper@3600" }));
        Assert.That(Now, Is.EqualTo(3600));
    }

    [Test]
    public void MainGreenletBlocksByRunningTheHub()
    {
        Greenlet.Spawn(Step, "g", 2);

        Greenlet.Sleep(0);
        Log.Add("main after first yield");
        Greenlet.Sleep(0);
        Log.Add("main after second yield");

        Assert.That(Log, Is.EqualTo(new[] { "g0", "main after first yield", "g1", "main after second yield" }));
        Assert.That(Greenlet.Current, Is.SameAs(Hub.MainGreenlet));
    }

    [Test]
    public void SameProgramInterleavesTheSameWayEveryRun()
    {
        List<string> Run()
        {
            using var _ = Greenlets.Hub.Install(HubClock.Virtual());
            Log.Clear();
            var greenlets = Enumerable.Range(0, 20).Select(i => Greenlet.Spawn(SleepThenLog, $"g{i}", (i * 7 % 5) * 0.25)).ToList();
            Greenlet.JoinAll(greenlets);
            return [.. Log];
        }

        var first = Run();
        Assert.That(Run(), Is.EqualTo(first));
        Assert.That(first, Has.Count.EqualTo(20));
    }

    [Test]
    public void ClockIsChosenByTheEnvironmentVariable()
    {
        var saved = Environment.GetEnvironmentVariable(HubClock.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, "virtual");
            Assert.That(HubClock.FromEnvironment().IsVirtual, Is.True);
            Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, null);
            Assert.That(HubClock.FromEnvironment().IsVirtual, Is.False);
            Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, "sundial");
            Assert.That(() => HubClock.FromEnvironment(), Throws.InvalidOperationException.With.Message.Contains("sundial"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, saved);
        }
    }

    [Test]
    public void EachThreadHasItsOwnHub()
    {
        Greenlets.Hub? other = null;
        var thread = new Thread(() => other = Greenlets.Hub.Current);
        thread.Start();
        thread.Join();

        Assert.That(other, Is.Not.Null.And.Not.SameAs(Hub));
    }
}
