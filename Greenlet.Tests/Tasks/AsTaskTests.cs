namespace Greenlets.Tests.Tasks;

/// <summary>greenlet.AsTask(): async code observes a greenlet; the task is completed on the hub, its continuations run off it.</summary>
[Category(TestCategories.Unit)]
public sealed partial class AsTaskTests : HubTestBase
{
    // Async code here waits on greenlets that need virtual time to pass: outside work holds the clock this little.
    protected override HubClock CreateClock() =>
        HubClock.Virtual(ioGrace: TimeSpan.FromMilliseconds(50), outsideWorkGrace: TimeSpan.FromMilliseconds(50));

    [Greenlet]
    private static int ReturnAfter(double seconds, int value)
    {
        Greenlet.Sleep(seconds);
        return value;
    }

    [Greenlet]
    private static void FailAfter(double seconds)
    {
        Greenlet.Sleep(seconds);
        throw new InvalidOperationException("greenlet failed");
    }

    [Greenlet]
    private static int WaitForDoubled(Task<int> observed) => Greenlet.WaitTask(DoubleAsync(observed));

    private static async Task<int> DoubleAsync(Task<int> observed) => await observed.ConfigureAwait(false) * 2;

    [Test]
    public void TaskCompletesWithTheValueWhenTheGreenletReturns()
    {
        var greenlet = Greenlet.Spawn(ReturnAfter, 2.0, 21);
        var task = greenlet.AsTask();

        Assert.That(task.IsCompleted, Is.False);
        greenlet.Join();

        Assert.That(task.IsCompletedSuccessfully, Is.True, "completed on the hub, at the greenlet's death");
        Assert.That(task.Result, Is.EqualTo(21));
    }

    [Test]
    public void ContinuationsRunOffTheHubThread()
    {
        var hubThread = Environment.CurrentManagedThreadId;
        var greenlet = Greenlet.Spawn(ReturnAfter, 1.0, 1);
        var continuationThread = greenlet.AsTask().ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        greenlet.Join();

        Assert.That(continuationThread.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(continuationThread.Result, Is.Not.EqualTo(hubThread));
    }

    [Test]
    public void TaskFaultsWithTheGreenletsException()
    {
        var greenlet = Greenlet.Spawn(FailAfter, 1.0);
        var task = greenlet.AsTask();
        greenlet.Join();

        Assert.That(task.IsFaulted, Is.True);
        Assert.That(task.Exception!.InnerException, Is.SameAs(greenlet.Exception));
        Assert.That(Errors.ToString(), Does.Contain("greenlet failed"), "the hub still reports the failure");
    }

    [Test]
    public void KilledGreenletCancelsTheTask()
    {
        var greenlet = Greenlet.Spawn(ReturnAfter, 10.0, 1);
        var task = greenlet.AsTask();
        Greenlet.Sleep(1);
        greenlet.Kill();

        Assert.That(task.IsCanceled, Is.True);
        Assert.ThrowsAsync<TaskCanceledException>(async () => await task);
    }

    [Test]
    public void KilledWithAnExceptionFaultsTheTask()
    {
        var greenlet = Greenlet.Spawn(ReturnAfter, 10.0, 1);
        var task = greenlet.AsTask();
        greenlet.Kill(new TimeoutException("stop"));

        Assert.That(task.Exception!.InnerException, Is.TypeOf<TimeoutException>());
    }

    [Test]
    public void DeadGreenletGivesACompletedTask()
    {
        var greenlet = Greenlet.Spawn(ReturnAfter, 0.0, 5);
        greenlet.Join();

        Assert.That(greenlet.AsTask().Result, Is.EqualTo(5));
        Assert.That(((Greenlet)greenlet).AsTask().IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void AsyncCodeAwaitsAGreenletThatAnotherGreenletWaitsOn()
    {
        var producer = Greenlet.Spawn(ReturnAfter, 3.0, 21);
        var consumer = Greenlet.Spawn(WaitForDoubled, producer.AsTask());

        Assert.That(consumer.Get(), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(3));
    }
}
