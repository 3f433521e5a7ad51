namespace Greenlets.Tests.Pools;

/// <summary>
/// Pool: spawns wait while it is full and are served in arrival order; the rewritten method is reached from plain and
/// rewritten code; a wait that times out or is killed leaves no trace.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class PoolTests : HubTestBase
{
    [Greenlet] public static int Zero() { Greenlet.Sleep(0); return 0; }
    [Greenlet] public static int One(int a) { Greenlet.Sleep(0); return a; }
    [Greenlet] public static int Two(int a, int b) { Greenlet.Sleep(0); return a + b; }
    [Greenlet] public static int Three(int a, int b, int c) { Greenlet.Sleep(0); return a + b + c; }

    [Greenlet]
    public static T Identity<T>(T value)
    {
        Greenlet.Sleep(0);
        return value;
    }

    [Greenlet] public void RecordZero() { Greenlet.Sleep(0); Log.Add("0"); }
    [Greenlet] public void RecordOne(string a) { Greenlet.Sleep(0); Log.Add(a); }
    [Greenlet] public void RecordTwo(string a, string b) { Greenlet.Sleep(0); Log.Add(a + b); }
    [Greenlet] public void RecordThree(string a, string b, string c) { Greenlet.Sleep(0); Log.Add(a + b + c); }

    [Greenlet]
    public void Work(string name, double seconds)
    {
        Log.Add($"{name} start {Now}");
        Greenlet.Sleep(seconds);
        Log.Add($"{name} end {Now}");
    }

    [Greenlet]
    public void SpawnWork(Pool pool, string name, double seconds)
    {
        Log.Add($"{name} spawning {Now}");
        pool.Spawn(Work, name, seconds);
        Log.Add($"{name} spawned {Now}");
    }

    [Greenlet]
    public void SpawnWorkWithin(Pool pool, string name, double timeout)
    {
        try
        {
            using (GreenTimeout.StartNew(timeout))
            {
                pool.Spawn(Work, name, 1.0);
            }

            Log.Add($"{name} spawned {Now}");
        }
        catch (GreenTimeout)
        {
            Log.Add($"{name} timed out {Now}");
        }
    }

    [Greenlet]
    public int SpawnEveryArityInsideAGreenlet(Pool pool)
    {
        var values = new[] { pool.Spawn(Zero), pool.Spawn(One, 1), pool.Spawn(Two, 1, 2), pool.Spawn(Three, 1, 2, 3) };
        var generic = pool.Spawn(Identity, "generic");
        var actions = new[]
        {
            pool.Spawn(RecordZero), pool.Spawn(RecordOne, "1"), pool.Spawn(RecordTwo, "1", "2"), pool.Spawn(RecordThree, "1", "2", "3"),
        };
        Greenlet.JoinAll(values.Concat<Greenlet>(actions).Append(generic));
        Log.Add(generic.Get());
        return values.Sum(g => g.Value);
    }

    [Greenlet]
    public string AddAndStartInsideAGreenlet(Pool pool, Greenlet waiting, Greenlet blocked)
    {
        try
        {
            pool.Add(blocked, block: false);
            return "added";
        }
        catch (PoolFullException)
        {
            pool.Start(waiting);
            return $"started {Now}";
        }
    }

    [Greenlet]
    public int WaitAvailableInsideAGreenlet(Pool pool) => pool.WaitAvailable(timeout: 10);

    private sealed partial class Worker(List<string> log) : Greenlet
    {
        [Greenlet]
        protected override void Run()
        {
            log.Add($"{Name} ran");
            Greenlet.Sleep(1);
        }
    }

    [Test]
    public void SpawnWaitsForASlotAndSlotsGoInArrivalOrder()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 2.0);
        Greenlet.Spawn(SpawnWork, pool, "b", 1.0);
        Greenlet.Spawn(SpawnWork, pool, "c", 1.0);
        Greenlet.Sleep(0);

        pool.Spawn(Work, "d", 1.0);
        Log.Add($"main spawned d {Now}");
        pool.Join();

        Assert.That(Log, Is.EqualTo(new[]
        {
            "a start 0", "b spawning 0", "c spawning 0",
            "a end 2", "b spawned 2", "b start 2",
            "b end 3", "c spawned 3", "c start 3",
            "c end 4", "main spawned d 4", "d start 4", "d end 5",
        }));
    }

    [Test]
    public void FullFreeCountAndSize()
    {
        var pool = new Pool(2);
        Assert.That((pool.Size, pool.IsFull, pool.FreeCount), Is.EqualTo(((int?)2, false, 2)));

        var a = pool.Spawn(One, 1);
        pool.Spawn(Zero);
        Assert.That((pool.Count, pool.IsFull, pool.FreeCount), Is.EqualTo((2, true, 0)));

        a.Join();
        Greenlet.Sleep(0); // the hub frees the slot on the pass after the death, as gevent does
        Assert.That((pool.Count, pool.IsFull, pool.FreeCount), Is.EqualTo((0, false, 2)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PoolWithoutASizeIsUnbounded(bool defaultSize)
    {
        var pool = defaultSize ? new Pool() : new Pool(null);

        for (var i = 0; i < 50; i++)
        {
            pool.Spawn(One, i);
        }

        Assert.That((pool.Size, pool.Count, pool.IsFull, pool.FreeCount), Is.EqualTo(((int?)null, 50, false, 1)));
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void NegativeSizeIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pool(-1));

    [Test]
    public void EveryArityReachesTheRewrittenMethodFromPlainCode()
    {
        var pool = new Pool(3);
        var values = new[] { pool.Spawn(Zero), pool.Spawn(One, 1), pool.Spawn(Two, 1, 2), pool.Spawn(Three, 1, 2, 3) };
        var generic = pool.Spawn(Identity, 4.5);
        var actions = new[] { pool.Spawn(RecordZero), pool.Spawn(RecordOne, "1"), pool.Spawn(RecordTwo, "1", "2"), pool.Spawn(RecordThree, "1", "2", "3") };

        pool.Join();

        // Each method suspends in Sleep(0): run as plain code it would fail, so success proves the twin ran.
        Assert.That(values.Select(g => g.Get()), Is.EqualTo(new[] { 0, 1, 3, 6 }));
        Assert.That(generic.Get(), Is.EqualTo(4.5));
        Assert.That(actions.All(g => g.IsSuccessful), Is.True);
        Assert.That(Log, Is.EquivalentTo(new[] { "0", "1", "12", "123" }));
    }

    [Test]
    public void EveryArityReachesTheRewrittenMethodFromRewrittenCode()
    {
        var pool = new Pool(3);

        var sum = Greenlet.Spawn(SpawnEveryArityInsideAGreenlet, pool).Get();

        Assert.That(sum, Is.EqualTo(10));
        Assert.That(Log, Is.EquivalentTo(new[] { "0", "1", "12", "123", "generic" }));
    }

    [Test]
    public void DelegatesThatAreNotMethodGroupsFindTheTwinOrRunPlain()
    {
        var pool = new Pool(2);
        Func<int, int> stored = One; // not a method group at the call site: the twin is found by reflection

        var viaVariable = pool.Spawn(stored, 9);
        var lambda = pool.Spawn(x => x + 1, 2);

        Assert.That(viaVariable.Get(), Is.EqualTo(9));
        Assert.That(lambda.Get(), Is.EqualTo(3));
    }

    [Test]
    public void SpawnWaitingOnAFullPoolThatTimesOutLeavesNoTrace()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 5.0);
        Greenlet.Spawn(SpawnWorkWithin, pool, "b", 1.0);
        Greenlet.Spawn(SpawnWorkWithin, pool, "c", 10.0);
        Greenlet.Sleep(2);

        Assert.That(Log, Is.EqualTo(new[] { "a start 0", "b timed out 1" }));
        Assert.That((pool.Count, pool.FreeCount), Is.EqualTo((1, 0)));

        Assert.That(pool.Join(), Is.True);
        Assert.That(Now, Is.EqualTo(5), "the pool was empty for a moment, between a and c: as in gevent, that ends a join");
        Greenlet.Sleep(5);

        Assert.That(Log, Is.EqualTo(new[] { "a start 0", "b timed out 1", "a end 5", "c spawned 5", "c start 5", "c end 6" }));
        Assert.That(Hub.LiveGreenlets, Is.Empty, "no greenlet was left behind");
    }

    [Test]
    public void PlainSpawnWaitingOnAFullPoolThatTimesOutLeavesNoTrace()
    {
        var pool = new Pool(1);
        var a = pool.Spawn(Work, "a", 5.0);

        using (var timeout = GreenTimeout.StartNew(1))
        {
            var fired = Assert.Throws<GreenTimeout>(() => pool.Spawn(Work, "b", 1.0));
            Assert.That(fired, Is.SameAs(timeout));
        }

        Assert.That(pool, Is.EqualTo(new Greenlet[] { a }));
        Assert.That(Hub.LiveGreenlets, Is.EqualTo(new Greenlet[] { a }));
        pool.Spawn(Work, "c", 1.0);
        pool.Join();
        Assert.That(Log, Is.EqualTo(new[] { "a start 0", "a end 5", "c start 5", "c end 6" }));
    }

    [Test]
    public void SpawnWaitingOnAFullPoolThatIsKilledLeavesNoTrace()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 5.0);
        var b = Greenlet.Spawn(SpawnWork, pool, "b", 1.0);
        Greenlet.Spawn(SpawnWork, pool, "c", 1.0);
        Greenlet.Sleep(1);

        b.Kill();
        Greenlet.Sleep(10);

        Assert.That(b.IsSuccessful, Is.True);
        Assert.That(Log, Is.EqualTo(new[]
        {
            "a start 0", "b spawning 0", "c spawning 0", "a end 5", "c spawned 5", "c start 5", "c end 6",
        }));
    }

    [Greenlet]
    public void KillWhenHanded(Greenlet spawner)
    {
        Greenlet.Sleep(1);
        Greenlet.Sleep(0);
        Log.Add($"killing {spawner.State}");
        spawner.Kill(block: false);
    }

    [Test]
    public void ASpawnerKilledAfterItWasHandedTheSlotPassesItOn()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 1.0);
        var b = Greenlet.Spawn(SpawnWork, pool, "b", 1.0);
        Greenlet.Spawn(SpawnWork, pool, "c", 1.0);
        Greenlet.Spawn(KillWhenHanded, b);

        pool.Join();
        Greenlet.Sleep(5);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "a start 0", "b spawning 0", "c spawning 0", "a end 1",
            "killing Ready", // b was woken, holding the slot, and has not run yet
            "c spawned 1", "c start 1", "c end 2",
        }));
        Assert.That(b.IsDead && b.IsSuccessful, Is.True);
        Assert.That((pool.Count, pool.FreeCount), Is.EqualTo((0, 1)));
    }

    [Test]
    public void AddWithoutWaitingOrWithATimeoutRaisesPoolFull()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 5.0);
        var waiting = new Worker(Log);

        Assert.Throws<PoolFullException>(() => pool.Add(waiting, block: false));
        Assert.Throws<PoolFullException>(() => pool.Add(waiting, timeout: 1));
        Assert.That(Now, Is.EqualTo(1));
        Assert.That(pool.Contains(waiting), Is.False);

        pool.Start(waiting);
        Assert.That(Now, Is.EqualTo(5));
        Assert.That(pool, Is.EqualTo(new Greenlet[] { waiting }));
        pool.Join();
        Assert.That(Log, Is.EqualTo(new[] { "a start 0", "a end 5", $"{waiting.Name} ran" }));
    }

    [Test]
    public void AddAndStartInRewrittenCode()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 2.0);
        var waiting = new Worker(Log);
        var blocked = new Worker(Log);

        var outcome = Greenlet.Spawn(AddAndStartInsideAGreenlet, pool, waiting, blocked).Get();

        Assert.That(outcome, Is.EqualTo("started 2"));
        Assert.That(pool.Contains(waiting) && !pool.Contains(blocked), Is.True);
    }

    [Test]
    public void WaitAvailableWaitsForAFreeSlotOrTheTimeout()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 2.0);

        Assert.That(pool.WaitAvailable(timeout: 1), Is.Zero);
        Assert.That(Now, Is.EqualTo(1));
        Assert.That(pool.WaitAvailable(timeout: 0), Is.Zero);
        Assert.That(pool.WaitAvailable(), Is.EqualTo(1));
        Assert.That(Now, Is.EqualTo(2));
        Assert.That(pool.Count, Is.Zero, "waiting for a slot does not take it");
        Assert.That(Greenlet.Spawn(WaitAvailableInsideAGreenlet, pool).Get(), Is.EqualTo(1));
    }

    [Test]
    public void APoolOfSizeZeroNeverHasRoom()
    {
        var pool = new Pool(0);

        Assert.That((pool.IsFull, pool.FreeCount), Is.EqualTo((true, 0)));
        Assert.That(pool.WaitAvailable(timeout: 1), Is.Zero);
        Assert.Throws<PoolFullException>(() => pool.Add(new Worker(Log), timeout: 1));
        Assert.Throws<LoopExitException>(() => pool.Spawn(Zero));
        Assert.That(pool.Count, Is.Zero);
        Assert.That(Hub.LiveGreenlets, Is.Empty);
    }

    [Test]
    public void PlainSpawnIntoAFullPoolInsideARunningGreenletFailsAtOnce()
    {
        var pool = new Pool(1);
        pool.Spawn(Zero);
#pragma warning disable GRN0202 // the plain spawn into a full pool inside a greenlet must fail: that is what this test checks
        var plain = Greenlet.Spawn(() => pool.Spawn(One, 1));
#pragma warning restore GRN0202

        plain.Join();

        Assert.That(plain.Exception, Is.TypeOf<GreenletContextException>());
        Assert.That(plain.Exception!.Message, Does.Contain("Pool.Spawn"));
    }

    [Test]
    public void DescribesItself()
    {
        var pool = new Pool(3);
        var g = pool.Spawn(Zero);

        Assert.That(pool.ToString(), Is.EqualTo($"<Pool 1/3 [{g}]>"));
        Assert.That(new Group().ToString(), Is.EqualTo("<Group 0 []>"));
    }

    [Greenlet]
    public void JoinAndLog(Pool pool)
    {
        Log.Add($"joined {pool.Join()}");
    }

    [Greenlet]
    public void WaitAvailableAndLog(Pool pool)
    {
        Log.Add($"available {pool.WaitAvailable()}");
    }

    [Test]
    public void JoinersAndAvailabilityWaitersKilledMidWaitLeaveNoTrace()
    {
        var pool = new Pool(1);
        pool.Spawn(Work, "a", 2.0);
        var killedJoiner = Greenlet.Spawn(JoinAndLog, pool);
        var killedWaiter = Greenlet.Spawn(WaitAvailableAndLog, pool);
        Greenlet.Spawn(JoinAndLog, pool);
        Greenlet.Spawn(WaitAvailableAndLog, pool);
        Greenlet.Sleep(1);

        killedJoiner.Kill();
        killedWaiter.Kill();
        using (var timeout = GreenTimeout.StartNew(0.5))
        {
            Assert.That(Assert.Throws<GreenTimeout>(() => pool.Join()), Is.SameAs(timeout));
        }

        Assert.That(Now, Is.EqualTo(1.5));
        Greenlet.Sleep(1);

        Assert.That(Log, Is.EqualTo(new[] { "a start 0", "a end 2", "joined True", "available 1" }));
        Assert.That(Hub.LiveGreenlets, Is.Empty);
    }
}
