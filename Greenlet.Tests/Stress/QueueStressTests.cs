namespace Greenlets.Tests.Stress;

/// <summary>
/// A seeded randomized run of ~100k queue operations by producers and consumers on every kind of queue, bounded and
/// unbounded, with random timeouts, GreenTimeout scopes and random kills. Every item whose put returned is got exactly
/// once or is still in the queue at the end; nothing else ever comes out. Runs on the virtual clock, deterministically.
/// </summary>
[Category(TestCategories.Peer)]
public sealed partial class QueueStressTests : HubTestBase
{
    private const int Operations = 100_000;

    /// <summary>What a random kill raises when it is not GreenletExit; it fails the greenlet, on purpose.</summary>
    private sealed class Chaos : Exception;

    /// <summary>One queue under test, with the bookkeeping of what went in and what came out.</summary>
    private sealed class Lane(int index, string name, GreenQueue<int> queue)
    {
        public int Index { get; } = index;

        public string Name { get; } = name;

        public GreenQueue<int> Queue { get; } = queue;

        public HashSet<int> Put { get; } = [];

        public HashSet<int> Got { get; } = [];

        public HashSet<int> Peeked { get; } = [];

        public List<int> GotInOrder { get; } = [];

        public List<string> Problems { get; } = [];

        public void RecordGot(int item)
        {
            if (!Got.Add(item))
            {
                Problems.Add($"{item} was got twice");
            }

            GotInOrder.Add(item);
            (Queue as JoinableQueue<int>)?.TaskDone();
            CheckBounds();
        }

        public void CheckBounds()
        {
            if (Queue.MaxSize is { } max && Queue.Count > max)
            {
                Problems.Add($"Count {Queue.Count} above MaxSize {max}");
            }

            if (Queue.Count < 0)
            {
                Problems.Add($"Count {Queue.Count} is negative");
            }
        }
    }

    private sealed class World(int seed)
    {
        public Random Rng { get; } = new(seed);

        public List<Lane> Lanes { get; } =
        [
            new(0, "unbounded", new GreenQueue<int>()),
            new(1, "bounded 4", new GreenQueue<int>(4)),
            new(2, "bounded 1", new GreenQueue<int>(1)),
            new(3, "channel", new GreenChannel<int>()),
            new(4, "lifo 3", new LifoQueue<int>(3)),
            new(5, "priority 8", new GreenPriorityQueue<int>(8)),
            new(6, "joinable 2", new JoinableQueue<int>(2)),
        ];

        public List<Greenlet> Workers { get; } = [];

        public List<Greenlet> Everyone { get; } = [];

        public int Ops { get; set; }

        public int NextItem { get; set; }

        public int Kills { get; set; }

        public bool Done => Ops >= Operations;

        /// <summary>
        /// Right after a put, kills one of the lane's consumers without waiting: if the put handed the item to it, the
        /// kill lands between the handover and the consumer's resumption, the window where items get lost.
        /// </summary>
        public void KillAConsumerOf(Lane lane)
        {
            var victim = Workers[(lane.Index * 4) + 2 + Rng.Next(2)];
            victim.Kill(Rng.Next(3) switch { 0 => new GreenletExit(), 1 => new GreenTimeout(1), _ => new Chaos() }, block: false);
            Kills++;
        }

        /// <summary>No timeout, a zero one, or a few milliseconds.</summary>
        public double? Timeout() => Rng.Next(8) switch
        {
            0 or 1 => null,
            2 => 0,
            _ => Rng.Next(1, 6) * 0.001,
        };
    }

