namespace Greenlets.Tests.Hub;

/// <summary>Cooperative calls made where they would nest the hub fail at once and say what to do.</summary>
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
