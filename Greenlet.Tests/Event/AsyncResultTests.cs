namespace Greenlets.Tests.Events;

/// <summary>AsyncResult: a value or an exception set once, the same for every waiter; get/wait forms; link target.</summary>
[Category(TestCategories.Unit)]
public sealed partial class AsyncResultTests : HubTestBase
{
    private sealed class Boom(string message) : Exception(message);

    [Greenlet]
    private void SetAfter(AsyncResult<string> result, double seconds, string value)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"set at {Now}");
        result.Set(value);
        Log.Add("setter continues");
    }

    [Greenlet]
    private void FailAfter(AsyncResult<string> result, double seconds, Exception exception)
    {
        Greenlet.Sleep(seconds);
        result.SetException(exception);
    }

    [Greenlet]
    private Exception? Getter(string name, AsyncResult<string> result)
    {
        try
        {
            var value = result.Get();
            Log.Add($"{name} got {value} at {Now}");
            return null;
        }
        catch (Boom exception)
        {
            Log.Add($"{name} caught {exception.Message}");
            return exception;
        }
    }

    [Greenlet]
    private void GetWithTimeout(AsyncResult<string> result, double timeout)
    {
        try
        {
            Log.Add($"got {result.Get(timeout: timeout)} at {Now}");
        }
        catch (GreenTimeout)
        {
            Log.Add($"timeout at {Now}");
        }
    }

    [Greenlet]
    private void GetCatchingExit(string name, AsyncResult<string> result)
    {
        try
        {
            Log.Add($"{name} got {result.Get()}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed");
        }
    }

    [Greenlet]
    private void Waiter(string name, AsyncResult<string> result, double? timeout)
    {
        var ready = result.Wait(timeout);
        Log.Add($"{name} ready={ready} at {Now}");
    }

    [Greenlet]
    private static int Compute(int x)
    {
        Greenlet.Sleep(1);
        return x * 2;
    }

    [Greenlet]
    private static int Crash()
    {
        Greenlet.Sleep(1);
        throw new Boom("crash");
    }

    [Greenlet]
    private static void SleepLong() => Greenlet.Sleep(100);

    [Test]
    public void NewResultIsNotReady()
    {
        var result = new AsyncResult<int>();

        Assert.That((result.IsReady, result.IsSuccessful, result.Value, result.Exception), Is.EqualTo((false, false, 0, (Exception?)null)));
        Assert.That(result.TryGet(out var value), Is.False);
        Assert.That(value, Is.Zero);
    }

    [Test]
    public void SetMakesItReadyAndSuccessful()
    {
        var result = new AsyncResult<int>();

        result.Set(42);

        Assert.That((result.IsReady, result.IsSuccessful, result.Value, result.Exception), Is.EqualTo((true, true, 42, (Exception?)null)));
        Assert.That(result.Get(), Is.EqualTo(42));
        Assert.That(result.Get(block: false), Is.EqualTo(42));
        Assert.That(result.GetNowait(), Is.EqualTo(42));
        Assert.That(result.TryGet(out var value) && value == 42, Is.True);
        Assert.That(result.Wait(), Is.True);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void SetExceptionMakesItReadyButNotSuccessful()
    {
        var result = new AsyncResult<int>();
        var boom = new Boom("boom");

        result.SetException(boom);

        Assert.That((result.IsReady, result.IsSuccessful, result.Value), Is.EqualTo((true, false, 0)));
        Assert.That(result.Exception, Is.SameAs(boom));
        Assert.That(result.TryGet(out _), Is.False, "an exception is not a value");
        Assert.That(Assert.Throws<Boom>(() => result.Get()), Is.SameAs(boom));
        Assert.That(Assert.Throws<Boom>(() => result.GetNowait()), Is.SameAs(boom));
        Assert.That(result.Wait(), Is.True, "Wait never raises the stored exception");
    }

    [Test]
    public void NonBlockingGetsOfAnUnsetResultRaiseTimeout()
    {
        var result = new AsyncResult<string>();

        Assert.Throws<GreenTimeout>(() => result.Get(block: false));
        Assert.Throws<GreenTimeout>(() => result.GetNowait());
        Assert.Throws<GreenTimeout>(() => result.Get(timeout: 0));
        Assert.That(result.Wait(0), Is.False);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void GetWaitsForAValueSetLater()
    {
        var result = new AsyncResult<string>();
        Greenlet.Spawn(SetAfter, result, 3.0, "Hello!");

        Assert.That(result.Get(), Is.EqualTo("Hello!"));

        Assert.That(Now, Is.EqualTo(3));
        Assert.That(Log, Is.EqualTo(new[] { "set at 3", "setter continues" }), "Set never switches");
    }

    [Test]
    public void GetWithATimeoutRaisesGreenTimeoutWhenNotSetInTime()
    {
        var result = new AsyncResult<string>();

        Assert.Throws<GreenTimeout>(() => result.Get(timeout: 2));

        Assert.That(Now, Is.EqualTo(2));
        Assert.That(result.IsReady, Is.False);
    }

    [Test]
    public void EveryWaiterGetsTheValueInWaitOrder()
    {
        var result = new AsyncResult<string>();
        var getters = new[] { "a", "b", "c" }.Select(name => Greenlet.Spawn(Getter, name, result)).ToArray();
        Greenlet.Spawn(SetAfter, result, 1.0, "v");

        Greenlet.JoinAll(getters);

        Assert.That(Log, Is.EqualTo(new[] { "set at 1", "setter continues", "a got v at 1", "b got v at 1", "c got v at 1" }));
    }

    [Test]
    public void EveryWaiterRethrowsTheSameException()
    {
        var result = new AsyncResult<string>();
        var boom = new Boom("boom");
        var getters = new[] { "a", "b", "c" }.Select(name => Greenlet.Spawn(Getter, name, result)).ToArray();
        Greenlet.Spawn(FailAfter, result, 1.0, (Exception)boom);

        Greenlet.JoinAll(getters);

        Assert.That(getters.Select(g => g.Value), Has.All.SameAs(boom));
        Assert.That(Log, Is.EqualTo(new[] { "a caught boom", "b caught boom", "c caught boom" }));
        Assert.That(Assert.Throws<Boom>(() => result.Get()), Is.SameAs(boom), "a late get rethrows it too");
    }

    [Test]
    public void GetTimeoutInAGreenletLeavesTheResultForLaterGets()
    {
        var result = new AsyncResult<string>();
        var impatient = Greenlet.Spawn(GetWithTimeout, result, 1.0);
        var patient = Greenlet.Spawn(GetWithTimeout, result, 10.0);
        Greenlet.Spawn(SetAfter, result, 2.0, "v");

        Greenlet.JoinAll(impatient, patient);

        Assert.That(Log, Is.EqualTo(new[] { "timeout at 1", "set at 2", "setter continues", "got v at 2" }));
    }

    [Test]
    public void WaitReturnsWhetherReadyAndNeverRaises()
    {
        var result = new AsyncResult<string>();
        var early = Greenlet.Spawn(Waiter, "early", result, (double?)1);
        var late = Greenlet.Spawn(Waiter, "late", result, (double?)5);
        Greenlet.Spawn(FailAfter, result, 2.0, (Exception)new Boom("x"));

        Greenlet.JoinAll(early, late);

        Assert.That(Log, Is.EqualTo(new[] { "early ready=False at 1", "late ready=True at 2" }));
    }

    [Test]
    public void KillingAGetterLeavesTheOthersWaiting()
    {
        var result = new AsyncResult<string>();
        var a = Greenlet.Spawn(GetCatchingExit, "a", result);
        var b = Greenlet.Spawn(GetCatchingExit, "b", result);
        Greenlet.Sleep(0);

        a.Kill();
        result.Set("v");
        b.Join();

        Assert.That(Log, Is.EqualTo(new[] { "a killed", "b got v" }));
    }

    [Test]
    public void UntypedResultSetWithNoValueGivesNull()
    {
        var result = new AsyncResult();

        result.Set();

        Assert.That((result.IsReady, result.IsSuccessful, result.Get()), Is.EqualTo((true, true, (object?)null)));
    }

    [Test]
    public void SettingAgainReplacesTheOutcome()
    {
        var result = new AsyncResult<int>();
        result.SetException(new Boom("first"));

        result.Set(2);

        Assert.That((result.IsSuccessful, result.Get(), result.Exception), Is.EqualTo((true, 2, (Exception?)null)));
    }

    [Test]
    public void AsALinkTargetItReceivesTheGreenletsValue()
    {
        var result = new AsyncResult<int>();
        var g = Greenlet.Spawn(Compute, 21);

        g.Link(result);

        Assert.That(result.Get(), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void AsALinkTargetItReceivesTheGreenletsException()
    {
        var result = new AsyncResult<int>();
        var g = Greenlet.Spawn(Crash);

        g.Link(result);
        var thrown = Assert.Throws<Boom>(() => result.Get());

        Assert.That(thrown, Is.SameAs(g.Exception));
        Assert.That((result.IsReady, result.IsSuccessful), Is.EqualTo((true, false)));
    }

    [Test]
    public void AsALinkTargetAKilledGreenletCountsAsSuccessWithNoValue()
    {
        var result = new AsyncResult();
        var g = Greenlet.Spawn(SleepLong);
        Greenlet.Sleep(0);

        g.Link(result);
        g.Kill();

        Assert.That(result.Get(), Is.Null);
        Assert.That(result.IsSuccessful, Is.True);
    }

    [Test]
    public void LinkingAFinishedGreenletStillDelivers()
    {
        var result = new AsyncResult<int>();
        var g = Greenlet.Spawn(Compute, 5);
        g.Join();

        g.Link(result);

        Assert.That(result.Get(), Is.EqualTo(10));
    }

    [Test]
    public void PlainGetThatCanNeverCompleteRaisesLoopExit()
    {
        var result = new AsyncResult<int>();

        Assert.Throws<LoopExitException>(() => result.Get());

        result.Set(1);
        Assert.That(result.Get(), Is.EqualTo(1));
    }
}
