namespace Greenlets.Tests.Http;

/// <summary>The server-wide byte budget on the virtual clock: waiting for room, deadlines, and the cycle of waiters it breaks.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class BufferedBytesBudgetTests : HubTestBase
{
    /// <summary>A greenlet that takes from the budget as a connection does (the budget's awaitable form is internal).</summary>
    private Greenlet Take(BufferedBytesBudget budget, string name, long count, long alreadyHeld, double seconds) =>
        Greenlet.SpawnTwin(async () =>
        {
            var taken = await budget.TakeAsync(count, alreadyHeld, Hub.Now + TimeSpan.FromSeconds(seconds));
            Log.Add($"{Now:0.0} {name} {(taken ? "took" : "gave up")}");
        });

    [Greenlet]
    private void GiveLater(BufferedBytesBudget budget, long count, double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"{Now:0.0} give {count}");
        budget.Give(count);
    }

    [Test]
    public void AWaiterGoesOnWhenAnotherGivesBackEnough()
    {
        var budget = new BufferedBytesBudget(100);
        Assert.That(budget.TryTake(80), Is.True);

        Greenlet.JoinAll([Take(budget, "a", 50L, 0L, 10.0), Greenlet.Spawn(GiveLater, budget, 80L, 2.0)]);

        Assert.That(Log, Is.EqualTo(new[] { "2.0 give 80", "2.0 a took" }));
        Assert.That(budget.Held, Is.EqualTo(50));
    }

    [Test]
    public void AWaiterGivesUpAtItsDeadline()
    {
        var budget = new BufferedBytesBudget(100);
        Assert.That(budget.TryTake(80), Is.True);

        Take(budget, "a", 50L, 0L, 1.5).Join();

        Assert.That(Log, Is.EqualTo(new[] { "1.5 a gave up" }));
        Assert.That(budget.Held, Is.EqualTo(80));
    }

    [Test]
    public void MoreThanTheWholeBoundGivesUpAtOnce()
    {
        var budget = new BufferedBytesBudget(100);
        Assert.That(budget.TryTake(80), Is.True);

        Take(budget, "a", 60L, 50L, 10.0).Join(); // a holds 50 of the 80 and wants 60 more: 110, never to fit

        Assert.That(Log, Is.EqualTo(new[] { "0.0 a gave up" }));
    }

    [Test]
    public void WhenEveryHolderWaitsTheNewestGivesUpAndTheOthersGoOn()
    {
        // Two bodies growing into the bound: a holds 40, b holds 40, and each wants 30 more. Once b waits too, nothing
        // would ever be given back: b gives up at once, and when its request ends (its 40 given back), a goes on.
        var budget = new BufferedBytesBudget(100);
        Assert.That(budget.TryTake(80), Is.True);
        var a = Take(budget, "a", 30L, 40L, 10.0);
        Greenlet.Sleep(1);

        Take(budget, "b", 30L, 40L, 10.0).Join();
        budget.Give(40);
        a.Join();

        Assert.That(Log, Is.EqualTo(new[] { "1.0 b gave up", "1.0 a took" }));
        Assert.That(budget.Held, Is.EqualTo(70));
    }
}
