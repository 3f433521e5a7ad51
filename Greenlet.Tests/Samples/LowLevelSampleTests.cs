using LowLevelSample;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The low-level sample (samples/LowLevel): a green CountdownEvent and a green eventfd written on Greenlets.LowLevel
/// alone, with the same guarantees as the runtime's own primitives (FIFO wakes, timeouts, kills), and the sample's
/// program end to end.
/// </summary>
[NonParallelizable] // one test swaps Console.Out
[Category(TestCategories.Unit)]
public sealed partial class LowLevelSampleTests : HubTestBase
{
    [Greenlet]
    private void Waiter(string name, GreenCountdownEvent countdown, double? timeout)
    {
        try
        {
            var set = countdown.Wait(timeout);
            Log.Add($"{name} {(set ? "set" : "timed out")} at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void SignalAfter(GreenCountdownEvent countdown, double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"signal at {Now}");
        countdown.Signal();
    }

    [Greenlet]
    private void ReadEvents(GreenEventFd events, double? timeout)
    {
        try
        {
            Log.Add($"read {events.Read(timeout)} at {Now}");
        }
        catch (FileDescriptorClosedException)
        {
            Log.Add($"closed at {Now}");
        }
    }

    [Test]
    public void TheCountdownWakesEveryWaiterInWaitOrderWhenItReachesZero()
    {
        var countdown = new GreenCountdownEvent(2);
        Greenlet.Spawn(Waiter, "a", countdown, (double?)null);
        Greenlet.Spawn(Waiter, "b", countdown, (double?)null);
        Greenlet.Spawn(SignalAfter, countdown, 1.0);
        Greenlet.Spawn(SignalAfter, countdown, 2.0);

        Assert.That(countdown.Wait(), Is.True);
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "signal at 1", "signal at 2", "a set at 2", "b set at 2" }));
        Assert.That(countdown.IsSet, Is.True);
        Assert.That(countdown.WaiterCount, Is.Zero);
    }

    [Test]
    public void AWaitTimesOutWhileTheCountIsAboveZeroAndLeavesNoWaiterBehind()
    {
        var countdown = new GreenCountdownEvent(1);
        var waiter = Greenlet.Spawn(Waiter, "a", countdown, (double?)3);
        waiter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "a timed out at 3" }));
        Assert.That(countdown.WaiterCount, Is.Zero);
        Assert.That(countdown.Wait(0), Is.False);
    }

    [Test]
    public void AWaiterKilledWhileWaitingLeavesAndTheOthersStillWake()
    {
        var countdown = new GreenCountdownEvent(1);
        var doomed = Greenlet.Spawn(Waiter, "doomed", countdown, (double?)null);
        Greenlet.Spawn(Waiter, "kept", countdown, (double?)null);
        Greenlet.Sleep(1);

        doomed.Kill();
        Assert.That(countdown.WaiterCount, Is.EqualTo(1));
        countdown.Signal();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "doomed killed at 1", "kept set at 1" }));
    }

    [Test]
    public void AddCountRaisesWhatIsNeededAndTheCountNeverGoesBelowZero()
    {
        var countdown = new GreenCountdownEvent(1);
        countdown.AddCount(2);
        Assert.That(countdown.Signal(2), Is.False);
        Assert.Throws<InvalidOperationException>(() => countdown.Signal(2));
        Assert.That(countdown.Signal(), Is.True);
        Assert.Throws<InvalidOperationException>(() => countdown.AddCount());
        Assert.That(countdown.Wait(), Is.True);
    }

    [Test]
    public void AGreenletReadsWhatAnotherThreadAddsToTheEventFd()
    {
        using var events = new GreenEventFd();
        var reader = Greenlet.Spawn(ReadEvents, events, (double?)null);
        Greenlet.Sleep(0);
        var writer = new Thread(() => events.Add(5));
        writer.Start();
        reader.Join();
        writer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "read 5 at 0" }));
    }

    [Test]
    public void AnEventFdReadTimesOutWithZeroAndDisposingFailsTheWaiter()
    {
        var events = new GreenEventFd();
        Assert.That(events.Read(2), Is.Zero);

        var reader = Greenlet.Spawn(ReadEvents, events, (double?)null);
        Greenlet.Sleep(1);
        events.Dispose();
        reader.Join();

        Assert.That(Log, Is.EqualTo(new[] { "closed at 3" }));
    }

    [Test]
    public void TheSampleProgramPrintsItsCountdownAndEventFdLines()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            typeof(GreenCountdownEvent).Assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(previous);
        }

        Assert.That(output.ToString().ReplaceLineEndings("\n"), Is.EqualTo(
            "waiting for 3 workers\nworker 1 signals\nworker 2 signals\nworker 3 signals\nall workers done at 1.5 s\nread 6 from the eventfd\n"));
    }
}
