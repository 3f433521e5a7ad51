namespace Greenlets.Tests.Hub;

/// <summary>Cooperative calls made where they would nest the hub fail at once and say what to do.</summary>
[Category(TestCategories.Unit)]
public sealed partial class ContextTests : HubTestBase
{
    private static void PlainHelperThatSleeps() => Greenlet.Sleep(1);

    [Greenlet]
#pragma warning disable GRN0200 // the plain helper must fail inside the greenlet: that is what the tests check
    private static void CallsPlainHelper() => PlainHelperThatSleeps();
#pragma warning restore GRN0200

    [Test]
    public void CooperativeCallFromPlainCodeInsideAGreenletNamesTheMethodToMark()
    {
        var g = Greenlet.Spawn(CallsPlainHelper);
        g.Join();

        Assert.That(g.Exception, Is.TypeOf<GreenletContextException>());
        var error = (GreenletContextException)g.Exception!;
        Assert.That(error.MethodToMark, Is.EqualTo("ContextTests.PlainHelperThatSleeps"));
        Assert.That(error.Message, Does.Contain("Mark ContextTests.PlainHelperThatSleeps with [Greenlet]"));
        Assert.That(error.Message, Does.Contain("Greenlet.Sleep"));
    }

    [Greenlet]
    private static void Fetch() => Greenlet.Sleep(1);

    private static void Relay() => Fetch();

    [Greenlet]
#pragma warning disable GRN0200 // the plain helper in between must fail inside the greenlet: that is what the test checks
    private static void CallsGreenletMethodThroughPlainHelper() => Relay();
#pragma warning restore GRN0200

    [Test]
    public void APlainMethodBetweenTwoGreenletMethodsIsTheOneToMark()
    {
        var g = Greenlet.Spawn(CallsGreenletMethodThroughPlainHelper);
        g.Join();

        var error = (GreenletContextException)g.Exception!;
        Assert.That(error.MethodToMark, Is.EqualTo("ContextTests.Relay"), "the plain method in between, not the [Greenlet] method it calls");
        Assert.That(error.Message, Does.StartWith("Greenlet.Sleep was called from ContextTests.Relay, which is not rewritten, through ContextTests.Fetch ([Greenlet], but called from plain code it runs its plain form)"));
        Assert.That(error.Message, Does.Contain("Mark ContextTests.Relay with [Greenlet]"));
    }

    [Greenlet]
    private static void CallsGreenletMethodThroughADelegate()
    {
#pragma warning disable GRN0201 // the delegate must run the plain form and fail: that is what the test checks
        Action fetch = Fetch;
#pragma warning restore GRN0201
        fetch();
    }

    [Test]
    public void AGreenletMethodCalledThroughADelegateIsNamedWithoutBlamingItsCaller()
    {
        var g = Greenlet.Spawn(CallsGreenletMethodThroughADelegate);
        g.Join();

        var error = (GreenletContextException)g.Exception!;
        Assert.That(error.MethodToMark, Is.Null, "both methods are [Greenlet] already: there is nothing to mark");
        Assert.That(error.Message, Does.StartWith("Greenlet.Sleep was called from ContextTests.Fetch, a [Greenlet] method that ran as plain code"));
        Assert.That(error.Message, Does.Contain("through a delegate").And.Contain("Call ContextTests.Fetch directly from a [Greenlet] method, or pass it to Greenlet.Spawn"));
    }

    [Test]
    public void ACooperativeMethodSpawnedThroughADelegateNeverBlamesTheCodeThatJoins()
    {
        Action<GreenDuration> sleep = Greenlet.Sleep; // a delegate the generator cannot see at the spawn
        var g = Greenlet.Spawn(sleep, 1.0);
        g.Join();

        var error = (GreenletContextException)g.Exception!;
        Assert.That(error.MethodToMark, Is.Null);
        Assert.That(error.Message, Does.Not.Contain(nameof(ACooperativeMethodSpawnedThroughADelegateNeverBlamesTheCodeThatJoins)));
        Assert.That(error.Message, Does.StartWith("Greenlet.Sleep was called from a plain delegate"));
        Assert.That(error.Message, Does.Contain("Greenlet.Spawn(Greenlet.Sleep, ...)"));
    }

    [Test]
    public void CooperativeCallFromALinkCallbackFails()
    {
        Exception? seen = null;
        var g = Greenlet.Spawn(() => 1);
#pragma warning disable GRN0202 // a cooperative call from a link callback must fail: that is what this test checks
        g.Link(_ =>
        {
            try
            {
                Greenlet.Sleep(1);
            }
            catch (GreenletContextException e)
            {
                seen = e;
            }
        });
#pragma warning restore GRN0202
        g.Join();
        Greenlet.Sleep(0);

        Assert.That(seen, Is.Not.Null);
        Assert.That(seen!.Message, Does.Contain("hub callback"));
    }

    [Greenlet]
    private static void WaitsForever(Greenlet other) => other.Join();

    [Test]
    public void WaitThatCanNeverCompleteRaisesLoopExitWithADump()
    {
        var blocker = new BlockedGreenlet();
        blocker.Start();

        var exit = Assert.Throws<LoopExitException>(() => blocker.Join());

        Assert.That(exit!.Message, Does.StartWith("This operation would block forever."));
        Assert.That(exit.Greenlets, Does.Contain(blocker.Name).And.Contain("Parked"));
        Assert.That(exit.Greenlets, Does.Contain("WaitsForever").And.Contain("ContextTests.cs"));
    }

    /// <summary>Joins itself through a second greenlet that waits for it: a cycle nothing can break.</summary>
    private sealed partial class BlockedGreenlet : Greenlet
    {
        [Greenlet]
        protected override void Run()
        {
            var partner = Greenlet.Spawn(WaitsForever, (Greenlet)this);
            partner.Join();
        }
    }

    private static string PlainJoin(Greenlet other)
    {
        try
        {
            other.Join();
            return "joined";
        }
        catch (GreenletContextException)
        {
            return "refused";
        }
    }

    [Greenlet]
    private static string JoinFromPlainCode(Greenlet finished, Greenlet running)
    {
#pragma warning disable GRN0200 // the plain joins must fail or pass as this test checks
        var first = PlainJoin(finished);
        var second = PlainJoin(running);
#pragma warning restore GRN0200
        Greenlet.Sleep(0); // the refused join left this greenlet able to suspend normally
        return $"{first} {second}";
    }

    [Greenlet]
    private static void Nap() => Greenlet.Sleep(5);

    [Test]
    public void PlainWaitOnAFinishedGreenletIsFineAndARefusedOneLeavesNoTrace()
    {
        var finished = Greenlet.Spawn(Nap);
        finished.Join();
        var running = Greenlet.Spawn(Nap);

        var g = Greenlet.Spawn(JoinFromPlainCode, (Greenlet)finished, (Greenlet)running);

        Assert.That(g.Get(), Is.EqualTo("joined refused"));
        running.Join();
        Assert.That(Now, Is.EqualTo(10));
    }

    [Test]
    public void ALambdaIsNamedByTheMethodThatHoldsIt()
    {
        var delay = 1.0;
#pragma warning disable GRN0202 // the suspending lambda must fail, naming its method: that is what this test checks
        var g = Greenlet.Spawn(() => Greenlet.Sleep(delay));
#pragma warning restore GRN0202
        g.Join();

        Assert.That(((GreenletContextException)g.Exception!).MethodToMark, Is.EqualTo("ContextTests.ALambdaIsNamedByTheMethodThatHoldsIt"));
    }
}
