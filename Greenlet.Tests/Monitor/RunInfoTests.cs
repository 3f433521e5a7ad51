using System.Runtime.InteropServices;

namespace Greenlets.Tests.Monitor;

/// <summary>The run-info dump: on demand on the virtual clock.</summary>
[Category(TestCategories.Unit)]
public sealed class RunInfoTests : HubTestBase
{
    [Test]
    public void TheDumpShowsEveryGreenletUnderItsSpawnerWithStateAndSuspensionPoint()
    {
        var release = new Event();
        var parent = Greenlet.Spawn(MonitorWorkloads.ParentWaiting, release);
        var napper = Greenlet.Spawn(MonitorWorkloads.Nap, 5.0);
        Greenlet.Sleep(0); // both start; the parent spawns its child
        var child = Hub.LiveGreenlets.Single(g => !ReferenceEquals(g, parent) && !ReferenceEquals(g, napper));

        var lines = Hub.FormatRunInfo().ReplaceLineEndings("\n").Split('\n');

        Assert.That(lines, Does.Contain("* Greenlets"));
        Assert.That(lines.Single(l => l.StartsWith("clock ", StringComparison.Ordinal)), Does.StartWith("clock virtual at 0 s, reactor ").And.Contain(" 3 greenlets alive, 1 ready, 1 timers, "));
        var tree = lines.SkipWhile(l => l != "* Greenlets").Skip(2).ToArray();
        Assert.That(tree, Is.EqualTo(new[]
        {
            $"{Hub.MainGreenlet}; Running",
            " :    Parent: None",
            " :    Running: the thread's plain code (it blocks by running the hub)",
            $" +--- {parent}; Parked",
            $" :     :    Parent: {Hub.MainGreenlet}",
            " :     :    Suspended at: MonitorWorkloads.ParentWaiting at MonitorWorkloads.cs:30: release.Wait()",
            $" :     +--- {child}; Scheduled",
            $" :     :     :    Parent: {parent}",
            " :     :     :    Starting at: MonitorWorkloads.ChildWaiting at its start",
            $" +--- {napper}; Parked",
            $" :     :    Parent: {Hub.MainGreenlet}",
            " :     :    Suspended at: MonitorWorkloads.Nap at MonitorWorkloads.cs:38: Greenlet.Sleep(seconds)",
        }));

        release.Set();
        napper.Kill();
        Greenlet.JoinAll(parent, child);
    }

    [Test]
    public void PrintRunInfoWritesTheDump()
    {
        var napper = Greenlet.Spawn(MonitorWorkloads.Nap, 1.0);
        Greenlet.Sleep(0);
        var written = new StringWriter();

        Hub.PrintRunInfo(written);

        Assert.That(written.ToString(), Is.EqualTo(Hub.FormatRunInfo() + Environment.NewLine));
        Assert.That(written.ToString(), Does.Contain($"{napper}; Parked"));
        napper.Kill();
    }
}

/// <summary>The dump on SIGQUIT, which arrives in real time: on the real clock.</summary>
[Platform(Exclude = "Win")]
[Category(TestCategories.Unit)]
public sealed partial class RunInfoOnSignalTests : HubTestBase
{
    private const int SigQuit = 3;

    protected override HubClock CreateClock() => HubClock.Monotonic();

    [Test]
    public void SigquitMakesTheHubWriteTheDumpWhileTheMonitorRuns()
    {
        using var monitor = Hub.EnableMonitor(1.0);
        var napper = Greenlet.Spawn(MonitorWorkloads.Nap, 30.0);
        Greenlet.Sleep(0);

        Assert.That(Kill(Environment.ProcessId, SigQuit), Is.Zero);
        for (var i = 0; i < 200 && !Errors.ToString().Contains("* Greenlets", StringComparison.Ordinal); i++)
        {
            Greenlet.Sleep(0.025); // the dump is posted to the hub, which writes it between turns
        }

        var dump = Errors.ToString().ReplaceLineEndings("\n");
        Assert.That(dump, Does.Contain("* Greenlets\n"));
        Assert.That(dump, Does.Contain($" +--- {napper}; Parked\n"));
        Assert.That(dump, Does.Contain("Suspended at: MonitorWorkloads.Nap at MonitorWorkloads.cs:38: Greenlet.Sleep(seconds)"));
        napper.Kill();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
