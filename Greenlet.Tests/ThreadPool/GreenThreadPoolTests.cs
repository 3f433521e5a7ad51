namespace Greenlets.Tests.ThreadPool;

/// <summary>
/// GreenThreadPool: blocking work runs on worker threads while greenlets keep running; outcomes come back to the
/// asking greenlet's hub, on its thread; the pool is bounded; timeouts, kills and Kill/Dispose leave nothing behind.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class GreenThreadPoolTests : HubTestBase
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private GreenThreadPool _pool = null!;
    private int _hubThread;

    // The work here is held back by gates the greenlets open: outside work holds the clock for this little real time.
    protected override HubClock CreateClock() =>
        HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(50), outsideWorkGrace: TimeSpan.FromMilliseconds(50));

    [SetUp]
    public void CreatePool()
    {
        _pool = new GreenThreadPool(2);
        _hubThread = Environment.CurrentManagedThreadId;
    }

    [TearDown]
    public void DisposePool() => _pool.Dispose();

    [Greenlet]
    private int ApplyLogging(string name, GreenThreadPool pool, Func<int> work, double? timeout)
    {
        try
        {
            var value = pool.Apply(work, timeout);
            Log.Add($"{name} got {value} on the hub thread: {Environment.CurrentManagedThreadId == _hubThread}");
            return value;
        }
        catch (Exception exception)
        {
            Log.Add($"{name} {exception.GetType().Name} at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void SleepThenOpen(double seconds, ManualResetEventSlim gate)
    {
        Log.Add("other runs");
        Greenlet.Sleep(seconds);
        Log.Add($"other opens the gate at {Now}");
        gate.Set();
    }

    [Greenlet]
    private int GetResult(AsyncResult<int> result) => result.Get();

    private static int ThrowFromWorker() => throw new FormatException("bad input");

    [Test]
    public void ApplyRunsOnAWorkerWhileOtherGreenletsRun()
    {
        using var gate = new ManualResetEventSlim();
        var workerThread = 0;
        var waiter = Greenlet.Spawn(ApplyLogging, "waiter", _pool, () =>
        {
            gate.Wait(s_bound);
            workerThread = Environment.CurrentManagedThreadId;
            return 6 * 7;
        }, (double?)null);
        var other = Greenlet.Spawn(SleepThenOpen, 2.0, gate);
        Greenlet.JoinAll(waiter, other);

        Assert.That(waiter.Value, Is.EqualTo(42));
        Assert.That(Log, Is.EqualTo(new[] { "other runs", "other opens the gate at 2", "waiter got 42 on the hub thread: True" }));
        Assert.That(workerThread, Is.Not.Zero.And.Not.EqualTo(_hubThread));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void ActionFormRunsTheWorkInPlainCode()
    {
        var ran = 0;
        _pool.Apply(() => { ran = Environment.CurrentManagedThreadId; });

        Assert.That(ran, Is.Not.Zero.And.Not.EqualTo(_hubThread));
    }

    [Test]
    public void ExceptionFlowsBackWithTheWorkersStack()
    {
        var exception = Assert.Throws<FormatException>(() => _pool.Apply(ThrowFromWorker));

        Assert.That(exception!.Message, Is.EqualTo("bad input"));
        Assert.That(exception.StackTrace, Does.Contain(nameof(ThrowFromWorker)));
    }

    [Test]
    public void AtMostMaxSizeWorkersRunAndTheRestQueue()
    {
        using var gate = new ManualResetEventSlim();
        var running = 0;
        var mostAtOnce = 0;
        var results = Enumerable.Range(0, 5).Select(i => _pool.Spawn(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            gate.Wait(s_bound);
            Interlocked.Decrement(ref running);
            return i;
        })).ToList();

        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2, s_bound), Is.True);
        Assert.That(_pool.Size, Is.EqualTo(2));
        Assert.That(_pool.QueuedCount, Is.EqualTo(3));
        gate.Set();

        Assert.That(results.Select(result => result.Get()), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(mostAtOnce, Is.EqualTo(2));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void SpawnReturnsAtOnceAndTheResultIsSetOnTheHub()
    {
        using var gate = new ManualResetEventSlim();
        var result = _pool.Spawn(() => gate.Wait(s_bound) ? 8 : -1);

        Assert.That(result.IsReady, Is.False, "spawn never waits");
        var getter = Greenlet.Spawn(GetResult, result);
        Greenlet.Spawn(SleepThenOpen, 1.0, gate);

        Assert.That(getter.Get(), Is.EqualTo(8));
        Assert.That(result.IsSuccessful, Is.True);
    }

    [Test]
    public void SpawnedFailureIsRethrownByGet()
    {
        var result = _pool.Spawn(ThrowFromWorker);

        Assert.Throws<FormatException>(() => result.Get());
        Assert.That(result.Exception, Is.TypeOf<FormatException>());
    }

    [Test]
    public void SpawnedActionSetsANullResult()
    {
        var ran = false;
        var result = _pool.Spawn(() => { ran = true; });

        Assert.That(result.Get(), Is.Null);
        Assert.That(ran, Is.True);
    }

    [Test]
    public void TimeoutRaisesGreenTimeoutAndTheLateResultIsDropped()
    {
        using var gate = new ManualResetEventSlim();
        var finished = new ManualResetEventSlim();
        var waiter = Greenlet.Spawn(ApplyLogging, "waiter", _pool, () =>
        {
            gate.Wait(s_bound);
            finished.Set();
            return 1;
        }, (double?)1.5);
        waiter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "waiter GreenTimeout at 1.5" }));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);

        gate.Set();
        Assert.That(finished.Wait(s_bound), Is.True);
        Assert.That(_pool.Apply(() => 2), Is.EqualTo(2), "the pool keeps working after a timeout");
        Assert.That(Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void KilledWaiterRaisesGreenletExitAndItsQueuedWorkNeverRuns()
    {
        using var single = new GreenThreadPool(1);
        using var gate = new ManualResetEventSlim();
        var secondRan = false;
        var first = single.Spawn(() => gate.Wait(s_bound) ? 1 : -1);
        var second = Greenlet.Spawn(ApplyLogging, "second", single, () =>
        {
            secondRan = true;
            return 2;
        }, (double?)null);
        Greenlet.Sleep(1);
        second.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "second GreenletExit at 1" }));
        gate.Set();
        Assert.That(first.Get(), Is.EqualTo(1));
        Assert.That(single.Apply(() => 3), Is.EqualTo(3), "the single worker has passed the killed waiter's work");
        Assert.That(secondRan, Is.False);
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void KillDropsQueuedWorkWhoseWaitersRaiseAndRefusesNewWork()
    {
        var pool = new GreenThreadPool(1);
        using var gate = new ManualResetEventSlim();
        var running = pool.Spawn(() => gate.Wait(s_bound) ? "ran" : "stuck");
        var queued = pool.Spawn(() => "should not run");
        Assert.That(SpinWait.SpinUntil(() => pool.QueuedCount == 1, s_bound), Is.True);

        pool.Kill();
        gate.Set();

        Assert.Throws<OperationCanceledException>(() => queued.Get());
        Assert.That(running.Get(), Is.EqualTo("ran"), "work already running still delivers");
        Assert.Throws<ObjectDisposedException>(() => pool.Spawn(() => 1));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void DisposeLetsQueuedWorkFinish()
    {
        var pool = new GreenThreadPool(1);
        using var gate = new ManualResetEventSlim();
        var first = pool.Spawn(() => gate.Wait(s_bound) ? 1 : -1);
        var second = pool.Spawn(() => 2);
        pool.Dispose();
        gate.Set();

        Assert.That(new[] { first.Get(), second.Get() }, Is.EqualTo(new[] { 1, 2 }));
        Assert.Throws<ObjectDisposedException>(() => pool.Apply(() => 3));
        Assert.That(SpinWait.SpinUntil(() => pool.Size == 0, s_bound), Is.True, "the worker ends once drained");
    }

    [Test]
    public void EachHubGetsItsOwnResultsOnItsOwnThread()
    {
        var answers = new string[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            using (global::Greenlets.Hub.Install(HubClock.Virtual()))
            {
                var hubThread = Environment.CurrentManagedThreadId;
                var value = _pool.Apply(() => i * 10);
                answers[i] = $"{value} on its hub: {Environment.CurrentManagedThreadId == hubThread}";
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());

        Assert.That(threads.All(thread => thread.Join(s_bound)), Is.True);
        Assert.That(answers, Is.EqualTo(new[] { "0 on its hub: True", "10 on its hub: True" }));
    }

    [Test]
    public void ApplyFromAHubCallbackFailsClearly()
    {
        Exception? raised = null;
        var greenlet = Greenlet.Spawn(() => { });
#pragma warning disable GRN0202 // Apply from a link callback must fail: that is what this test checks
        greenlet.Link(_ =>
        {
            try
            {
                _pool.Apply(() => 1);
            }
            catch (Exception exception)
            {
                raised = exception;
            }
        });
#pragma warning restore GRN0202
        greenlet.Join();
        Greenlet.Sleep(0);

        Assert.That(raised, Is.InstanceOf<GreenletContextException>().Or.InstanceOf<InvalidOperationException>());
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void DefaultPoolIsProcessWideAndCannotBeDisposed()
    {
        var pool = GreenThreadPool.Default;
        Assert.That(GreenThreadPool.Default, Is.SameAs(pool));
        Assert.That(GreenThreadPool.Default.MaxSize, Is.EqualTo(GreenThreadPool.DefaultMaxSize));
        Assert.Throws<InvalidOperationException>(() => GreenThreadPool.Default.Dispose());
        Assert.Throws<InvalidOperationException>(() => GreenThreadPool.Default.Kill());
        Assert.That(GreenThreadPool.Default.Apply(() => "still works"), Is.EqualTo("still works"));
    }

    [Test]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GreenThreadPool(0));
        Assert.Throws<ArgumentNullException>(() => _pool.Apply((Func<int>)null!));
        Assert.Throws<ArgumentNullException>(() => _pool.Spawn((Func<int>)null!));
        var ran = false;
        Assert.Throws<ArgumentOutOfRangeException>(() => _pool.Apply(() => ran = true, double.NaN));
        Assert.That(ran, Is.False, "bad input is refused before the work is queued");
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
