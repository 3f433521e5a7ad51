namespace Greenlets.Tests.Tasks;

/// <summary>
/// Greenlet.WaitTask: a greenlet waits cooperatively on a Task completed by another thread; the completion reaches
/// the hub only through its doorbell, exceptions come back unwrapped, timeouts and kills leave nothing behind.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class WaitTaskTests : HubTestBase
{
    // Another thread answers within this much real time (the tasks here are held back by the test, or completed by
    // greenlets after a sleep): a wait that is meant to time out costs it once.
    protected override HubClock CreateClock() =>
        HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(50), outsideWorkGrace: TimeSpan.FromMilliseconds(50));

    private int _hubThread;
    private int _completingThread;

    [SetUp]
    public void RecordHubThread() => _hubThread = Environment.CurrentManagedThreadId;

    [Greenlet]
    private int WaitFor(string name, Task<int> task, double? timeout)
    {
        Log.Add($"{name} waits");
        var value = Greenlet.WaitTask(task, timeout);
        Log.Add($"{name} got {value} on the hub thread: {Environment.CurrentManagedThreadId == _hubThread}");
        return value;
    }

    [Greenlet]
    private void WaitLogging(Task task, double? timeout)
    {
        try
        {
            Greenlet.WaitTask(task, timeout);
            Log.Add("completed");
        }
        catch (Exception exception)
        {
            Log.Add($"{exception.GetType().Name} at {Now}");
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
    private void CompleteAfter(double seconds, TaskCompletionSource<int> source, int value)
    {
        Greenlet.Sleep(seconds);
        source.SetResult(value);
    }

    private Task<int> RunOnPoolAfter(ManualResetEventSlim gate, int value) => Task.Run(() =>
    {
        gate.Wait(TimeSpan.FromSeconds(30));
        _completingThread = Environment.CurrentManagedThreadId;
        return value;
    });

    private static int ThrowFromWorker() => throw new InvalidOperationException("boom");

    [Test]
    public void GreenletWaitsForAPoolTaskWhileOthersRunAndResumesOnTheHubThread()
    {
        using var gate = new ManualResetEventSlim();
        var waiter = Greenlet.Spawn(WaitFor, "waiter", RunOnPoolAfter(gate, 42), (double?)null);
        var other = Greenlet.Spawn(SleepThenOpen, 3.0, gate);
        Greenlet.JoinAll(waiter, other);

        Assert.That(waiter.Value, Is.EqualTo(42));
        Assert.That(Log, Is.EqualTo(new[] { "waiter waits", "other runs", "other opens the gate at 3", "waiter got 42 on the hub thread: True" }));
        Assert.That(_completingThread, Is.Not.EqualTo(_hubThread), "the task completed on another thread");
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void CompletedTaskReturnsAtOnceWithoutSwitching()
    {
        var other = Greenlet.Spawn(() => Log.Add("other runs"));
        var waiter = Greenlet.Spawn(WaitFor, "waiter", Task.FromResult(7), (double?)null);
        Greenlet.JoinAll(waiter, other);

        Assert.That(Log, Is.EqualTo(new[] { "other runs", "waiter waits", "waiter got 7 on the hub thread: True" }));
    }

    [Test]
    public void MainGreenletWaitsInPlainCode()
    {
        using var gate = new ManualResetEventSlim();
        Greenlet.Spawn(SleepThenOpen, 2.0, gate);

        var value = Greenlet.WaitTask(RunOnPoolAfter(gate, 5));

        Assert.That(value, Is.EqualTo(5));
        Assert.That(Environment.CurrentManagedThreadId, Is.EqualTo(_hubThread));
        Assert.That(Log, Is.EqualTo(new[] { "other runs", "other opens the gate at 2" }));
    }

    [Test]
    public void FaultedTaskRethrowsItsExceptionUnwrappedWithTheOriginalStack()
    {
        var task = Task.Run(ThrowFromWorker);

        var exception = Assert.Throws<InvalidOperationException>(() => Greenlet.WaitTask(task));

        Assert.That(exception!.Message, Is.EqualTo("boom"));
        Assert.That(exception.StackTrace, Does.Contain(nameof(ThrowFromWorker)));
    }

    [Test]
    public void FaultedTaskFailsTheWaitingGreenlet()
    {
        var waiter = Greenlet.Spawn(WaitLogging, (Task)Task.Run(ThrowFromWorker), (double?)null);
        waiter.Join();

        Assert.That(waiter.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(Log, Is.EqualTo(new[] { "InvalidOperationException at 0" }));
    }

    [Test]
    public void CancelledTaskRaisesTaskCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        var task = Task.Delay(Timeout.Infinite, cancellation.Token);
        Greenlet.Spawn(() => cancellation.Cancel());

        Assert.Throws<TaskCanceledException>(() => Greenlet.WaitTask(task));
    }

    [Test]
    public void TimeoutRaisesGreenTimeoutOnTheHubClockAndLeavesNothingBehind()
    {
        var never = new TaskCompletionSource<int>();
        var waiter = Greenlet.Spawn(WaitLogging, (Task)never.Task, (double?)2.5);
        waiter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "GreenTimeout at 2.5" }));
        Assert.That(waiter.Exception, Is.TypeOf<GreenTimeout>());
        Assert.That(Hub.ExternalWorkCount, Is.Zero, "the hub no longer waits for the task");

        never.SetResult(1); // a late completion delivers nothing
        Greenlet.Sleep(1);
        Assert.That(Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void ZeroTimeoutOnAPendingTaskFailsAtOnce()
    {
        var never = new TaskCompletionSource<int>();

        Assert.Throws<GreenTimeout>(() => Greenlet.WaitTask(never.Task, timeout: 0));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void TaskCompletedBeforeTheTimeoutGivesItsValue()
    {
        var source = new TaskCompletionSource<int>();
        Greenlet.Spawn(CompleteAfter, 1.0, source, 9);

        Assert.That(Greenlet.WaitTask(source.Task, timeout: 5), Is.EqualTo(9));
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void KillDuringTheWaitRaisesGreenletExitAndLeavesNothingBehind()
    {
        var never = new TaskCompletionSource<int>();
        var waiter = Greenlet.Spawn(WaitLogging, (Task)never.Task, (double?)null);
        Greenlet.Sleep(1);
        waiter.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "GreenletExit at 1" }));
        Assert.That(waiter.IsDead && waiter.IsSuccessful, Is.True);
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
        Assert.That(Errors.ToString(), Is.Empty);

        never.SetResult(1);
        Assert.Throws<LoopExitException>(() => new Event().Wait(), "nothing is left for the hub to wait for");
    }

    [Test]
    public void EnclosingTimeoutInterruptsTheWait()
    {
        var never = new TaskCompletionSource<int>();
        using var timeout = GreenTimeout.StartNew(1.5);

        var raised = Assert.Throws<GreenTimeout>(() => Greenlet.WaitTask(never.Task));

        Assert.That(raised, Is.SameAs(timeout));
        Assert.That(Now, Is.EqualTo(1.5));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void TaskStillUsableAfterAWaitOnItTimedOut()
    {
        using var gate = new ManualResetEventSlim();
        var task = RunOnPoolAfter(gate, 3);

        Assert.Throws<GreenTimeout>(() => Greenlet.WaitTask(task, timeout: 1));
        gate.Set();

        Assert.That(Greenlet.WaitTask(task), Is.EqualTo(3));
    }

    [Test]
    public void ValueTasksCompletedOrPendingAreWaitedOn()
    {
        var source = new TaskCompletionSource<int>();
        Greenlet.Spawn(CompleteAfter, 2.0, source, 11);

        Assert.That(Greenlet.WaitTask(new ValueTask<int>(4)), Is.EqualTo(4));
        Assert.That(Greenlet.WaitTask(new ValueTask<int>(source.Task)), Is.EqualTo(11));
        Assert.That(Now, Is.EqualTo(2));
        Assert.DoesNotThrow(() => Greenlet.WaitTask(ValueTask.CompletedTask));
        Assert.DoesNotThrow(() => Greenlet.WaitTask(new ValueTask(source.Task)));
    }

    [Test]
    public void ManyGreenletsWaitOnTheirOwnTasksAndEachGetsItsValue()
    {
        using var gate = new ManualResetEventSlim();
        var waiters = Enumerable.Range(0, 20)
            .Select(i => Greenlet.Spawn(WaitFor, $"w{i}", RunOnPoolAfter(gate, i), (double?)null))
            .ToList();
        Greenlet.Spawn(SleepThenOpen, 1.0, gate);
        Greenlet.JoinAll(waiters);

        Assert.That(waiters.Select(w => w.Value), Is.EqualTo(Enumerable.Range(0, 20)));
        Assert.That(Log.Where(line => line.Contains(" got ")), Has.All.EndsWith("on the hub thread: True"));
    }

    [Test]
    public void TwoGreenletsWaitOnTheSameTask()
    {
        using var gate = new ManualResetEventSlim();
        var task = RunOnPoolAfter(gate, 8);
        var first = Greenlet.Spawn(WaitFor, "first", task, (double?)null);
        var second = Greenlet.Spawn(WaitFor, "second", task, (double?)null);
        Greenlet.Spawn(SleepThenOpen, 1.0, gate);
        Greenlet.JoinAll(first, second);

        Assert.That(new[] { first.Value, second.Value }, Is.EqualTo(new[] { 8, 8 }));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void WaitFromAHubCallbackFailsClearlyAndLeavesNothingBehind()
    {
        var never = new TaskCompletionSource<int>();
        Exception? raised = null;
        var greenlet = Greenlet.Spawn(() => { });
#pragma warning disable GRN0202 // a wait from a link callback must fail: that is what this test checks
        greenlet.Link(_ =>
        {
            try
            {
                Greenlet.WaitTask(never.Task);
            }
            catch (Exception exception)
            {
                raised = exception;
            }
        });
#pragma warning restore GRN0202
        greenlet.Join();
        Greenlet.Sleep(0);

        Assert.That(raised, Is.InstanceOf<InvalidOperationException>());
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }

    [Test]
    public void NullTaskIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Greenlet.WaitTask(null!));
        Assert.Throws<ArgumentNullException>(() => Greenlet.WaitTask((Task<int>)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Greenlet.WaitTask(new TaskCompletionSource().Task, double.NaN));
        Assert.That(Hub.ExternalWorkCount, Is.Zero);
    }
}
