namespace Greenlets.Tests.Stress;

/// <summary>
/// Seeded randomized runs of Event and AsyncResult handoffs: setters, clearers and waiters with random timeouts and
/// random kills. Every wait's outcome must follow from what happened while it waited, and every waiter of one result
/// receives the same value or the same exception.
/// </summary>
[Category(TestCategories.Peer)]
public sealed partial class EventStressTests : HubTestBase
{
    private const int Operations = 50_000;

    private sealed class Boom : Exception;

    private sealed class EventWorld(int seed)
    {
        public Random Rng { get; } = new(seed);

        public Greenlets.Event Event { get; } = new();

        public List<Greenlet> Waiters { get; } = [];

        public List<Greenlet> Everyone { get; } = [];

        public List<string> Problems { get; } = [];

        public int Ops { get; set; }

        public int Sets { get; set; }

        /// <summary>When each set happened, on the hub's clock, in order.</summary>
        public List<double> SetTimes { get; } = [];

        public int TrueWaits { get; set; }

        public int FalseWaits { get; set; }

        public int Kills { get; set; }

        public bool Done => Ops >= Operations;

        public void SetEvent()
        {
            Sets++;
            SetTimes.Add(global::Greenlets.Hub.Current.Now.TotalSeconds);
            Event.Set();
        }

        public double? Timeout() => Rng.Next(6) switch
        {
            0 => null,
            1 => 0,
            _ => Rng.Next(1, 6) * 0.001,
        };
    }

    private sealed class ResultWorld(int seed)
    {
        public Random Rng { get; } = new(seed);

        public AsyncResult<int> Current { get; set; } = new();

        public int CurrentId { get; set; }

        public Dictionary<int, Exception> Exceptions { get; } = [];

        public Dictionary<AsyncResult<int>, int> Ids { get; } = [];

        public List<Greenlet> Getters { get; } = [];

        public List<Greenlet> Everyone { get; } = [];

        public List<string> Problems { get; } = [];

        public int Ops { get; set; }

        public int Values { get; set; }

        public int Failures { get; set; }

        public int Timeouts { get; set; }

        public int Kills { get; set; }

        public bool Done => Ops >= Operations;
    }

    [Greenlet]
    private static void Flipper(EventWorld world)
    {
        while (!world.Done)
        {
            world.Ops++;
            switch (world.Rng.Next(5))
            {
                case 0:
                    world.SetEvent();
                    break;
                case 1:
                case 2:
                    world.Event.Clear();
                    break;
                case 3:
                    Greenlet.Sleep(0);
                    break;
                default:
                    Greenlet.Sleep(world.Rng.Next(1, 4) * 0.001);
                    break;
            }
        }

        // Let every waiter out.
        world.SetEvent();
    }

    [Greenlet]
    private static void EventWaiter(EventWorld world)
    {
        while (!world.Done)
        {
            world.Ops++;
            var wasSet = world.Event.IsSet;
            var setsBefore = world.Sets;
            var start = world.Event.IsSet ? -1 : global::Greenlets.Hub.Current.Now.TotalSeconds;
            var timeout = world.Timeout();
            bool result;
            try
            {
                result = world.Event.Wait(timeout);
            }
            catch (GreenTimeout)
            {
                continue; // a kill with a timeout: the wait ended early, by design
            }

            var elapsed = global::Greenlets.Hub.Current.Now.TotalSeconds - start;
            var setDuringWait = world.Sets != setsBefore;
            if (wasSet && !result)
            {
                world.Problems.Add("a wait on a set event returned false");
            }
            else if (!wasSet && timeout is <= 0 && result)
            {
                world.Problems.Add("a poll of a clear event returned true");
            }
            else if (!wasSet && timeout is > 0 && result && !setDuringWait)
            {
                world.Problems.Add("wait returned true but no set happened");
            }
            else if (!wasSet && timeout is > 0 && !result && world.SetTimes.Skip(setsBefore).Any(at => at < start + timeout.Value - 1e-9))
            {
                // As in gevent, the outcome is what ended the wait: a set after the timeout woke it does not count.
                world.Problems.Add("a set before the deadline did not end the wait");
            }
            else if (!wasSet && timeout is null && !result)
            {
                world.Problems.Add("a wait with no timeout returned false");
            }
            else if (!wasSet && timeout is > 0 && !result && Math.Abs(elapsed - timeout.Value) > 1e-9)
            {
                world.Problems.Add($"a wait of {timeout} s timed out after {elapsed} s");
            }

            if (result)
            {
                world.TrueWaits++;
            }
            else
            {
                world.FalseWaits++;
            }

            // A set event never blocks: pause (time only moves on once every greenlet waits), so flippers get turns.
            Greenlet.Sleep(world.Rng.Next(3) * 0.001);
        }
    }

    [Greenlet]
    private static void EventKiller(EventWorld world)
    {
        while (!world.Done)
        {
            Greenlet.Sleep(world.Rng.Next(3) * 0.001);
            var index = world.Rng.Next(world.Waiters.Count);
            world.Waiters[index].Kill(world.Rng.Next(2) == 0 ? new GreenletExit() : new GreenTimeout(1), block: false);
            world.Kills++;
            for (var i = 0; i < world.Waiters.Count; i++)
            {
                if (world.Waiters[i].IsDead)
                {
                    world.Waiters[i] = Greenlet.Spawn(EventWaiter, world);
                    world.Everyone.Add(world.Waiters[i]);
                }
            }
        }
    }

