namespace Greenlets.Tests.Hub;

/// <summary>
/// The frames of nested calls that suspended are reused per hub (GreenFrame, PooledFrame): a frame goes back to its
/// pool only when its caller takes the result, and a task that outlived its call can never read the frame's next call.
/// Each edge here failed with the mutation named in its summary.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class FramePoolTests : HubTestBase
{
    /// <summary>A nested call that suspends once (so it gets a frame), then returns <paramref name="value"/>.</summary>
    private static async GreenTask<int> Suspending(int value)
    {
        await Greenlet.SleepAwaitable(0.01);
        return value;
    }

    /// <summary>A nested call that suspends once, then fails with <paramref name="failure"/> unless it is null.</summary>
    private static async GreenTask<int> SuspendingThenFailing(string? failure)
    {
        await Greenlet.SleepAwaitable(0.01);
        return failure is null ? 1 : throw new InvalidOperationException(failure);
    }

    private static async GreenTask<int> SuspendingVoidCaller(List<string> log)
    {
        await SuspendingVoid(log);
        return 0;
    }

    private static async GreenTask SuspendingVoid(List<string> log)
    {
        await Greenlet.SleepAwaitable(0.01);
        log.Add("void call done");
    }

    /// <summary>Without the pool (a new frame per call), the second call's frame is another object.</summary>
    [Test]
    public void ASecondCallOnTheSameHubReusesTheFirstCallsFrame()
    {
        var (first, second, values) = Greenlet.SpawnTwin(async () =>
        {
            var task = Suspending(1);
            var frame = task.Frame;
            var one = await task;
            var next = Suspending(2);
            var nextFrame = next.Frame;
            var two = await next;
            return (frame, nextFrame, (one, two));
        }).Get();

        Assert.That(first, Is.Not.Null, "the call suspended, so it had a frame");
        Assert.That(second, Is.SameAs(first));
        Assert.That(values, Is.EqualTo((1, 2)));
    }

    /// <summary>Without the stale check, the second await reads the freed frame (or frees it twice).</summary>
    [Test]
    public void AwaitingATaskTwiceThrowsInsteadOfReadingAFreedFrame()
    {
        var outcome = Greenlet.SpawnTwin(async () =>
        {
            var task = Suspending(7);
            var first = await task;
            try
            {
                await task;
                return $"first {first}, second await returned";
            }
            catch (InvalidOperationException e)
            {
                return $"first {first}, second await: {e.Message}";
            }
        }).Get();

        Assert.That(outcome, Does.StartWith("first 7, second await: This GreenTask's call has finished and its result was already taken"));
    }

    /// <summary>
    /// A task kept after its frame served another call: without the stale check in IsCompleted, awaiting it would
    /// register as the caller of the other call (which then resumes the wrong frame), or read the other call's value.
    /// </summary>
    [Test]
    public void ATaskKeptPastItsFramesNextCallThrowsAndTheNextCallIsUntouched()
    {
        var outcome = Greenlet.SpawnTwin(async () =>
        {
            var old = Suspending(1);
            var one = await old;
            var next = Suspending(2);
            Assert.That(next.Frame, Is.SameAs(old.Frame), "the frame was reused: the case under test");
            Assert.That(old.IsCompleted, Is.True, "a stale task reads as completed, so nothing waits on it");
            string stale;
            try
            {
                stale = $"returned {await old}";
            }
            catch (InvalidOperationException)
            {
                stale = "refused";
            }

            var two = await next;
            return $"{one} {stale} {two}";
        }).Get();

        Assert.That(outcome, Is.EqualTo("1 refused 2"));
    }

    /// <summary>Freeing the frame as the call completes, before its caller took the outcome, loses the kill: the caller would read a freed frame.</summary>
    [Test]
    public void AGreenletKilledInsideANestedCallDiesOfTheKillAndTheFrameServesTheNextGreenlet()
    {
        var killed = Greenlet.SpawnTwin(async () => await Suspending(1) + await Suspending(2));
        Greenlet.Sleep(0.005); // parked inside the first nested call
        killed.Kill(new TimeoutException("killed inside a nested call"));

        Assert.That(killed.Exception?.Message, Is.EqualTo("killed inside a nested call"));
        var after = Greenlet.SpawnTwin(async () => await Suspending(3) + await Suspending(4)).Get();
        Assert.That(after, Is.EqualTo(7));
    }

    /// <summary>Without clearing the exception as the frame is freed, the frame's next call rethrows the old failure.</summary>
    [Test]
    public void AFailedCallsExceptionReachesItsCallerAndNotTheFramesNextCall()
    {
        var outcome = Greenlet.SpawnTwin(async () =>
        {
            var failing = SuspendingThenFailing("the first call failed");
            var frame = failing.Frame;
            string failure;
            try
            {
                await failing;
                failure = "no failure";
            }
            catch (InvalidOperationException e)
            {
                failure = e.Message;
            }

            var next = SuspendingThenFailing(null);
            Assert.That(next.Frame, Is.SameAs(frame), "the failed call's frame was reused");
            return $"{failure}; the next call returned {await next}";
        }).Get();

        Assert.That(outcome, Is.EqualTo("the first call failed; the next call returned 1"));
    }

    /// <summary>Without clearing the result as the frame is freed and reset as it is rented, a void call's frame could end its next call early.</summary>
    [Test]
    public void AVoidCallsFrameIsReusedAndEachUseCompletesOnce()
    {
        var log = new List<string>();
        Greenlet.SpawnTwin(async () =>
        {
            var first = SuspendingVoid(log);
            var frame = first.Frame;
            await first;
            var second = SuspendingVoid(log);
            Assert.That(second.Frame, Is.SameAs(frame));
            Assert.That(second.IsCompleted, Is.False, "a rented frame starts its call afresh");
            await second;
            return await SuspendingVoidCaller(log);
        }).Get();

        Assert.That(log, Is.EqualTo(new[] { "void call done", "void call done", "void call done" }));
    }

    /// <summary>
    /// Plain code asking a task for its result before the end (misuse) gets nothing and frees nothing: freeing there
    /// would hand a running call's frame to the next call, and the real await would be refused.
    /// </summary>
    [Test]
    public void AskingForTheResultBeforeTheEndFreesNothing()
    {
        var outcome = Greenlet.SpawnTwin(async () =>
        {
            var task = Suspending(5);
            var early = task.GetAwaiter().GetResult();
            Assert.Throws<InvalidOperationException>(() => task.GetAwaiter().OnCompleted(() => { }), "a foreign await is refused");
            var late = await task;
            return (early, late);
        }).Get();

        Assert.That(outcome, Is.EqualTo((0, 5)));
    }

    /// <summary>Without the hub stamp on the pool, the next hub on this thread would take the first hub's frame.</summary>
    [Test]
    public void AFrameFreedOnOneHubIsNeverTakenOnAnother()
    {
        var onFirstHub = Greenlet.SpawnTwin(FrameOfACall).Get();
        object? onSecondHub;
        using (global::Greenlets.Hub.Install(HubClock.Virtual()))
        {
            onSecondHub = Greenlet.SpawnTwin(FrameOfACall).Get();
        }

        var backOnFirst = Greenlet.SpawnTwin(FrameOfACall).Get();

        Assert.That(onSecondHub, Is.Not.SameAs(onFirstHub));
        // Back on the first hub the pool is the second hub's now (it was stamped there): a new frame again, never the second hub's.
        Assert.That(backOnFirst, Is.Not.SameAs(onSecondHub));
    }

    /// <summary>Makes a call that suspends and returns the frame it ran in, once freed.</summary>
    private static async GreenTask<object?> FrameOfACall()
    {
        var task = Suspending(1);
        var frame = task.Frame;
        await task;
        return frame;
    }
}