    [Greenlet]
    private static void Producer(World world, Lane lane)
    {
        var queue = lane.Queue;
        while (!world.Done)
        {
            world.Ops++;
            var item = ++world.NextItem;
            try
            {
                switch (world.Rng.Next(10))
                {
                    case 0:
                    case 1:
                    case 2:
                        queue.Put(item, timeout: world.Timeout());
                        lane.Put.Add(item);
                        if (world.Rng.Next(4) == 0)
                        {
                            world.KillAConsumerOf(lane);
                        }

                        break;
                    case 3:
                        queue.PutNowait(item);
                        lane.Put.Add(item);
                        break;
                    case 4:
                        if (queue.TryPut(item))
                        {
                            lane.Put.Add(item);
                        }

                        break;
                    case 5:
                        queue.Put(item, block: false);
                        lane.Put.Add(item);
                        break;
                    case 6:
                        using (GreenTimeout.StartNew(world.Rng.Next(1, 6) * 0.001))
                        {
                            queue.Put(item);
                            lane.Put.Add(item);
                        }

                        break;
                    case 7:
                        Greenlet.Sleep(world.Rng.Next(3) * 0.001);
                        break;
                    default:
                        queue.Put(item);
                        lane.Put.Add(item);
                        break;
                }
            }
            catch (QueueFullException)
            {
            }
            catch (GreenTimeout)
            {
            }

            lane.CheckBounds();
        }
    }

    [Greenlet]
    private static void Consumer(World world, Lane lane)
    {
        var queue = lane.Queue;
        while (!world.Done)
        {
            world.Ops++;
            try
            {
                switch (world.Rng.Next(12))
                {
                    case 0:
                    case 1:
                    case 2:
                        lane.RecordGot(queue.Get(timeout: world.Timeout()));
                        break;
                    case 3:
                        lane.RecordGot(queue.GetNowait());
                        break;
                    case 4:
                        if (queue.TryGet(out var item))
                        {
                            lane.RecordGot(item);
                        }

                        break;
                    case 5:
                        lane.RecordGot(queue.Get(block: false));
                        break;
                    case 6:
                        using (GreenTimeout.StartNew(world.Rng.Next(1, 6) * 0.001))
                        {
                            lane.RecordGot(queue.Get());
                        }

                        break;
                    case 7 when queue is not GreenChannel<int>: // a channel holds nothing to peek at
                        lane.Peeked.Add(queue.Peek(timeout: world.Rng.Next(0, 4) * 0.001));
                        break;
                    case 8:
                        Greenlet.Sleep(world.Rng.Next(3) * 0.001);
                        break;
                    case 9:
                        var items = queue.GetEnumerator();
                        if (items.MoveNext())
                        {
                            lane.RecordGot(items.Current);
                        }

                        break;
                    default:
                        lane.RecordGot(queue.Get());
                        break;
                }
            }
            catch (QueueEmptyException)
            {
            }
            catch (GreenTimeout)
            {
            }

            lane.CheckBounds();
        }
    }

    /// <summary>Again and again kills a random worker, in one of several ways, and starts a fresh one in its place.</summary>
    [Greenlet]
    private static void Killer(World world)
    {
        while (!world.Done)
        {
            Greenlet.Sleep(world.Rng.Next(4) == 0 ? 0.001 : 0);
            for (var kills = world.Rng.Next(2, 8); kills > 0; kills--)
            {
                KillOne(world);
            }

            // Replace the workers that died of the producers' kills.
            for (var index = 0; index < world.Workers.Count; index++)
            {
                if (world.Workers[index].IsDead)
                {
                    Replace(world, index);
                }
            }
        }
    }

    [Greenlet]
    private static void KillOne(World world)
    {
        var index = world.Rng.Next(world.Workers.Count);
        var victim = world.Workers[index];
        switch (world.Rng.Next(4))
        {
            case 0:
                victim.Kill(block: false);
                break;
            case 1:
                victim.Kill(new Chaos(), block: false);
                break;
            case 2:
                victim.Kill(new GreenTimeout(1), block: false);
                break;
            default:
                victim.Kill(timeout: 0.002);
                break;
        }

        world.Kills++;
        Replace(world, index);
    }

    private static void Replace(World world, int index)
    {
        var lane = world.Lanes[index / 4];
        var replacement = index % 4 < 2 ? Greenlet.Spawn(Producer, world, lane) : Greenlet.Spawn(Consumer, world, lane);
        world.Workers[index] = replacement;
        world.Everyone.Add(replacement);
    }

