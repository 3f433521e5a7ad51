namespace Greenlets.Tests.Lifecycle;

/// <summary>A foreach over a cooperative enumerator inside a [Greenlet] method suspends between items.</summary>
[Category(TestCategories.Unit)]
public sealed partial class IterationTests : HubTestBase
{
    [Greenlet]
    private static int Sleeper(double seconds)
    {
        Greenlet.Sleep(seconds);
        return (int)seconds;
    }

    [Greenlet]
    private void Collect(List<Greenlet> greenlets)
    {
        foreach (var done in Greenlet.IWait(greenlets))
        {
            Log.Add($"{((Greenlet<int>)done).Value}@{Now}");
        }
    }

    [Greenlet]
    private void Ticker()
    {
        for (var i = 0; i < 3; i++)
        {
            Log.Add($"tick@{Now}");
            Greenlet.Sleep(1);
        }
    }

    [Test]
    public void IWaitInsideAGreenletSuspendsBetweenItems()
    {
        var sleepers = new List<Greenlet> { Greenlet.Spawn(Sleeper, 2.0), Greenlet.Spawn(Sleeper, 1.0) };
        var collector = Greenlet.Spawn(Collect, sleepers);
        var ticker = Greenlet.Spawn(Ticker);

        Greenlet.JoinAll(collector, ticker);

        // At t=1 both timers fire; the collector hears of the finished sleeper only after the ticker's turn (as in gevent).
        Assert.That(Log, Is.EqualTo(new[] { "tick@0", "tick@1", "1@1", "tick@2", "2@2" }));
    }

    [Greenlet]
    private string FirstFinished(List<Greenlet> greenlets)
    {
        foreach (var done in Greenlet.IWait(greenlets))
        {
            return done.Name; // leaving early disposes the iterator
        }

        return "none";
    }

    [Test]
    public void LeavingTheLoopEarlyStopsListening()
    {
        var sleepers = new List<Greenlet> { Greenlet.Spawn(Sleeper, 2.0), Greenlet.Spawn(Sleeper, 1.0) };

        var first = Greenlet.Spawn(FirstFinished, sleepers).Get();

        Assert.That(first, Is.EqualTo(sleepers[1].Name));
        Greenlet.JoinAll(sleepers);
        Assert.That(Now, Is.EqualTo(2));
    }
}
