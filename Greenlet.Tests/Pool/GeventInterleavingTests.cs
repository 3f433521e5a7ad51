namespace Greenlets.Tests.Pools;

/// <summary>
/// Pool operations interleave with other greenlets exactly as in gevent, pass for pass: a greenlet spinning on
/// sleep(0) alongside shows where each wakeup lands. Every expected log below is what real gevent printed.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2); each case ran as <c>case</c> shows, and printed
/// <c>name: log / log / ...</c>:
/// <code>
/// log = []
/// def f(x):
///     log.append('start %d' % x)
///     for i in range(x):
///         gevent.sleep(0)
///         log.append('tick %d.%d' % (x, i))
///     log.append('end %d' % x)
///     return x
/// def spinner(n):
///     for i in range(n):
///         log.append('spin %d' % i)
///         gevent.sleep(0)
/// def case(name):
///     def deco(fn):
///         log.clear()
///         s = gevent.spawn(spinner, 10)
///         fn()
///         s.join()
///         print(name + ': ' + ' / '.join(log))
///     return deco
/// </code>
/// Each test quotes its case's body.
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class GeventInterleavingTests : HubTestBase
{
    [Greenlet]
    public int F(int x)
    {
        Log.Add($"start {x}");
        for (var i = 0; i < x; i++)
        {
            Greenlet.Sleep(0);
            Log.Add($"tick {x}.{i}");
        }

        Log.Add($"end {x}");
        return x;
    }

    [Greenlet]
    public void Spinner(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Log.Add($"spin {i}");
            Greenlet.Sleep(0);
        }
    }

    [Greenlet]
    public void Spawner(Pool pool)
    {
        foreach (var x in new[] { 3, 1, 2, 0 })
        {
            Log.Add($"spawning {x}");
            pool.Spawn(F, x);
            Log.Add($"spawned {x}");
        }
    }

    private void Case(Action body)
    {
        var spinner = Greenlet.Spawn(Spinner, 10);
        body();
        spinner.Join();
    }

    private string Logged => string.Join(" / ", Log);

    // p = Pool(2)
    // def spawner():
    //     for x in [3, 1, 2, 0]:
    //         log.append('spawning %d' % x)
    //         p.spawn(f, x)
    //         log.append('spawned %d' % x)
    // gevent.spawn(spawner).join()
    // log.append('joined %r' % p.join())
    [Test]
    public void SpawnIntoAFullPool()
    {
        Case(() =>
        {
            var pool = new Pool(2);
            Greenlet.Spawn(Spawner, pool).Join();
            Log.Add($"joined {pool.Join()}");
        });

        Assert.That(Logged, Is.EqualTo(
            "spin 0 / spawning 3 / spawned 3 / spawning 1 / spawned 1 / spawning 2 / spin 1 / start 3 / start 1 / spin 2 / " +
            "tick 3.0 / tick 1.0 / end 1 / spin 3 / tick 3.1 / spin 4 / tick 3.2 / end 3 / spawned 2 / spawning 0 / spin 5 / " +
            "start 2 / spin 6 / spawned 0 / tick 2.0 / spin 7 / start 0 / end 0 / tick 2.1 / end 2 / spin 8 / spin 9 / joined True"));
    }

    // p = Pool(2)
    // p.spawn(f, 2); p.spawn(f, 1)
    // log.append('join %r' % p.join())
    [Test]
    public void Join()
    {
        Case(() =>
        {
            var pool = new Pool(2);
            pool.Spawn(F, 2);
            pool.Spawn(F, 1);
            Log.Add($"join {pool.Join()}");
        });

        Assert.That(Logged, Is.EqualTo(
            "spin 0 / start 2 / start 1 / spin 1 / tick 2.0 / tick 1.0 / end 1 / spin 2 / tick 2.1 / end 2 / spin 3 / spin 4 / " +
            "join True / spin 5 / spin 6 / spin 7 / spin 8 / spin 9"));
    }

    // p = Pool(1)
    // p.spawn(f, 2)
    // log.append('free %d' % p.free_count())
    // log.append('wait %r' % p.wait_available())
    [Test]
    public void WaitAvailable()
    {
        Case(() =>
        {
            var pool = new Pool(1);
            pool.Spawn(F, 2);
            Log.Add($"free {pool.FreeCount}");
            Log.Add($"wait {pool.WaitAvailable()}");
        });

        Assert.That(Logged, Is.EqualTo(
            "free 0 / spin 0 / start 2 / spin 1 / tick 2.0 / spin 2 / tick 2.1 / end 2 / spin 3 / spin 4 / wait 1 / " +
            "spin 5 / spin 6 / spin 7 / spin 8 / spin 9"));
    }

    // p = Pool(1)
    // a = p.spawn(f, 2)
    // b = p.apply_async(f, (1,), callback=lambda v: log.append('callback %r' % v))
    // log.append('b in pool %r, len %d' % (b in p, len(p)))
    // log.append('b %r' % b.get())
    [Test]
    public void ApplyAsyncOnAFullPool()
    {
        Case(() =>
        {
            var pool = new Pool(1);
            pool.Spawn(F, 2);
            var b = pool.ApplyAsGreenlet(F, 1, v => Log.Add($"callback {v}"));
            Log.Add($"b in pool {pool.Contains(b)}, len {pool.Count}");
            Log.Add($"b {b.Get()}");
        });

        Assert.That(Logged, Is.EqualTo(
            "b in pool False, len 1 / spin 0 / start 2 / spin 1 / tick 2.0 / spin 2 / tick 2.1 / end 2 / spin 3 / spin 4 / " +
            "spin 5 / start 1 / spin 6 / tick 1.0 / end 1 / spin 7 / spin 8 / callback 1 / b 1 / spin 9"));
    }

    // p = Pool(2)
    // b = p.apply_async(f, (1,), callback=lambda v: log.append('callback %r' % v))
    // log.append('b in pool %r, len %d' % (b in p, len(p)))
    // log.append('b %r' % b.get())
    [Test]
    public void ApplyAsyncWithRoom()
    {
        Case(() =>
        {
            var pool = new Pool(2);
            var b = pool.ApplyAsGreenlet(F, 1, v => Log.Add($"callback {v}"));
            Log.Add($"b in pool {pool.Contains(b)}, len {pool.Count}");
            Log.Add($"b {b.Get()}");
        });

        Assert.That(Logged, Is.EqualTo(
            "b in pool True, len 1 / spin 0 / start 1 / spin 1 / tick 1.0 / end 1 / spin 2 / callback 1 / b 1 / spin 3 / " +
            "spin 4 / spin 5 / spin 6 / spin 7 / spin 8 / spin 9"));
    }

    // p = Pool(2)
    // log.append('map %r' % p.map(f, [2, 0, 1]))
    [Test]
    public void Map()
    {
        Case(() =>
        {
            var pool = new Pool(2);
            Log.Add($"map [{string.Join(", ", pool.Map(F, [2, 0, 1]))}]");
        });

        Assert.That(Logged, Is.EqualTo(
            "spin 0 / spin 1 / start 2 / start 0 / end 0 / spin 2 / tick 2.0 / spin 3 / tick 2.1 / end 2 / spin 4 / start 1 / " +
            "spin 5 / tick 1.0 / end 1 / spin 6 / spin 7 / map [2, 0, 1] / spin 8 / spin 9"));
    }

    // p = Pool(2)
    // for r in p.imap(f, [2, 0, 3, 1]):
    //     log.append('got %r' % r)
    [Test]
    public void Imap()
    {
        Case(() =>
        {
            var pool = new Pool(2);
            foreach (var r in pool.Imap(F, [2, 0, 3, 1]))
            {
                Log.Add($"got {r}");
            }
        });

        Assert.That(Logged, Is.EqualTo(
            "spin 0 / spin 1 / start 2 / start 0 / end 0 / spin 2 / tick 2.0 / spin 3 / tick 2.1 / end 2 / spin 4 / start 3 / " +
            "spin 5 / got 2 / got 0 / tick 3.0 / spin 6 / start 1 / tick 3.1 / spin 7 / tick 1.0 / end 1 / tick 3.2 / end 3 / " +
            "spin 8 / spin 9 / got 3 / got 1"));
    }

    // p = Pool(1)
    // p.spawn(f, 1)
    // log.append('apply %r' % p.apply(f, (2,)))
    [Test]
    public void Apply()
    {
        Case(() =>
        {
            var pool = new Pool(1);
            pool.Spawn(F, 1);
            Log.Add($"apply {pool.Apply(F, 2)}");
        });

        Assert.That(Logged, Is.EqualTo(
            "spin 0 / start 1 / spin 1 / tick 1.0 / end 1 / spin 2 / spin 3 / spin 4 / start 2 / spin 5 / tick 2.0 / spin 6 / " +
            "tick 2.1 / end 2 / spin 7 / apply 2 / spin 8 / spin 9"));
    }

    [Greenlet]
    public void JoinAndLog(Pool pool) => Log.Add($"joined {pool.Join()}");

    [Greenlet]
    public void WaitAvailableAndLog(Pool pool) => Log.Add($"available {pool.WaitAvailable()}");

    [Greenlet]
    public static void Nap(double seconds) => Greenlet.Sleep(seconds);

    [Greenlet]
    public void SpawnAndLog(Pool pool)
    {
        pool.Spawn(Nap, 0.0);
        Log.Add("spawned");
    }

    // Spawners and WaitAvailable callers wait in one line, as on gevent's semaphore, and the group's joiners hear first.
    // Python (gevent 22.10.2), printing ['joined True', 'available 1', 'spawned', 'available 1']:
    //   p = Pool(1)
    //   p.spawn(gevent.sleep, 0.02)
    //   def joiner(): log.append('joined %r' % p.join())
    //   def waiter(): log.append('available %r' % p.wait_available())
    //   def spawner(): p.spawn(gevent.sleep, 0); log.append('spawned')
    //   gevent.spawn(waiter); gevent.spawn(spawner); gevent.spawn(joiner); gevent.spawn(waiter)
    //   gevent.sleep(0.1)
    [Test]
    public void JoinersThenSlotWaitersInArrivalOrder()
    {
        var pool = new Pool(1);
        pool.Spawn(Nap, 0.02);
        Greenlet.Spawn(WaitAvailableAndLog, pool);
        Greenlet.Spawn(SpawnAndLog, pool);
        Greenlet.Spawn(JoinAndLog, pool);
        Greenlet.Spawn(WaitAvailableAndLog, pool);

        Greenlet.Sleep(0.1);

        Assert.That(Log, Is.EqualTo(new[] { "joined True", "available 1", "spawned", "available 1" }));
        Assert.That(Errors.ToString(), Is.Empty);
    }
}
