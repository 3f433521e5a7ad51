namespace Greenlets.Tests.Monitor;

/// <summary>
/// The blocking monitor, on the real clock: that is what it watches. The tests assert what a report says, never
/// how long anything took. Thresholds are generous (200 ms and more) so that a hub thread preempted by a busy
/// machine in the middle of a short turn does not look blocked.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class BlockingMonitorTests : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Monotonic();

    [Test]
    public void AGreenletThatSpinsFor300MillisecondsIsReportedWithItsMethodAndLastSuspensionPoint()
    {
        using var monitor = Hub.EnableMonitor(); // the default threshold, 100 ms
        var spinner = Greenlet.Spawn(MonitorWorkloads.Spin, 300);
        spinner.Join();
        Greenlet.Sleep(0.05); // the hub goes idle: an idle hub is never reported

        var report = Errors.ToString().ReplaceLineEndings("\n");
        Assert.Multiple(() =>
        {
            // At least: a busy machine may preempt the hub thread inside another turn for as long (see the class remarks).
            Assert.That(monitor.ReportCount, Is.GreaterThanOrEqualTo(1), report);
            // Nothing asked for its name before, so it has no id yet: the monitor thread does not assign one.
            Assert.That(report, Does.Contain(" : Greenlet <Greenlet: MonitorWorkloads.Spin(300)> appears to be blocked\n"));
            Assert.That(report, Does.Contain("    Reported by <HubMonitor of the hub on thread "));
            Assert.That(report, Does.Contain("threshold 100 ms>"));
            Assert.That(report, Does.Contain("    [Greenlet] method: MonitorWorkloads.Spin"));
            Assert.That(report, Does.Contain("Blocked since its last suspension point:\n  MonitorWorkloads.Spin at MonitorWorkloads.cs:10: Greenlet.Sleep(0)\n"));
            Assert.That(report, Does.StartWith(new string('=', 80)));
        });
    }

    [Test]
    public void EachReportIsAlsoRaisedAsAnEventLoopBlockedObject()
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<EventLoopBlocked>();
        Hub.LoopBlocked += reports.Enqueue;
        using var monitor = Hub.EnableMonitor(TimeSpan.FromMilliseconds(200));
        var spinner = Greenlet.Spawn(MonitorWorkloads.Spin, 600);
        spinner.Join();
        Greenlet.Sleep(0.05);
        monitor.Dispose();

        Assert.That(reports, Has.Count.EqualTo(monitor.ReportCount).And.Count.GreaterThanOrEqualTo(1));
        var report = reports.First(r => ReferenceEquals(r.Greenlet, spinner));
        Assert.Multiple(() =>
        {
            Assert.That(report.Method, Is.EqualTo("MonitorWorkloads.Spin"));
            Assert.That(report.SuspensionPoint, Is.EqualTo("MonitorWorkloads.Spin at MonitorWorkloads.cs:10: Greenlet.Sleep(0)"));
            Assert.That(report.Description, Is.EqualTo("<Greenlet: MonitorWorkloads.Spin(600)>"));
            Assert.That(report.BlockingTime, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)));
        });
    }

    [Test]
    public void TheSuspensionPointOfANestedCallIsTheOneNamedAndATurnIsReportedOnce()
    {
        using var monitor = Hub.EnableMonitor(TimeSpan.FromMilliseconds(200));
        var spinner = Greenlet.Spawn(MonitorWorkloads.SpinNested, 600);
        _ = spinner.Name; // give it its id now, so the report can name it
        spinner.Join();

        var report = Errors.ToString().ReplaceLineEndings("\n");
        Assert.Multiple(() =>
        {
            Assert.That(monitor.ReportCount, Is.EqualTo(1), report);
            Assert.That(report, Does.Contain($"<Greenlet \"{spinner.Name}\": MonitorWorkloads.SpinNested(600)> appears to be blocked"));
            Assert.That(report, Does.Contain("    [Greenlet] method: MonitorWorkloads.SpinNested"));
            Assert.That(report, Does.Contain("  MonitorWorkloads.SpinInside at MonitorWorkloads.cs:21: Greenlet.Sleep(0)"));
        });
    }

    [Test]
    public void GreenletsThatYieldAndAnIdleHubAreNotReported()
    {
        using var monitor = Hub.EnableMonitor(0.5);
        var yielder = Greenlet.Spawn(MonitorWorkloads.Yield, 1000);
        var napper = Greenlet.Spawn(MonitorWorkloads.Nap, 1.0); // the hub waits on a timer, holding nothing
        Greenlet.JoinAll(yielder, napper);

        Assert.That(monitor.ReportCount, Is.Zero, Errors.ToString());
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void EnablingTwiceReturnsTheRunningMonitorAndDisposingStopsIt()
    {
        var monitor = Hub.EnableMonitor(0.2);
        Assert.That(Hub.EnableMonitor(0.5), Is.SameAs(monitor));
        Assert.That(Hub.Monitor, Is.SameAs(monitor));

        monitor.Dispose();

        Assert.That(Hub.Monitor, Is.Null);
        var spinner = Greenlet.Spawn(MonitorWorkloads.Spin, 500);
        spinner.Join();
        Assert.That(monitor.ReportCount, Is.Zero);
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void AThresholdMustBePositiveAndFinite(double seconds)
    {
        Assert.That(() => Hub.EnableMonitor(seconds), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(Hub.Monitor, Is.Null);
    }

    [Test]
    public void TheEnvironmentStartsAMonitorOnEveryNewHubWithItsThreshold()
    {
        Environment.SetEnvironmentVariable(global::Greenlets.Hub.MonitorEnvironmentVariable, "1");
        Environment.SetEnvironmentVariable(global::Greenlets.Hub.MaxBlockingTimeEnvironmentVariable, "0.25");
        try
        {
            using (global::Greenlets.Hub.Install(HubClock.Virtual()))
            {
                Assert.That(Hub.Monitor, Is.Not.Null);
                Assert.That(Hub.Monitor!.Threshold, Is.EqualTo(TimeSpan.FromSeconds(0.25)));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(global::Greenlets.Hub.MonitorEnvironmentVariable, null);
            Environment.SetEnvironmentVariable(global::Greenlets.Hub.MaxBlockingTimeEnvironmentVariable, null);
        }

        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            Assert.That(Hub.Monitor, Is.Null);
        }
    }
}