    /// <summary>Runs the whole scenario and returns the world for checking, with each lane's leftovers drained.</summary>
    private static (World World, List<int>[] Leftovers) RunWorld(int seed)
    {
        var world = new World(seed);
        foreach (var lane in world.Lanes)
        {
            for (var i = 0; i < 2; i++)
            {
                world.Workers.Add(Greenlet.Spawn(Producer, world, lane));
            }

            for (var i = 0; i < 2; i++)
            {
                world.Workers.Add(Greenlet.Spawn(Consumer, world, lane));
            }
        }

        world.Everyone.AddRange(world.Workers);
        var killer = Greenlet.Spawn(Killer, world);
        killer.Join();

        // Workers still blocked with no timeout (a get on an empty queue, a put on a full one) are killed.
        Greenlet.JoinAll(world.Workers, timeout: 0.1);
        Greenlet.KillAll(world.Everyone);

        var leftovers = new List<int>[world.Lanes.Count];
        for (var i = 0; i < world.Lanes.Count; i++)
        {
            var lane = world.Lanes[i];
            var count = lane.Queue.Count;
            if (lane.Queue is JoinableQueue<int> joinable && joinable.UnfinishedTasks != count)
            {
                lane.Problems.Add($"{joinable.UnfinishedTasks} unfinished tasks but {count} items left");
            }

            leftovers[i] = [];
            while (lane.Queue.TryGet(out var item))
            {
                leftovers[i].Add(item);
            }

            if (leftovers[i].Count != count)
            {
                lane.Problems.Add($"Count said {count} but {leftovers[i].Count} items were left");
            }
        }

        return (world, leftovers);
    }

    [Test]
    public void EveryItemPutIsGotExactlyOnceOrLeftInTheQueue()
    {
        var (world, leftovers) = RunWorld(seed: 20261124);

        Assert.Multiple(() =>
        {
            Assert.That(world.Ops, Is.GreaterThanOrEqualTo(Operations));
            Assert.That(world.Kills, Is.GreaterThan(500), "the run kills often");
            TestContext.Out.WriteLine($"{world.Ops} operations, {world.Kills} kills, {world.Everyone.Count} workers, {world.Lanes.Sum(l => l.Got.Count)} items got, virtual time {Now:F3} s");
            Assert.That(world.Everyone, Has.All.Matches<Greenlet>(g => g.IsDead), "every worker ended");
            Assert.That(
                world.Everyone.Where(g => g.Exception is not null and not Chaos and not GreenTimeout).Select(g => g.Exception!.ToString()),
                Is.Empty,
                "no worker failed of anything but a kill (a worker killed before it starts dies of the kill's exception)");

            for (var i = 0; i < world.Lanes.Count; i++)
            {
                var lane = world.Lanes[i];
                var left = leftovers[i];
                Assert.That(lane.Problems, Is.Empty, lane.Name);
                Assert.That(lane.Got.Where(item => !lane.Put.Contains(item)), Is.Empty, $"{lane.Name}: only items whose put returned come out");
                Assert.That(left.Count, Is.EqualTo(left.Distinct().Count()), $"{lane.Name}: leftovers are unique");
                Assert.That(left.Where(lane.Got.Contains), Is.Empty, $"{lane.Name}: an item left in the queue was also got");
                Assert.That(lane.Got.Count + left.Count, Is.EqualTo(lane.Put.Count), $"{lane.Name}: no item lost");
                Assert.That(lane.Peeked.Where(item => !lane.Put.Contains(item)), Is.Empty, $"{lane.Name}: peeks show only items that were put");
                Assert.That(lane.Got.Count, Is.GreaterThan(100), $"{lane.Name}: items flowed");
            }
        });
    }

    [Test]
    public void TheSameSeedGivesTheSameRun()
    {
        var first = Fingerprint(RunWorld(seed: 7));
        var firstNow = Now;
        RemoveHub();
        InstallHub();

        var second = Fingerprint(RunWorld(seed: 7));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(Now, Is.EqualTo(firstNow));
    }

    private static string Fingerprint((World World, List<int>[] Leftovers) run) =>
        string.Join(
            "|",
            run.World.Lanes.Select((lane, i) =>
                $"{lane.Name}:{lane.Put.Count}:{string.Join(',', lane.GotInOrder)}:{string.Join(',', run.Leftovers[i])}"))
        + $"|ops {run.World.Ops} kills {run.World.Kills}";
}
