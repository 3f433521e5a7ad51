namespace Greenlets.Tests.Lifecycle;

/// <summary>Kill raises at the suspension point, runs cleanup, and counts GreenletExit as success.</summary>
[Category(TestCategories.Unit)]
public sealed partial class KillTests : HubTestBase
{
    [Greenlet]
    private void SleepWithCleanup(double seconds)
    {
        try
        {
            using var resource = new Disposal(Log);
            Log.Add("sleeping");
            Greenlet.Sleep(seconds);
            Log.Add("woke");
        }
        finally
        {
            Log.Add("finally");
        }
    }

    private sealed class Disposal(List<string> log) : IDisposable
    {
        public void Dispose() => log.Add("disposed");
    }

    [Greenlet]
    private void Spin()
    {
        while (true)
        {
            Greenlet.Sleep(0);
        }
    }

    [Test]
    public void KillRaisesGreenletExitAtTheSuspensionPointAndCleanupRuns()
    {
        var g = Greenlet.Spawn(SleepWithCleanup, 100.0);
        Greenlet.Sleep(0);

        g.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "sleeping", "disposed", "finally" }));
        Assert.That((g.IsDead, g.IsSuccessful, g.Exception), Is.EqualTo((true, true, (Exception?)null)));
        Assert.That(Now, Is.EqualTo(0), "the sleep's timer no longer holds anything up");
        Assert.That(Errors.ToString(), Is.Empty, "GreenletExit is not reported as a failure");
    }

    [Test]
    public void KillWithAnExceptionFailsTheGreenlet()
    {
        var g = Greenlet.Spawn(SleepWithCleanup, 100.0);
        Greenlet.Sleep(0);

        g.Kill(new TimeoutException("stop"));

        Assert.That(g.IsSuccessful, Is.False);
        Assert.That(g.Exception, Is.TypeOf<TimeoutException>());
        Assert.That(Log, Does.Contain("finally"));
    }

    [Test]
    public void KillingAnUnstartedGreenletMeansItNeverRuns()
    {
        var g = Greenlet.Spawn(SleepWithCleanup, 1.0);

        g.Kill();
        Greenlet.Sleep(5);

        Assert.That(Log, Is.Empty);
        Assert.That((g.IsDead, g.IsSuccessful, g.IsStarted), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void KillOfAYieldingGreenletStopsItAtItsNextTurn()
    {
        var g = Greenlet.Spawn(Spin);
        Greenlet.Sleep(0);

        g.Kill(block: false);
        Assert.That(g.IsDead, Is.False, "a non-blocking kill returns before the greenlet dies");
        g.Join();

        Assert.That(g.IsDead, Is.True);
    }

    [Greenlet]
    private void IgnoresKills()
    {
        while (true)
        {
            try
            {
                Greenlet.Sleep(10);
            }
            catch (GreenletExit)
            {
                Log.Add("ignored");
            }
        }
    }

    [Test]
    public void BlockingKillWaitsNoLongerThanItsTimeout()
    {
        var g = Greenlet.Spawn(IgnoresKills);
        Greenlet.Sleep(0);

        g.Kill(timeout: 1);

        Assert.That(g.IsDead, Is.False);
        Assert.That(Log, Is.EqualTo(new[] { "ignored" }));
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void KillAllKillsEveryGreenletAndWaits()
    {
        var greenlets = Enumerable.Range(0, 5).Select(_ => (Greenlet)Greenlet.Spawn(Spin)).ToList();
        Greenlet.Sleep(0);

        Greenlet.KillAll(greenlets);

        Assert.That(greenlets.All(g => g.IsDead && g.IsSuccessful), Is.True);
    }

    [Greenlet]
    private void KillsItself()
    {
        Log.Add("before");
        Greenlet.Current.Kill();
        Log.Add("never");
    }

    [Test]
    public void AGreenletCanKillItself()
    {
        var g = Greenlet.Spawn(KillsItself);
        g.Join();

        Assert.That(Log, Is.EqualTo(new[] { "before" }));
        Assert.That(g.IsSuccessful, Is.True);
    }
}
