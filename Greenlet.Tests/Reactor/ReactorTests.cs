namespace Greenlets.Tests.Reactor;

/// <summary>
/// The reactor in the hub loop, on both backends: waits on descriptors wake on readiness, time out, fail clearly
/// when the descriptor is closed, release their registration when killed, and the loop waits for other threads.
/// </summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class ReactorTests(ReactorKind kind) : HubTestBase
{
    protected override ReactorKind ReactorKind => kind;

    // No real peer in these tests: the virtual clock may jump as soon as nothing is ready.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Greenlet]
    private void ReadOne(string name, Pipe pipe, double? timeout)
    {
        while (true)
        {
            var value = pipe.Read();
            if (value != -1)
            {
                Log.Add($"{name} read {value} at {Now}");
                return;
            }

            if (!GreenIo.WaitRead(pipe.ReadFd, timeout))
            {
                Log.Add($"{name} timed out at {Now}");
                return;
            }

            Log.Add($"{name} woke at {Now}");
        }
    }

    [Greenlet]
    private void WriteAfter(Pipe pipe, double seconds, byte value)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"write {value} at {Now}");
        pipe.Write(value);
    }

    [Greenlet]
    private void WaitCatching(Pipe pipe)
    {
        try
        {
            GreenIo.WaitRead(pipe.ReadFd);
            Log.Add("woke");
        }
        catch (Exception exception)
        {
            Log.Add(exception.GetType().Name);
            throw;
        }
    }

    [Greenlet]
    private void CancelAfter(Pipe pipe, double seconds)
    {
        Greenlet.Sleep(seconds);
        GreenIo.CancelWaits(pipe.ReadFd);
        pipe.CloseReader();
    }

    [Test]
    public void HubUsesTheBackendItWasGiven()
    {
        using var pipe = new Pipe();
        GreenIo.WaitWrite(pipe.WriteFd, timeout: 0);
        Assert.That(Hub.ReactorKind, Is.EqualTo(kind));
    }

    [Test]
    public void ReaderSleepsUntilTheWriterWritesThenReads()
    {
        using var pipe = new Pipe();
        var reader = Greenlet.Spawn(ReadOne, "reader", pipe, (double?)null);
        var writer = Greenlet.Spawn(WriteAfter, pipe, 2.0, (byte)7);
        Greenlet.JoinAll(reader, writer);

        Assert.That(Log, Is.EqualTo(new[] { "write 7 at 2", "reader woke at 2", "reader read 7 at 2" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void ReadableDescriptorReturnsAtOnce()
    {
        using var pipe = new Pipe();
        pipe.Write(1);
        Greenlet.Spawn(ReadOne, "reader", pipe, (double?)5).Join();

        Assert.That(Log, Is.EqualTo(new[] { "reader read 1 at 0" }));
    }

    [Test]
    public void WaitTimesOutOnTheHubClock()
    {
        using var pipe = new Pipe();
        Greenlet.Spawn(ReadOne, "reader", pipe, (double?)1.5).Join();

        Assert.That(Log, Is.EqualTo(new[] { "reader timed out at 1.5" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void WriterClosingItsEndWakesTheReaderAtEndOfStream()
    {
        using var pipe = new Pipe();
        var reader = Greenlet.Spawn(ReadOne, "reader", pipe, (double?)null);
        Greenlet.Sleep(1);
        pipe.CloseWriter();
        reader.Join();

        Assert.That(Log, Is.EqualTo(new[] { "reader woke at 1", "reader read -2 at 1" }));
    }

    [Test]
    public void CancellingTheWaitsOfAClosingDescriptorRaisesInTheWaiter()
    {
        using var pipe = new Pipe();
        var waiter = Greenlet.Spawn(WaitCatching, pipe);
        Greenlet.Spawn(CancelAfter, pipe, 1.0);
        waiter.Join();

        Assert.That(Log, Is.EqualTo(new[] { nameof(FileDescriptorClosedException) }));
        Assert.That(waiter.Exception, Is.TypeOf<FileDescriptorClosedException>());
        Assert.That(Hub.Reactor.Find(pipe.ReadFd), Is.Null);
        Assert.That(Errors.ToString(), Does.Contain("was closed in another greenlet"));
    }

    [Test]
    public void KilledWaiterFreesItsSlotForTheNextReader()
    {
        using var pipe = new Pipe();
        var first = Greenlet.Spawn(WaitCatching, pipe);
        Greenlet.Sleep(1);
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(1));

        first.Kill();
        Assert.That(Log, Is.EqualTo(new[] { nameof(GreenletExit) }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);

        var second = Greenlet.Spawn(ReadOne, "second", pipe, (double?)null);
        Greenlet.Spawn(WriteAfter, pipe, 1.0, (byte)9);
        second.Join();
        Assert.That(Log[^1], Is.EqualTo("second read 9 at 2"));
    }

    [Test]
    public void DescriptorClosedWithoutCancellingItsWaitsIsWatchedAgainWhenItsNumberComesBack()
    {
        var first = new Pipe();
        Assert.That(GreenIo.WaitRead(first.ReadFd, timeout: 1), Is.False); // the hub now watches this number
        var number = first.ReadFd;
        first.Dispose(); // no CancelWaits: the kernel drops its registration, the hub does not know

        using var second = new Pipe();
        Assert.That(second.ReadFd, Is.EqualTo(number), "the kernel hands out the lowest free number");
        Greenlet.Spawn(WriteAfter, second, 1.0, (byte)3);
        Assert.That(GreenIo.WaitRead(second.ReadFd, timeout: 5), Is.True);
        Assert.That(Now, Is.EqualTo(2));
    }

    [Test]
    public void SecondReaderOfTheSameDescriptorIsRefused()
    {
        using var pipe = new Pipe();
        var first = Greenlet.Spawn(WaitCatching, pipe);
        var second = Greenlet.Spawn(WaitCatching, pipe);
        Greenlet.Sleep(0);

        Assert.That(second.IsDead, Is.True);
        Assert.That(second.Exception, Is.TypeOf<ConcurrentObjectUseException>());
        Assert.That(first.IsDead, Is.False);
        first.Kill();
    }

    [Test]
    public void MainGreenletWaitsOnADescriptorWhileTheHubRuns()
    {
        using var pipe = new Pipe();
        Greenlet.Spawn(WriteAfter, pipe, 3.0, (byte)5);

        Assert.That(GreenIo.WaitRead(pipe.ReadFd), Is.True);
        Assert.That(pipe.Read(), Is.EqualTo(5));
        Assert.That(Now, Is.EqualTo(3));
    }

    [Test]
    public void WaitOnADescriptorThatNothingWillWakeBlocksInsteadOfReportingLoopExit()
    {
        using var pipe = new Pipe();
        // A descriptor wait is a reason to keep polling: only its own timeout ends it.
        Assert.That(GreenIo.WaitRead(pipe.ReadFd, timeout: 10), Is.False);
        Assert.That(Now, Is.EqualTo(10));
    }

    [Test]
    public void LoopWaitsForWorkPostedByAnotherThread()
    {
        var reactor = Hub.BeginExternalWork();
        var done = new Event();
        var thread = new Thread(() =>
        {
            Thread.Sleep(20); // the hub must be waiting in its poll by now
            reactor.PostFromAnyThread(new SetEvent(done), endsExternalWork: true);
        });
        thread.Start();

        Assert.That(done.Wait(), Is.True); // without the external work this would be LoopExitException
        thread.Join();
        done.Clear();
        Assert.Throws<LoopExitException>(() => done.Wait()); // the work ended: nothing can wake main now
    }

    [Test]
    public void PostsFromManyThreadsAllArriveExactlyOnce()
    {
        const int Threads = 4;
        const int PostsPerThread = 2_500;
        var reactor = Hub.Reactor;
        for (var i = 0; i < Threads * PostsPerThread; i++)
        {
            Hub.BeginExternalWork();
        }

        var counter = new CountingRunnable();
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < PostsPerThread; i++)
            {
                reactor.PostFromAnyThread(counter, endsExternalWork: true);
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        var waiter = Greenlet.Spawn(WaitForCount, counter, Threads * PostsPerThread);
        waiter.Join();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(counter.Count, Is.EqualTo(Threads * PostsPerThread));
        Assert.That(waiter.IsSuccessful, Is.True);
    }

    [Greenlet]
    private static void WaitForCount(CountingRunnable counter, int count)
    {
        while (counter.Count < count)
        {
            counter.Reached.Wait();
            counter.Reached.Clear();
        }
    }

    private sealed class SetEvent(Event target) : IHubRunnable
    {
        public void RunOnHub(global::Greenlets.Hub hub) => target.Set();
    }

    private sealed class CountingRunnable : IHubRunnable
    {
        public int Count { get; private set; }

        public Event Reached { get; } = new();

        public void RunOnHub(global::Greenlets.Hub hub)
        {
            Count++;
            Reached.Set();
        }
    }
}
