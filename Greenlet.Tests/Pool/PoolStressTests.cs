namespace Greenlets.Tests.Pools;

/// <summary>
/// A seeded, randomized run of spawners with timeouts, kills of waiting spawners and kills of members: the pool never
/// runs more than its size, every spawn that returned ran exactly once, and every slot comes back.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class PoolStressTests : HubTestBase
{
    private const int Size = 3;

    private readonly HashSet<int> _spawned = [];
    private readonly List<int> _started = [];
    private readonly List<int> _finished = [];
    private readonly List<Greenlet> _workers = [];
    private int _active;
    private int _maxActive;

    private int HandedKills { get; set; }

    [Greenlet]
    public void Work(int id, double seconds)
    {
        _started.Add(id);
        _active++;
        _maxActive = Math.Max(_maxActive, _active);
        try
        {
            Greenlet.Sleep(seconds);
        }
        finally
        {
            _active--;
            _finished.Add(id);
        }
    }

    [Greenlet]
    public void Spawner(Pool pool, int id, double delay, double? timeout, double seconds)
    {
        Greenlet.Sleep(delay);
        try
        {
            using (GreenTimeout.StartNew(timeout))
            {
                _workers.Add(pool.Spawn(Work, id, seconds));
            }

            Assert.That(_spawned.Add(id), Is.True);
        }
        catch (GreenTimeout)
        {
            Log.Add($"timed out {id}");
        }
    }

    [Greenlet]
    public void Killer(Pool pool, List<Greenlet> spawners, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            Greenlet.Sleep(random.Next(3) == 0 ? random.NextDouble() * 0.02 : 0);
            switch (random.Next(6))
            {
                case 0:
                    spawners[random.Next(spawners.Count)].Kill(block: false);
                    break;
                case 1 when pool.Count > 0:
                    pool.KillOne(pool.ElementAt(random.Next(pool.Count)), block: random.Next(2) == 0);
                    break;
                case 2:
                    // A spawner woken with a slot that has not run yet: the kill must pass the slot on.
                    if (spawners.FirstOrDefault(s => s.State == GreenletState.Ready && s.WakeCarriesValue) is { } woken)
                    {
                        HandedKills++;
                        woken.Kill(block: false);
                    }

                    break;
            }
        }
    }

    [SetUp]
    public void Reset()
    {
        _spawned.Clear();
        _started.Clear();
        _finished.Clear();
        _workers.Clear();
        _active = 0;
        _maxActive = 0;
        HandedKills = 0;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void NothingIsLostOrRunTwice(int seed)
    {
        var random = new Random(seed);
        var pool = new Pool(Size);
        var spawners = new List<Greenlet>();
        for (var id = 0; id < 2000; id++)
        {
            double? timeout = random.Next(3) == 0 ? null : random.NextDouble() * 0.1;
            spawners.Add(Greenlet.Spawn(Spawner, pool, id, random.NextDouble() * 10, timeout, random.NextDouble() * 0.03));
        }

        var killer = Greenlet.Spawn(Killer, pool, spawners, seed);
        Greenlet.JoinAll(spawners.Append(killer));
        pool.Join();
        Greenlet.Sleep(0);

        Assert.That(_maxActive, Is.EqualTo(Size), "the pool was full at times, and never more");
        Assert.That(_started, Is.Unique, "no worker ran twice");
        Assert.That(_finished, Is.EquivalentTo(_started), "every worker that started finished");
        Assert.That(_spawned, Is.SupersetOf(_started), "only spawned workers ran");
        Assert.That(_workers, Has.Count.EqualTo(_spawned.Count).And.All.Matches<Greenlet>(w => w.IsDead && w.IsSuccessful));
        Assert.That(_spawned.Count - _started.Count, Is.LessThan(_spawned.Count / 10), "the rest were killed before they started");
        Assert.That(Log, Is.Not.Empty, "some spawns timed out");
        Assert.That(HandedKills, Is.GreaterThan(0), "some spawners were killed holding a slot they had not used yet");
        Assert.That(spawners.Count(s => !_spawned.Contains(spawners.IndexOf(s)) && !Log.Contains($"timed out {spawners.IndexOf(s)}")), Is.GreaterThan(0), "some spawners were killed");
        Assert.That((pool.Count, pool.FreeCount), Is.EqualTo((0, Size)), "every slot came back");
        Assert.That(Hub.LiveGreenlets, Is.Empty);
        Assert.That(Errors.ToString(), Is.Empty);
    }
}
