namespace Greenlets.Tests.Lifecycle;

/// <summary>
/// A cooperative operation's method group can be spawned as gevent spawns any function: <c>Greenlet.Spawn(Greenlet.Sleep,
/// 10.0)</c> is <c>gevent.spawn(gevent.sleep, 10)</c>. The spawn site is sent to the operation's awaitable form, from
/// plain code and from [Greenlet] methods alike, through Spawn, SpawnLater and a pool.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// start = gevent.get_hub().loop.now()
/// def now():
///     return round(gevent.get_hub().loop.now() - start)
/// g = gevent.spawn(gevent.sleep, 10)
/// print(g)
/// g.join()
/// print('slept until', now(), g.successful(), g.value)
/// q = Queue()
/// getter = gevent.spawn(q.get)
/// gevent.sleep(0)
/// q.put('item')
/// print('got', getter.get())
/// ev = Event()
/// waiter = gevent.spawn(ev.wait)
/// gevent.sleep(0)
/// ev.set()
/// print('waited', waiter.get())
/// later = gevent.spawn_later(1, gevent.sleep, 2)
/// later.join()
/// print('later done at', now())
/// pool = Pool(2)
/// p = pool.spawn(gevent.sleep, 1)
/// p.join()
/// print('pool done at', now())
/// def inside():
///     s = gevent.spawn(gevent.sleep, 5)
///     s.join()
///     return now()
/// print('inside done at', gevent.spawn(inside).get())
/// </code>
/// printed
/// <code>
/// &lt;Greenlet at 0x…: sleep(10)&gt;
/// slept until 10 True None
/// got item
/// waited True
/// later done at 13
/// pool done at 14
/// inside done at 19
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class CooperativeSpawnTests : HubTestBase
{
    [Greenlet]
    private double Inside()
    {
        var sleeper = Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)5.0);
        sleeper.Join();
        return Now;
    }

    [Greenlet]
    private static string TakeInside(GreenQueue<string> queue) => Greenlet.Spawn(queue.Get, true, (GreenDuration?)null).Get();

    [Test]
    public void TheTourOfGeventSpawningCooperativeOperations()
    {
        var g = Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10.0);
        Log.Add(g.ToString());
        g.Join();
        Log.Add($"slept until {Now} {g.IsSuccessful}");

        var queue = new GreenQueue<string>();
        var getter = Greenlet.Spawn(queue.Get, true, (GreenDuration?)null);
        Greenlet.Sleep(0);
        queue.Put("item");
        Log.Add($"got {getter.Get()}");

        var ev = new Event();
        var waiter = Greenlet.Spawn(ev.Wait, (GreenDuration?)null);
        Greenlet.Sleep(0);
        ev.Set();
        Log.Add($"waited {waiter.Get()}");

        var later = Greenlet.SpawnLater(1, Greenlet.Sleep, (GreenDuration)2.0);
        later.Join();
        Log.Add($"later done at {Now}");

        var pool = new Pool(2);
        var pooled = pool.Spawn(Greenlet.Sleep, (GreenDuration)1.0);
        pooled.Join();
        Log.Add($"pool done at {Now}");

        Log.Add($"inside done at {Greenlet.Spawn(Inside).Get()}");

        Assert.That(Log, Is.EqualTo(new[]
        {
            $"<Greenlet \"{g.Name}\": Greenlet.Sleep(10)>", "slept until 10 True", "got item", "waited True", "later done at 13",
            "pool done at 14", "inside done at 19",
        }));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void AnInstanceOperationIsDescribedWithoutItsReceiverAndSpawnsFromAGreenletMethod()
    {
        var queue = new GreenQueue<string>();
        var other = new GreenQueue<string>();
        var getter = Greenlet.Spawn(queue.Get, true, (GreenDuration?)2.5);
        var inside = Greenlet.Spawn(TakeInside, other);

        Assert.That(getter.ToString(), Is.EqualTo($"<Greenlet \"{getter.Name}\": GreenQueue.Get(true, 2.5)>"));
        Greenlet.Sleep(0);
        queue.Put("first");
        other.Put("second");
        Assert.That((getter.Get(), inside.Get()), Is.EqualTo(("first", "second")));
    }

    [Test]
    public void ASpawnedCooperativeOperationCanBeKilledAndTimesOutAsTheOperationDoes()
    {
        var sleeper = Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)100.0);
        var getter = Greenlet.Spawn(new GreenQueue<int>().Get, true, (GreenDuration?)3);
        Greenlet.Sleep(1);

        sleeper.Kill();
        getter.Join();

        Assert.That((sleeper.IsDead, sleeper.IsSuccessful, sleeper.Exception), Is.EqualTo((true, true, (Exception?)null)), "killed: GreenletExit");
        Assert.That(getter.Exception, Is.TypeOf<QueueEmptyException>(), "gevent's get(timeout=3) raises Empty");
        Assert.That(Now, Is.EqualTo(3));
    }
}
