namespace Greenlets.Tests.Timeouts;

/// <summary>GreenTimeout: scopes, start/cancel, custom exceptions, nesting, and timeout arguments.</summary>
[Category(TestCategories.Unit)]
public sealed partial class TimeoutTests : HubTestBase
{
    private sealed class TooLong : Exception;

    [Greenlet]
    private static void Wait(double seconds) => Greenlet.Sleep(seconds);

    [Greenlet]
    private static string SleepUnderTimeout(double limit, double seconds)
    {
        using var timeout = GreenTimeout.StartNew(limit);
        try
        {
            Greenlet.Sleep(seconds);
            return "finished";
        }
        catch (GreenTimeout fired) when (fired == timeout)
        {
            return "timed out";
        }
    }

    [Test]
    public void UsingScopeRaisesTheTimeoutInTheGreenlet()
    {
        var quick = Greenlet.Spawn(SleepUnderTimeout, 2.0, 1.0);
        var slow = Greenlet.Spawn(SleepUnderTimeout, 2.0, 3.0);

        Greenlet.JoinAll(quick, slow);

        Assert.That((quick.Value, slow.Value), Is.EqualTo(("finished", "timed out")));
        Assert.That(Now, Is.EqualTo(2));
    }

    [Greenlet]
    private int WaitOutTheRemainder(Event never, double end)
    {
        var waits = 0;
        while (Now < end && waits < 1_000)
        {
            never.Wait(timeout: end - Now); // the last remainders are below one tick of the clock
            waits++;
        }

        return waits;
    }

    [Test]
    public void AWaitShorterThanATickStillMovesTheVirtualClock()
    {
        var end = 1.0 + 0.3e-7; // 0.3 of a 100 ns tick after one second
        var waits = Greenlet.Spawn(WaitOutTheRemainder, new Event(), end).Get();

        Assert.That(Now, Is.GreaterThanOrEqualTo(end));
        Assert.That(waits, Is.EqualTo(2), "one wait of a second, then one of the remainder, rounded up to a tick");
    }

    [Test]
    public void TimeoutRaisesTheGivenException()
    {
        Assert.Throws<TooLong>(() =>
        {
            using (GreenTimeout.StartNew(5, new TooLong()))
            {
                Greenlet.Sleep(10);
            }
        });
        Assert.That(Now, Is.EqualTo(5));
    }

    [Greenlet]
    private static string Nested()
    {
        using var outer = GreenTimeout.StartNew(1);
        try
        {
            using var inner = GreenTimeout.StartNew(5);
            try
            {
                Greenlet.Sleep(10);
                return "no timeout";
            }
            catch (GreenTimeout t) when (t == inner)
            {
                return "inner";
            }
        }
        catch (GreenTimeout t) when (t == outer)
        {
            return "outer";
        }
    }

    [Test]
    public void NestedTimeoutsDoNotCatchEachOthers()
    {
        Assert.That(Greenlet.Spawn(Nested).Get(), Is.EqualTo("outer"));
    }

    [Test]
    public void StartCancelAndPending()
    {
        var timeout = new GreenTimeout(1);
        Assert.That(timeout.IsPending, Is.False);
        timeout.Start();
        Assert.That(timeout.IsPending, Is.True);
        Assert.That(() => timeout.Start(), Throws.InvalidOperationException);
        timeout.Cancel();
        Assert.That(timeout.IsPending, Is.False);

        Greenlet.Sleep(2);
        Assert.That(Now, Is.EqualTo(2), "a cancelled timeout never fires");
        Assert.That(timeout.Message, Is.EqualTo("1 second"));
        Assert.That(new GreenTimeout(2.5).Message, Is.EqualTo("2.5 seconds"));
    }

    [Test]
    public void NullDurationNeverFiresAndZeroFiresAtTheNextWait()
    {
        using (GreenTimeout.StartNew(null))
        {
            Greenlet.Sleep(100);
        }

        // As in gevent, a bare yield does not run timers when nothing else is ready; a real wait does.
        var zero = GreenTimeout.StartNew(0);
        Greenlet.Sleep(0);
        Assert.That(zero.IsPending, Is.True);
        Assert.Throws<GreenTimeout>(() => Greenlet.Sleep(0.001));
        Assert.That(zero.IsPending, Is.False);

        var negative = GreenTimeout.StartNew(-1);
        Assert.Throws<GreenTimeout>(() => Greenlet.Sleep(1));
        Assert.That(negative.IsPending, Is.False);
    }

    [Test]
    public void TimeoutArgumentsOfJoinAndGet()
    {
        var first = Greenlet.Spawn(Wait, 2.0);
        var timer = new GreenTimeout(1).Start();
        var fired = Assert.Throws<GreenTimeout>(() => first.Join(timer));
        Assert.That(fired, Is.SameAs(timer));

        var second = Greenlet.Spawn(Wait, 2.0);
        Assert.Throws<GreenTimeout>(() => second.Get(GreenTimeout.StartNew(1)));

        var unstarted = new GreenTimeout(1);
        Assert.Throws<GreenTimeout>(() => Greenlet.Spawn(Wait, 2.0).Join(unstarted), "a timeout passed to a wait is started if idle");
        Assert.That(Now, Is.EqualTo(3));
    }

    [Greenlet]
    private static int SlowValue()
    {
        Greenlet.Sleep(2);
        return 42;
    }

    [Greenlet]
    private static int WithTimeoutInsideAGreenlet() => Greenlet.WithTimeout(1, SlowValue, -1);

    [Test]
    public void WithTimeoutReturnsTheValueOrRaises()
    {
        Assert.That(Greenlet.WithTimeout(3, SlowValue), Is.EqualTo(42));
        Assert.That(Greenlet.WithTimeout(1, SlowValue, timeoutValue: -1), Is.EqualTo(-1));
        Assert.Throws<GreenTimeout>(() => Greenlet.WithTimeout(1, SlowValue));
        Assert.That(Greenlet.Spawn(WithTimeoutInsideAGreenlet).Get(), Is.EqualTo(-1));
    }

    [Test]
    public void TimeoutStartedInMainInterruptsMainsWait()
    {
        var timeout = new GreenTimeout(10);
        timeout.Start();

        var caught = Assert.Throws<GreenTimeout>(() => Greenlet.Spawn(Wait, 10.0).Join());

        Assert.That(caught, Is.SameAs(timeout), "started first, it fires before the sleep's timer of the same deadline");
    }
}
