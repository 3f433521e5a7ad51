namespace Greenlets.Tests.Lifecycle;

/// <summary>Link callbacks run on the hub after death, in link order, filtered by outcome.</summary>
[Category(TestCategories.Unit)]
public sealed partial class LinkTests : HubTestBase
{
    [Greenlet]
    private static int Succeed()
    {
        Greenlet.Sleep(1);
        return 1;
    }

    [Greenlet]
    private static int Crash()
    {
        Greenlet.Sleep(1);
        throw new InvalidOperationException("crash");
    }

    [Test]
    public void CallbacksFireByOutcomeInLinkOrder()
    {
        var ok = Greenlet.Spawn(Succeed);
        var bad = Greenlet.Spawn(Crash);
        foreach (var g in new Greenlet[] { ok, bad })
        {
            var name = g == ok ? "ok" : "bad";
            g.Link(_ => Log.Add($"{name}:any"));
            g.LinkValue(_ => Log.Add($"{name}:value"));
            g.LinkException(_ => Log.Add($"{name}:exception"));
        }

        Greenlet.JoinAll(ok, bad);
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "ok:any", "ok:value", "bad:any", "bad:exception" }));
    }

    [Test]
    public void LinkingAfterDeathStillCallsBack()
    {
        var g = Greenlet.Spawn(Succeed);
        g.Join();

        g.Link(finished => Log.Add($"late {finished.IsSuccessful}"));
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "late True" }));
    }

    [Test]
    public void UnlinkRemovesTheCallback()
    {
        var g = Greenlet.Spawn(Succeed);
        Action<Greenlet> callback = _ => Log.Add("called");
        g.Link(callback);
        g.Unlink(callback);

        g.Join();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.Empty);
    }

    [Test]
    public void AFailingCallbackIsReportedAndTheHubGoesOn()
    {
        var g = Greenlet.Spawn(Succeed);
        g.Link(_ => throw new InvalidOperationException("callback broke"));
        g.Link(_ => Log.Add("next callback ran"));

        g.Join();
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { "next callback ran" }));
        Assert.That(Errors.ToString(), Does.Contain("callback broke"));
    }
}
