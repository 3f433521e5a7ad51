using Greenlets.LowLevel;
using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.LowLevel;

/// <summary>
/// HubLoop (callbacks at the next turn, readiness waits on any descriptor, cancelling them) and IoWatcher
/// (edge-triggered waits on a registration, Feed, Close).
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HubLoopTests : HubTestBase
{
    [Greenlet]
    private void Step(string name)
    {
        Log.Add($"greenlet {name}");
        HubLoop.CallSoon(() => Log.Add($"callback from {name}"));
    }

    [Greenlet]
    private void ReadOneByte(int fd, Pipe pipe)
    {
        try
        {
            HubLoop.WaitReadable(fd);
            Log.Add($"read {pipe.Read()} at {Now}");
        }
        catch (FileDescriptorClosedException e)
        {
            Log.Add($"closed: fd {e.FileDescriptor}");
        }
    }

    [Greenlet]
    private void ReadWithWatcher(IoWatcher watcher, Pipe pipe)
    {
        try
        {
            while (pipe.Read() < 0)
            {
                if (!watcher.WaitReadable(10))
                {
                    Log.Add("watcher timed out");
                    return;
                }
            }

            Log.Add($"watcher read at {Now}");
        }
        catch (FileDescriptorClosedException)
        {
            Log.Add("watcher closed");
        }
    }

    [Greenlet]
    private void WriteAfter(Pipe pipe, double seconds)
    {
        Greenlet.Sleep(seconds);
        pipe.Write(7);
    }

    [Test]
    public void CallSoonSharesOneFifoWithSpawnedGreenletsAsGeventsRunCallbackDoes()
    {
        Greenlet.Spawn(Step, "a");
        HubLoop.CallSoon(() => Log.Add("callback 1"));
        Greenlet.Spawn(Step, "b");
        HubLoop.CallSoon(() => Log.Add("callback 2"));
        Greenlet.Sleep(0);
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(LowLevelGeventParity.Expected("ordering")));
    }

    [Test]
    public void ACallbackThatThrowsIsReportedAndTheHubGoesOn()
    {
        HubLoop.CallSoon(() => throw new DivideByZeroException());
        HubLoop.CallSoon(() => Log.Add("after the failed callback"));
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "after the failed callback" }));
        Assert.That(Errors.ToString(), Does.Contain("DivideByZeroException").And.Contain("failed with DivideByZeroException"));
    }

    [Test]
    public void ACallbackCannotWait()
    {
        Exception? raised = null;
        HubLoop.CallSoon(() =>
        {
            try
            {
#pragma warning disable GRN0202 // a wait inside a hub callback must fail: that is what this test checks
                new ParkingLot().Park(1);
#pragma warning restore GRN0202
            }
            catch (Exception e)
            {
                raised = e;
            }
        });
        Greenlet.Sleep(0);

        Assert.That(raised, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void WaitReadableTimesOutOnAnEmptyPipeAndReturnsAtOnceOnceAByteIsThere()
    {
        using var pipe = new Pipe();

        Assert.That(HubLoop.WaitReadable(pipe.ReadFd, 0.5), Is.False, "gevent raises its timeout here: see docs/lowlevel.md");
        Assert.That(Now, Is.EqualTo(0.5));
        pipe.Write(1);
        Assert.That(HubLoop.WaitReadable(pipe.ReadFd, 0.5), Is.True);
        Assert.That(Now, Is.EqualTo(0.5), "ready already: no wait");
        Assert.That(HubLoop.WaitWritable(pipe.WriteFd, 0), Is.True);
    }

    [Test]
    public void WaitReadableWakesAGreenletWhenAnotherWrites()
    {
        using var pipe = new Pipe();
        var reader = Greenlet.Spawn(ReadOneByte, pipe.ReadFd, pipe);
        Greenlet.Spawn(WriteAfter, pipe, 3.0);
        reader.Join();

        Assert.That(Log, Is.EqualTo(new[] { "read 7 at 3" }));
    }

    [Test]
    public void CancelWaitsWakesTheWaiterWithFileDescriptorClosedAsGeventsCancelWait()
    {
        using var pipe = new Pipe();
        var reader = Greenlet.Spawn(ReadOneByte, pipe.ReadFd, pipe);
        Greenlet.Sleep(0);

        HubLoop.CancelWaits(pipe.ReadFd);
        reader.Join();

        Assert.That(Log, Is.EqualTo(new[] { $"closed: fd {pipe.ReadFd}" }));
        Assert.That(LowLevelGeventParity.Expected("waiter").Single(), Does.StartWith("cancel_wait_ex"), "gevent raises its closed-descriptor error too");
    }

    [Test]
    public void AnIoWatcherWakesOnEachNewEdgeAndItsCloseFailsTheWaiter()
    {
        using var pipe = new Pipe();
        using var watcher = new IoWatcher(pipe.ReadFd);
        var reader = Greenlet.Spawn(ReadWithWatcher, watcher, pipe);
        Greenlet.Spawn(WriteAfter, pipe, 2.0);
        reader.Join();

        var second = Greenlet.Spawn(ReadWithWatcher, watcher, pipe);
        Greenlet.Sleep(1);
        watcher.Close();
        second.Join();

        Assert.That(Log, Is.EqualTo(new[] { "watcher read at 2", "watcher closed" }));
        Assert.That(watcher.IsClosed, Is.True);
        Assert.Throws<FileDescriptorClosedException>(() => watcher.WaitReadable(1));
    }

    [Test]
    public void FeedWakesTheWatcherWaiterWithoutAnyReadiness()
    {
        using var pipe = new Pipe();
        using var watcher = new IoWatcher(pipe.ReadFd);
        HubLoop.CallSoon(() => watcher.Feed(IoEvents.Read));

        Assert.That(watcher.WaitReadable(5), Is.True, "the feed counts as readiness");
        Assert.That(Now, Is.Zero);
        Assert.That(pipe.Read(), Is.EqualTo(-1), "nothing was written");
    }

    [Test]
    public void ASecondWatcherOfTheSameDescriptorIsRefused()
    {
        using var pipe = new Pipe();
        using var watcher = new IoWatcher(pipe.ReadFd);

        Assert.Throws<InvalidOperationException>(() => _ = new IoWatcher(pipe.ReadFd));
    }
}