    [Greenlet]
    private static void Producer(ResultWorld world)
    {
        while (!world.Done)
        {
            world.Ops++;
            Greenlet.Sleep(world.Rng.Next(4) * 0.001);
            var result = world.Current;
            var id = world.CurrentId;
            if (world.Rng.Next(5) == 0)
            {
                var boom = new Boom();
                world.Exceptions[id] = boom;
                result.SetException(boom);
            }
            else
            {
                result.Set(id);
            }

            world.Current = new AsyncResult<int>();
            world.CurrentId = id + 1;
            world.Ids[world.Current] = world.CurrentId;
        }

        world.Current.Set(world.CurrentId); // let the last getters out
    }

    [Greenlet]
    private static void ResultGetter(ResultWorld world)
    {
        while (!world.Done)
        {
            world.Ops++;
            var result = world.Current;
            var id = world.CurrentId;
            var timeout = world.Rng.Next(4) == 0 ? (double?)null : world.Rng.Next(0, 4) * 0.001;
            try
            {
                if (world.Rng.Next(3) == 0)
                {
                    var ready = result.Wait(timeout);
                    if (ready != result.IsReady)
                    {
                        world.Problems.Add($"Wait returned {ready} for a result whose Ready is {result.IsReady}");
                    }

                    continue;
                }

                var value = result.Get(timeout: timeout);
                world.Values++;
                if (value != id || !result.IsSuccessful)
                {
                    world.Problems.Add($"result {id} gave {value}");
                }
            }
            catch (Boom boom)
            {
                world.Failures++;
                if (!ReferenceEquals(boom, world.Exceptions.GetValueOrDefault(id)))
                {
                    world.Problems.Add($"result {id} raised an exception that is not the one set");
                }
            }
            catch (GreenTimeout)
            {
                world.Timeouts++;

                // Either the get's own timeout, with the result still unset, or a kill with a GreenTimeout.
            }
        }
    }

    [Greenlet]
    private static void ResultKiller(ResultWorld world)
    {
        while (!world.Done)
        {
            Greenlet.Sleep(world.Rng.Next(3) * 0.001);
            var index = world.Rng.Next(world.Getters.Count);
            world.Getters[index].Kill(world.Rng.Next(2) == 0 ? new GreenletExit() : new GreenTimeout(1), block: false);
            world.Kills++;
            for (var i = 0; i < world.Getters.Count; i++)
            {
                if (world.Getters[i].IsDead)
                {
                    world.Getters[i] = Greenlet.Spawn(ResultGetter, world);
                    world.Everyone.Add(world.Getters[i]);
                }
            }
        }
    }

    [Test]
    public void EveryEventWaitReturnsWhatHappenedWhileItWaited()
    {
        var world = new EventWorld(seed: 424242);
        for (var i = 0; i < 12; i++)
        {
            world.Waiters.Add(Greenlet.Spawn(EventWaiter, world));
        }

        world.Everyone.AddRange(world.Waiters);
        var flippers = new[] { Greenlet.Spawn(Flipper, world), Greenlet.Spawn(Flipper, world) };
        var killer = Greenlet.Spawn(EventKiller, world);

        Greenlet.JoinAll(flippers.Append(killer));
        Greenlet.JoinAll(world.Everyone);

        TestContext.Out.WriteLine($"{world.Ops} operations, {world.Sets} sets, {world.TrueWaits} true and {world.FalseWaits} false waits, {world.Kills} kills");
        Assert.Multiple(() =>
        {
            Assert.That(world.Problems, Is.Empty);
            Assert.That(world.Everyone, Has.All.Matches<Greenlet>(g => g.IsDead), "the final set let every waiter out");
            Assert.That(world.Everyone.Where(g => g.Exception is not null and not GreenTimeout), Is.Empty);
            Assert.That(new[] { world.Sets, world.TrueWaits, world.FalseWaits, world.Kills }, Has.All.GreaterThan(500), "the run exercises every outcome");
        });
    }

    [Test]
    public void EveryResultGetterReceivesTheValueOrTheExceptionThatWasSet()
    {
        var world = new ResultWorld(seed: 1234);
        world.Ids[world.Current] = 0;
        for (var i = 0; i < 12; i++)
        {
            world.Getters.Add(Greenlet.Spawn(ResultGetter, world));
        }

        world.Everyone.AddRange(world.Getters);
        var producer = Greenlet.Spawn(Producer, world);
        var killer = Greenlet.Spawn(ResultKiller, world);

        Greenlet.JoinAll(producer, killer);
        Greenlet.JoinAll(world.Everyone);

        TestContext.Out.WriteLine($"{world.Ops} operations, {world.CurrentId} results, {world.Values} values, {world.Failures} exceptions, {world.Timeouts} timeouts, {world.Kills} kills");
        Assert.Multiple(() =>
        {
            Assert.That(world.Problems, Is.Empty);
            Assert.That(world.Everyone, Has.All.Matches<Greenlet>(g => g.IsDead));
            Assert.That(world.Everyone.Where(g => g.Exception is not null and not GreenTimeout), Is.Empty);
            Assert.That(new[] { world.CurrentId, world.Values, world.Failures, world.Timeouts, world.Kills }, Has.All.GreaterThan(500), "the run exercises every outcome");
        });
    }
}
