namespace Greenlets.Tests.Hub;

public sealed partial class SmokeTests
{
    [Greenlet]
    private static int Add(int a, int b)
    {
        Greenlet.Sleep(1);
        return a + b;
    }

    [Test]
    public void SpawnedGreenletReturnsItsValue()
    {
        using var _ = Greenlets.Hub.Install(HubClock.Virtual());
        var g = Greenlet.Spawn(Add, 2, 3);
        Assert.That(g.Get(), Is.EqualTo(5));
    }
}
