namespace Greenlets.Tests.Lifecycle;

/// <summary>State flags, values, failures and their reports, as gevent exposes them.</summary>
[Category(TestCategories.Unit)]
public sealed partial class LifecycleTests : HubTestBase
{
    [Greenlet]
    private static string Win()
    {
        Greenlet.Sleep(0);
        return "You win!";
    }

    [Greenlet]
    private static string Fail(string why)
    {
        Greenlet.Sleep(0);
        throw new InvalidOperationException(why);
    }

    [Test]
    public void FlagsFollowTheGreenletThroughItsLife()
    {
        var winner = Greenlet.Spawn(Win);
        var loser = Greenlet.Spawn(Fail, "You fail at failing.");
        Assert.That((winner.IsStarted, winner.IsReady, winner.IsDead, winner.State), Is.EqualTo((true, false, false, GreenletState.Scheduled)));

        Greenlet.JoinAll(winner, loser);

        Assert.That((winner.IsReady, winner.IsSuccessful, winner.Value, winner.Exception), Is.EqualTo((true, true, "You win!", (Exception?)null)));
        Assert.That((loser.IsReady, loser.IsSuccessful, loser.Value), Is.EqualTo((true, false, (string?)null)));
        Assert.That(loser.Exception, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("You fail at failing."));
        Assert.That(winner.IsStarted, Is.False, "as in gevent, a dead greenlet no longer counts as started");
        Assert.That(winner.ValueObject, Is.EqualTo("You win!"));
    }

    [Test]
    public void FailureStaysInTheGreenletAndIsReportedWithItsNameAndArguments()
    {
        var loser = Greenlet.Spawn(Fail, "boom");

        Assert.DoesNotThrow(() => Greenlet.JoinAll(loser));

        var report = Errors.ToString();
        Assert.That(report, Does.Contain("System.InvalidOperationException: boom"));
        Assert.That(report, Does.Contain($"<Greenlet \"{loser.Name}\": LifecycleTests.Fail(\"boom\")> failed with InvalidOperationException"));
    }

    [Test]
    public void GetRethrowsTheOriginalExceptionWithItsStack()
    {
        var loser = Greenlet.Spawn(Fail, "original");

        var thrown = Assert.Throws<InvalidOperationException>(() => loser.Get());

        Assert.That(thrown, Is.SameAs(loser.Exception));
        Assert.That(thrown!.StackTrace, Does.Contain("LifecycleTests.cs"), "the stack names the user's file, through #line");
        Assert.That(thrown.StackTrace, Does.Contain("Fail"));
    }

    [Test]
    public void JoinJoinAllAndRaiseError()
    {
        var winner = Greenlet.Spawn(Win);
        var loser = Greenlet.Spawn(Fail, "raised");

        Assert.That(() => Greenlet.JoinAll([winner, loser], raiseError: true), Throws.InvalidOperationException.With.Message.EqualTo("raised"));
    }

    [Greenlet]
    private static int SleepFor(double seconds)
    {
        Greenlet.Sleep(seconds);
        return (int)seconds;
    }

    [Test]
    public void JoinAllReturnsInCompletionOrderAndHonoursCountAndTimeout()
    {
        var slow = Greenlet.Spawn(SleepFor, 3.0);
        var fast = Greenlet.Spawn(SleepFor, 1.0);
        var middle = Greenlet.Spawn(SleepFor, 2.0);

        var firstTwo = Greenlet.JoinAll([slow, fast, middle], count: 2);
        Assert.That(firstTwo, Is.EqualTo(new Greenlet[] { fast, middle }));
        Assert.That(Now, Is.EqualTo(2));

        var none = Greenlet.JoinAll([slow], timeout: 0.5);
        Assert.That(none, Is.Empty);
        Assert.That(Now, Is.EqualTo(2.5));

        Assert.That(Greenlet.Wait([slow, fast]), Is.EqualTo(new Greenlet[] { fast, slow }), "finished ones first, in the order given");
    }

