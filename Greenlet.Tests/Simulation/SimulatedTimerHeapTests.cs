namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// The timer heap in simulation, where timers sharing a deadline share one bucket: every live timer fires once, at or
/// after its deadline and in deadline order, through appends, sweeps, cancelled heads and timers started as a bucket
/// fires; ties fire in an order drawn from the seed, the same for the same seed.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class SimulatedTimerHeapTests
{
    /// <summary>A timer target cancelled by moving its token on, as the hub's are; it may start one more timer when it fires.</summary>
    private sealed class Target(int id, long deadline, List<(int Id, long Deadline)> fired) : ITimerTarget
    {
        public int Token;

        public Action? OnFire;

        public void OnTimer(global::Greenlets.Hub hub, int token)
        {
            if (token == Token)
            {
                fired.Add((id, deadline));
                OnFire?.Invoke();
            }
        }

        public bool IsTimerLive(int token) => token == Token;
    }

    [Test]
    public void EveryLiveTimerFiresOnceInDeadlineOrderThroughSweepsAndCancelledHeads()
    {
        var random = new Random(20261207);
        var heap = new TimerHeap(new Simulation(seed: 3, faults: false, traceCapacity: 8));
        var fired = new List<(int Id, long Deadline)>();
        var live = new HashSet<int>(); // started, not cancelled, not fired yet
        var firedIds = new HashSet<int>();
        var targets = new List<Target>();
        var now = 0L;
        for (var round = 0; round < 200; round++)
        {
            // A burst of starts from one instant onto few deadlines (many buckets reopened, slots shared), some cancelled.
            for (var i = 0; i < 60; i++)
            {
                var id = targets.Count;
                var deadline = now + 1 + random.Next(0, 40) * 7;
                var target = new Target(id, deadline, fired);
                targets.Add(target);
                heap.Add(deadline, target, ++target.Token);
                live.Add(id);
            }

            foreach (var id in live.Where(id => random.Next(8) == 0).ToList())
            {
                targets[id].Token++; // cancelled before it fired
                live.Remove(id);
            }
            if (heap.TryPeekLive(out var next))
            {
                Assert.That(next, Is.GreaterThan(now), "a timer not yet due is the earliest live one");
            }

            now += random.Next(1, 30);
            var before = fired.Count;
            heap.FireDue(null!, now);
            Assert.That(fired.Skip(before).All(f => f.Deadline <= now), Is.True, "nothing fires before its deadline");
            live.ExceptWith(fired.Skip(before).Select(f => f.Id));
            firedIds.UnionWith(fired.Skip(before).Select(f => f.Id));
        }

        var pending = live.Count;
        heap.FireDue(null!, long.MaxValue);
        Assert.That(fired.Skip(firedIds.Count).Select(f => f.Id), Is.EquivalentTo(live), "each live timer fired, no cancelled one");
        Assert.That(fired.Select(f => f.Id), Is.Unique, "none fired twice");
        Assert.That(pending, Is.GreaterThan(100), "timers were still pending at the end");
        Assert.That(fired.Select(f => f.Deadline), Is.Ordered, "deadline order");
        Assert.That(heap.Count, Is.Zero);
    }

    [Test]
    public void ATimerStartedForTheInstantBeingFiredFiresAfterItsBucket()
    {
        var heap = new TimerHeap(new Simulation(seed: 4, faults: false, traceCapacity: 8));
        var fired = new List<(int Id, long Deadline)>();
        var first = new Target(0, 10, fired);
        var second = new Target(1, 10, fired);
        var late = new Target(2, 10, fired);
        heap.Add(10, first, ++first.Token);
        heap.Add(10, second, ++second.Token);
        first.OnFire = second.OnFire = () =>
        {
            if (late.Token == 0)
            {
                heap.Add(10, late, ++late.Token); // due now: it must not join (or be lost with) the bucket firing
            }
        };

        heap.FireDue(null!, 10);

        Assert.That(fired.Select(f => f.Id).Take(2), Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(fired.Select(f => f.Id).ToList(), Has.Count.EqualTo(3));
        Assert.That(fired[^1].Id, Is.EqualTo(2), "the timer started while its instant fired fires last");
        Assert.That(heap.Count, Is.Zero);
    }

    [Test]
    public void TiesFireInASeededOrderTheSameForTheSameSeed()
    {
        static List<int> Fire(int seed)
        {
            var heap = new TimerHeap(new Simulation(seed, faults: false, traceCapacity: 8));
            var fired = new List<(int Id, long Deadline)>();
            for (var i = 0; i < 50; i++)
            {
                var target = new Target(i, 5, fired);
                heap.Add(5, target, ++target.Token);
            }

            heap.FireDue(null!, 5);
            return fired.Select(f => f.Id).ToList();
        }

        var order = Fire(7);
        Assert.That(Fire(7), Is.EqualTo(order), "same seed, same order");
        Assert.That(order, Is.Not.EqualTo(Enumerable.Range(0, 50)), "ties are shuffled, not fired in start order");
        Assert.That(Fire(8), Is.Not.EqualTo(order), "another seed, another order");
    }
}
