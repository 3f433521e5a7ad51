
namespace Greenlets.Tests.Monitor;

/// <summary>
/// <see cref="Hub.SetTrace"/> against what greenlet.settrace saw under real gevent (Gevent/switch_trace.py, its output
/// in Gevent/switch_trace.out), the lifecycle events, and the cost of tracing nothing.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SwitchTraceTests : HubTestBase
{
    private static readonly GeventSections s_gevent = new("Greenlet.Tests", "Monitor", "Gevent", "switch_trace.out");

    [Greenlet]
    private static void Work(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Greenlet.Sleep(0);
        }
    }

    [Greenlet]
    private static void Nap() => Greenlet.Sleep(10);

    [Greenlet]
    private static void Fail() => throw new InvalidOperationException("no");

    [Greenlet]
    private static long SwitchesCountingBytes(int count)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            Greenlet.Sleep(0);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private GreenletSwitchTracer Recorder() => (kind, origin, target) =>
        Log.Add($"{(kind == GreenletSwitchKind.Throw ? "throw" : "switch")} {NameOf(origin)} -> {NameOf(target)}");

    private string NameOf(Greenlet? greenlet) => greenlet is null ? "hub" : ReferenceEquals(greenlet, Hub.MainGreenlet) ? "main" : greenlet.Name;

    [Test]
    public void EverySwitchThroughTheHubIsTracedAsGeventTracesIt()
    {
        var a = Greenlet.Spawn(Work, 2);
        a.Name = "a";
        var b = Greenlet.Spawn(Work, 1);
        b.Name = "b";
        Hub.SetTrace(Recorder());
        Greenlet.JoinAll(a, b);
        Hub.SetTrace(null);

        Assert.That(Log, Is.EqualTo(s_gevent["joinall"]));
    }

    [Test]
    public void AKillIsTracedAsAThrowIntoTheGreenlet()
    {
        var c = Greenlet.Spawn(Nap);
        c.Name = "c";
        Greenlet.Sleep(0);
        Hub.SetTrace(Recorder());
        c.Kill();
        Hub.SetTrace(null);

        Assert.That(Log, Is.EqualTo(s_gevent["kill"]));
    }

    [Test]
    public void SetTraceReturnsThePreviousTracerAndNullStopsTracing()
    {
        GreenletSwitchTracer first = (_, _, _) => Log.Add("first");
        GreenletSwitchTracer second = (_, _, _) => Log.Add("second");

        Assert.That(Hub.SetTrace(first), Is.Null);
        Assert.That(Hub.SetTrace(second), Is.SameAs(first));
        Assert.That(Hub.GetTrace(), Is.SameAs(second));
        Assert.That(Hub.SetTrace(null), Is.SameAs(second));
        Greenlet.Spawn(Work, 1).Join();

        Assert.That(Log, Is.Empty);
    }

    [Test]
    public void ATracerThatThrowsIsReportedAndTheHubGoesOn()
    {
        Hub.SetTrace((_, _, _) => throw new InvalidOperationException("tracer broke"));
        var worker = Greenlet.Spawn(Work, 2);
        worker.Join();
        Hub.SetTrace(null);

        Assert.That(worker.IsSuccessful, Is.True);
        Assert.That(Errors.ToString(), Does.Contain("tracer broke").And.Contain("switch tracer failed with InvalidOperationException"));
    }

    [Test]
    public void StartedAndDiedAreRaisedForEveryGreenletInOrder()
    {
        void Started(Greenlet g) => Log.Add($"started {g.Name} {g.State}");
        void Died(Greenlet g) => Log.Add($"died {g.Name} {(g.IsSuccessful ? "ok" : g.Exception!.GetType().Name)}");
        Hub.GreenletStarted += Started;
        Hub.GreenletDied += Died;

        var ok = Greenlet.Create(Work, 1);
        ok.Name = "ok";
        ok.Start();
        var bad = Greenlet.Create(Fail);
        bad.Name = "bad";
        bad.Start();
        var napper = Greenlet.Create(Nap);
        napper.Name = "nap";
        napper.Start();
        Greenlet.Sleep(0);
        napper.Kill();
        ok.Join();
        Hub.GreenletStarted -= Started;
        Hub.GreenletDied -= Died;
        Greenlet.Spawn(Work, 1).Join();

        Assert.That(Log, Is.EqualTo(new[]
        {
            "started ok Scheduled", "started bad Scheduled", "started nap Scheduled",
            "died bad InvalidOperationException", "died ok ok", "died nap ok", // a kill is a success, as in gevent
        }));
        Assert.That(Hub.GreenletsSpawned, Is.EqualTo(4));
    }

    [Test]
    public void WithNoTracerASwitchAllocatesNothing([Values] bool tracerSetAndRemovedBefore)
    {
        if (tracerSetAndRemovedBefore)
        {
            Hub.SetTrace((_, _, _) => { });
            Hub.GreenletDied += IgnoreDeath;
            Hub.SetTrace(null);
            Hub.GreenletDied -= IgnoreDeath;
        }

        // Warm up: the first round sizes the ready queue and jits the twins.
        Greenlet.JoinAll(Greenlet.Spawn(SwitchesCountingBytes, 100), Greenlet.Spawn(Work, 100));
        var a = Greenlet.Spawn(SwitchesCountingBytes, 10_000);
        var b = Greenlet.Spawn(Work, 10_000);
        Greenlet.JoinAll(a, b);

        Assert.That(a.Value, Is.Zero, "bytes allocated over 20,000 switches with no tracer");
    }

    private static void IgnoreDeath(Greenlet greenlet)
    {
    }

    [Test]
    public void WithATracerEverySwitchIsSeenAndTheSwitchStillAllocatesNothing()
    {
        var switches = 0;
        Hub.SetTrace((_, _, _) => switches++);
        Greenlet.JoinAll(Greenlet.Spawn(SwitchesCountingBytes, 100), Greenlet.Spawn(Work, 100));
        switches = 0;
        var a = Greenlet.Spawn(SwitchesCountingBytes, 1_000);
        var b = Greenlet.Spawn(Work, 1_000);
        Greenlet.JoinAll(a, b);
        Hub.SetTrace(null);

        Assert.That(a.Value, Is.Zero);
        // main -> hub, then 1,001 turns each for a and b (in and out), then hub -> main.
        Assert.That(switches, Is.EqualTo(2 + (2 * 2 * 1_001)));
    }
}
