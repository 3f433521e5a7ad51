namespace Greenlets.Tests.Tasks;

/// <summary>greenlet.KillToken: cancelled, on the hub, when the greenlet dies; a kill abandons the Task work it waits on.</summary>
[Category(TestCategories.Unit)]
public sealed partial class KillTokenTests : HubTestBase
{
    // The tasks here end only when the hub acts (a kill): outside work holds the clock for this little real time.
    protected override HubClock CreateClock() =>
        HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(50), outsideWorkGrace: TimeSpan.FromMilliseconds(50));

    [Greenlet]
    private static void SleepFor(double seconds) => Greenlet.Sleep(seconds);

    [Greenlet]
    private void WaitOnDelayWithItsToken(List<Task> delays)
    {
        var delay = Task.Delay(Timeout.Infinite, Greenlet.Current.KillToken);
        delays.Add(delay);
        try
        {
            Greenlet.WaitTask(delay);
        }
        finally
        {
            Log.Add($"finally: token cancelled {Greenlet.Current.KillToken.IsCancellationRequested}");
        }
    }

    [Test]
    public void TokenIsCancelledWhenTheGreenletIsKilledAndCallbacksRunOnTheHub()
    {
        var hubThread = Environment.CurrentManagedThreadId;
        var greenlet = Greenlet.Spawn(SleepFor, 10.0);
        var token = greenlet.KillToken;
        var callbackThread = 0;
        token.Register(() => callbackThread = Environment.CurrentManagedThreadId);
        Greenlet.Sleep(1);

        Assert.That(token.IsCancellationRequested, Is.False);
        greenlet.Kill();

        Assert.That(token.IsCancellationRequested, Is.True);
        Assert.That(callbackThread, Is.EqualTo(hubThread));
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void TokenIsCancelledWhenTheGreenletReturns()
    {
        var greenlet = Greenlet.Spawn(SleepFor, 2.0);
        var token = greenlet.KillToken;
        greenlet.Join();

        Assert.That(token.IsCancellationRequested, Is.True);
    }

    [Test]
    public void TokenIsCancelledWhenKilledBeforeItStarts()
    {
        var greenlet = Greenlet.Spawn(SleepFor, 2.0);
        var token = greenlet.KillToken;
        greenlet.Kill(block: false);

        Assert.That(token.IsCancellationRequested, Is.True);
    }

    [Test]
    public void SameTokenEachTimeAndACancelledOneOnceDead()
    {
        var greenlet = Greenlet.Spawn(SleepFor, 1.0);

        var first = greenlet.KillToken;
        var second = greenlet.KillToken;
        Assert.That(second, Is.EqualTo(first));
        greenlet.Join();
        Assert.That(greenlet.KillToken.IsCancellationRequested, Is.True);
    }

    [Test]
    public void KillAbandonsTheTaskTheGreenletWaitsOn()
    {
        var delays = new List<Task>();
        var greenlet = Greenlet.Spawn(WaitOnDelayWithItsToken, delays);
        Greenlet.Sleep(1);
        greenlet.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "finally: token cancelled False" }), "the token fires at death, after the finally blocks");
        Assert.That(delays.Single().IsCanceled, Is.True, "the kill cancelled the task");
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void ThrowingCallbackIsReportedAndTheGreenletStillDies()
    {
        var greenlet = Greenlet.Spawn(SleepFor, 1.0);
        greenlet.KillToken.Register(() => throw new InvalidOperationException("callback broke"));
        greenlet.Join();

        Assert.That(greenlet.IsDead, Is.True);
        Assert.That(Errors.ToString(), Does.Contain("callback broke"));
    }
}