    [Test]
    public void IWaitYieldsInCompletionOrder()
    {
        var greenlets = new[] { Greenlet.Spawn(SleepFor, 3.0), Greenlet.Spawn(SleepFor, 1.0), Greenlet.Spawn(SleepFor, 2.0) };

        var order = Greenlet.IWait(greenlets).Select(g => ((Greenlet<int>)g).Value).ToList();

        Assert.That(order, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void IWaitHonoursCountAndTimeout()
    {
        var greenlets = new[] { Greenlet.Spawn(SleepFor, 3.0), Greenlet.Spawn(SleepFor, 1.0), Greenlet.Spawn(SleepFor, 2.0) };

        Assert.That(Greenlet.IWait(greenlets, count: 1).Select(g => ((Greenlet<int>)g).Value), Is.EqualTo(new[] { 1 }));
        Assert.That(Greenlet.IWait(greenlets, timeout: 1.5).Select(g => ((Greenlet<int>)g).Value), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(Now, Is.EqualTo(2.5));
        var iterator = Greenlet.IWait(greenlets);
        _ = iterator.ToList();
        Assert.That(() => iterator.ToList(), Throws.InvalidOperationException, "single use, like gevent's");
    }

    [Test]
    public void JoinWithTimeoutReturnsWithoutRaising()
    {
        var slow = Greenlet.Spawn(SleepFor, 10.0);

        slow.Join(timeout: 1);

        Assert.That(slow.IsReady, Is.False);
        Assert.That(Now, Is.EqualTo(1));
        slow.Join();
        Assert.That(slow.Value, Is.EqualTo(10));
    }

    [Test]
    public void GetWithoutBlockingOrPastItsTimeoutRaisesGreenTimeout()
    {
        var slow = Greenlet.Spawn(SleepFor, 10.0);

        Assert.That(() => slow.Get(block: false), Throws.TypeOf<GreenTimeout>());
        Assert.That(() => slow.Get(timeout: 2), Throws.TypeOf<GreenTimeout>());
        Assert.That(Now, Is.EqualTo(2));
        Assert.That(slow.Get(), Is.EqualTo(10));
    }

    [Greenlet]
    private static int Outer(List<string> log)
    {
        log.Add("outer before");
        var value = Inner(log);
        log.Add("outer after");
        return value + Inner(log);
    }

    [Greenlet]
    private static int Inner(List<string> log)
    {
        log.Add("inner");
        return 20;
    }

    [Greenlet]
    private static void Other(List<string> log)
    {
        log.Add("other");
        Greenlet.Sleep(0);
        log.Add("other again");
    }

    [Test]
    public void NestedGreenletCallThatDoesNotSuspendContinuesWithoutASwitch()
    {
        var outer = Greenlet.Spawn(Outer, Log);
        Greenlet.Spawn(Other, Log);

        Greenlet.Sleep(0);

        Assert.That(outer.Value, Is.EqualTo(40));
        Assert.That(Log, Is.EqualTo(new[] { "outer before", "inner", "outer after", "inner", "other" }));
    }

    [Greenlet]
    private static int SuspendingInner(List<string> log, string name)
    {
        log.Add($"{name} in");
        Greenlet.Sleep(0);
        log.Add($"{name} out");
        return 1;
    }

    [Greenlet]
    private static void Caller(List<string> log, string name)
    {
        var result = SuspendingInner(log, name);
        log.Add($"{name} got {result}");
    }

    [Test]
    public void NestedCallThatSuspendsResumesItsCallerAtOnce()
    {
        var a = Greenlet.Spawn(Caller, Log, "a");
        var b = Greenlet.Spawn(Caller, Log, "b");

        Greenlet.JoinAll(a, b);

        Assert.That(Log, Is.EqualTo(new[] { "a in", "b in", "a out", "a got 1", "b out", "b got 1" }));
    }
}
