using System.Collections.Concurrent;

namespace Greenlets.Tests.Events;

/// <summary>
/// HubEvent and HubAsyncResult: a set on one hub (or thread) wakes waiters on every hub, even when the flag is cleared
/// before they run; timeouts on each waiter's hub clock; a thread without a hub waits by blocking.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HubEventTests : HubTestBase
{
    private readonly ConcurrentQueue<string> _events = new();
    private int _waiting;

    [SetUp]
    public void ClearEvents()
    {
        _events.Clear();
        _waiting = 0;
    }

    [Greenlet]
    private void WaitOn(HubEvent ev, string name)
    {
        Interlocked.Increment(ref _waiting);
        _events.Enqueue($"{name} {ev.Wait(timeout: 30)}");
    }

    [Greenlet]
    private void WaitersAndSetter(int index, (HubEvent Event, int Waiters) state)
    {
        if (index > 0)
        {
            var waiters = Enumerable.Range(0, 3).Select(i => Greenlet.Spawn(WaitOn, state.Event, $"hub {index} waiter {i}")).ToArray();
            Greenlet.JoinAll(waiters);
            return;
        }

        while (Volatile.Read(ref _waiting) < state.Waiters)
        {
            Greenlet.Sleep(0.001);
        }

        Greenlet.Sleep(0.01); // let the last waiters park
        state.Event.Set();
        state.Event.Clear(); // the waiters woken by the set still report it
    }

    [Test]
    public void ASetOnOneHubWakesEveryWaiterOnTheOthers()
    {
        var ev = new HubEvent();

        HubGroup.Run(3, WaitersAndSetter, (ev, 6), static _ => HubClock.Monotonic());

        Assert.That(_events.Order(), Is.EqualTo(new[]
        {
            "hub 1 waiter 0 True", "hub 1 waiter 1 True", "hub 1 waiter 2 True",
            "hub 2 waiter 0 True", "hub 2 waiter 1 True", "hub 2 waiter 2 True",
        }));
        Assert.That(ev.IsSet, Is.False);
    }

    [Test]
    public void AWaitTimesOutOnTheHubClock()
    {
        var ev = new HubEvent();

        Assert.That(ev.Wait(timeout: 3), Is.False);
        Assert.That(Now, Is.EqualTo(3));
        Assert.That(ev.Wait(timeout: 0), Is.False);
    }

    [Test]
    public void ASetFromAnotherThreadWakesTheMainGreenlet()
    {
        var ev = new HubEvent();
        var setter = new Thread(() =>
        {
            Thread.Sleep(20);
            ev.Set();
        });
        setter.Start();

        Assert.That(ev.Wait(timeout: 30), Is.True); // a monotonic wait would take 30 s on a lost wake; the virtual clock waits for the post
        setter.Join();
        Assert.That(ev.IsSet, Is.True);
    }

    [Greenlet]
    private static void SetLater(HubEvent ev)
    {
        Greenlet.Sleep(1);
        ev.Set();
    }

    [Test]
    public void AThreadWithoutAHubBlocksUntilAGreenletSets()
    {
        var ev = new HubEvent();
        var woke = false;
        var waiter = new Thread(() => woke = ev.Wait(timeout: 30));
        waiter.Start();
        Thread.Sleep(20);

        Greenlet.Spawn(SetLater, ev).Join();
        waiter.Join();

        Assert.That(woke, Is.True);
    }

    [Greenlet]
    private void AskOtherHub(int index, HubAsyncResult<string>[] results)
    {
        switch (index)
        {
            case 0:
                _events.Enqueue($"got {results[0].Get(timeout: 30)}");
                try
                {
                    results[1].Get(timeout: 30);
                }
                catch (InvalidOperationException failure)
                {
                    _events.Enqueue($"raised {failure.Message}");
                }

                try
                {
                    results[2].Get(timeout: 2);
                }
                catch (TimeoutException)
                {
                    _events.Enqueue($"timed out at {Now}");
                }

                break;
            case 1:
                Greenlet.Sleep(0.01);
                results[0].Set("answer");
                results[1].SetException(new InvalidOperationException("no answer"));
                break;
        }
    }

    [Test]
    public void AResultSetOnOneHubReachesAGreenletOnAnother()
    {
        HubAsyncResult<string>[] results = [new(), new(), new()];

        HubGroup.Run(2, AskOtherHub, results, static _ => HubClock.Virtual());

        Assert.That(_events, Is.EqualTo(new[] { "got answer", "raised no answer", "timed out at 2" }));
        Assert.That(results[0].IsSuccessful, Is.True);
        Assert.That(results[1].IsReady && !results[1].IsSuccessful, Is.True);
        Assert.That(results[2].IsReady, Is.False);
    }
}
