using System.Collections.Concurrent;

namespace Greenlets.Tests.Queue;

/// <summary>
/// HubQueue: items cross hubs and threads once each, in each putter's order; a full queue suspends only the putting
/// greenlet; timeouts on the hub's clock; one consuming hub; a consuming hub that ends fails its waiting putters.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HubQueueTests : HubTestBase
{
    private const int Hubs = 4;
    private const int PerHub = 250_000;

    private readonly ConcurrentQueue<string> _events = new();

    [SetUp]
    public void ClearEvents() => _events.Clear();

    [Greenlet]
    private static void PutRange(HubQueue<long> queue, int producer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            queue.Put(((long)producer << 32) | (uint)i);
        }
    }

    [Greenlet]
    private static void TakeAll(HubQueue<long> queue, int[] next, int total)
    {
        for (var taken = 0; taken < total; taken++)
        {
            var item = queue.Get(timeout: 30);
            var producer = (int)(item >> 32);
            var sequence = (int)(item & 0xFFFF_FFFF);
            if (sequence != next[producer])
            {
                throw new InvalidOperationException($"producer {producer}: got {sequence}, expected {next[producer]}");
            }

            next[producer]++;
        }
    }

    [Greenlet]
    private static void ProduceAndConsume(int index, (HubQueue<long> Queue, int[] Next) state)
    {
        var (queue, next) = state;
        var producer = Greenlet.Spawn(PutRange, queue, index, PerHub);
        if (index == 0)
        {
            TakeAll(queue, next, Hubs * PerHub);
        }

        producer.Join();
    }

    [Test]
    public void AMillionItemsFromFourHubsArriveOnceEachInPutterOrder()
    {
        var queue = new HubQueue<long>(1024);
        var next = new int[Hubs];

        HubGroup.Run(Hubs, ProduceAndConsume, (queue, next), static _ => HubClock.Monotonic());

        Assert.That(next, Is.All.EqualTo(PerHub), "every item of every putter, each once, in order");
        Assert.That(queue.Count, Is.Zero, "nothing left over");
    }

    [Test]
    public void AThreadWithoutAHubPutsAndBlocksWhileTheQueueIsFull()
    {
        var queue = new HubQueue<long>(16);
        Assert.That(queue.TryGet(out _), Is.False); // binds the queue to this test's hub
        var putter = new Thread(() => PutRange(queue, 0, 10_000));
        putter.Start();
        var next = new int[1];

        TakeAll(queue, next, 10_000);
        putter.Join();

        Assert.That(next[0], Is.EqualTo(10_000));
    }

    [Test]
    public void AThreadWithoutAHubTimesOutOnAFullQueue()
    {
        var queue = new HubQueue<int>(1);
        queue.Put(1);
        Exception? failure = null;
        var putter = new Thread(() =>
        {
            Assert.That(queue.TryPut(2), Is.False);
            failure = Assert.Catch(() => queue.Put(2, timeout: 0.05));
        });
        putter.Start();
        putter.Join();

        Assert.That(failure, Is.TypeOf<QueueFullException>());
    }

    [Greenlet]
    private void PutLogging(HubQueue<int> queue, int count)
    {
        for (var i = 0; i < count; i++)
        {
            queue.Put(i);
            Log.Add($"put {i}");
        }
    }

    [Greenlet]
    private void Tick(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Log.Add($"tick {i}");
            Greenlet.Sleep(1);
        }
    }

    [Test]
    public void AFullQueueSuspendsOnlyThePutterAndItsHubRunsOn()
    {
        var queue = new HubQueue<int>(2);
        Assert.That(queue.TryGet(out _), Is.False);
        var putter = Greenlet.Spawn(PutLogging, queue, 4);
        var ticker = Greenlet.Spawn(Tick, 3);
        Greenlet.Sleep(2.5);
        Log.Add($"get {queue.Get()} at {Now}");
        Log.Add($"get {queue.Get()}");
        Greenlet.JoinAll(putter, ticker);

        Assert.That(Log, Is.EqualTo(new[]
        {
            "put 0", "put 1", "tick 0", "tick 1", "tick 2", "get 0 at 2.5", "get 1", "put 2", "put 3",
        }));
    }

    [Greenlet]
    private void BlockedPutterHub(int index, (HubQueue<int> Queue, HubEvent Ticked) state)
    {
        var (queue, ticked) = state;
        if (index == 0)
        {
            Assert.That(ticked.Wait(timeout: 30), Is.True);
            for (var i = 0; i < 3; i++)
            {
                _events.Enqueue($"got {queue.Get(timeout: 30)}");
            }

            return;
        }

        var putter = Greenlet.Spawn(PutLogging, queue, 3);
        for (var tick = 0; tick < 1000; tick++)
        {
            Greenlet.Sleep(0);
        }

        _events.Enqueue($"1000 ticks, putter dead: {putter.IsDead}");
        ticked.Set();
        putter.Join();
        _events.Enqueue(string.Join(" ", Log));
    }

    [Test]
    public void AFullQueueSuspendsOnlyThePutterWhileTheConsumerIsOnAnotherHub()
    {
        var queue = new HubQueue<int>(1);

        HubGroup.Run(2, BlockedPutterHub, (queue, new HubEvent()));

        // The putter stayed suspended on the full queue while its hub ran a thousand turns; then everything arrived.
        Assert.That(_events.First(), Is.EqualTo("1000 ticks, putter dead: False"));
        Assert.That(_events.Where(static e => e.StartsWith("got", StringComparison.Ordinal)), Is.EqualTo(new[] { "got 0", "got 1", "got 2" }));
        Assert.That(_events, Does.Contain("put 0 put 1 put 2"));
    }

    [Test]
    public void GetOnAnEmptyQueueTimesOutOnTheHubClock()
    {
        var queue = new HubQueue<int>(4);

        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: 5));
        Assert.That(Now, Is.EqualTo(5));
        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: 0));
        Assert.That(queue.TryGet(out _), Is.False);
    }

    [Greenlet]
    private void PutWithTimeout(HubQueue<int> queue, int item, double timeout)
    {
        try
        {
            queue.Put(item, timeout);
            Log.Add($"put {item} at {Now}");
        }
        catch (QueueFullException)
        {
            Log.Add($"full at {Now}");
        }
    }

    [Test]
    public void PutOnAFullQueueTimesOutOnTheHubClock()
    {
        var queue = new HubQueue<int>(1);
        queue.Put(0);

        Greenlet.Spawn(PutWithTimeout, queue, 1, 2.0).Join();
        Assert.That(queue.TryPut(1), Is.False);
        Assert.That(queue.Count, Is.EqualTo(1));

        Assert.That(Log, Is.EqualTo(new[] { "full at 2" }));
    }

    [Greenlet]
    private void ConsumerEndsEarly(int index, (HubQueue<int> Queue, HubEvent Bound) state)
    {
        var (queue, bound) = state;
        if (index == 0)
        {
            queue.TryGet(out _); // binds the queue to hub 0, which then ends
            bound.Set();
            return;
        }

        Assert.That(bound.Wait(timeout: 30), Is.True);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                queue.Put(i); // the second one waits for room that never comes
            }
        }
        catch (HubEndedException ended)
        {
            _events.Enqueue($"{ended.HubName}: {ended.Message}");
        }
    }

    [Test]
    public void APutterWaitingForAConsumingHubThatEndsRaisesHubEnded()
    {
        var queue = new HubQueue<int>(1);

        HubGroup.Run(2, ConsumerEndsEarly, (queue, new HubEvent()));

        Assert.That(_events, Has.Count.EqualTo(1));
        Assert.That(_events.Single(), Does.StartWith("greenlet-hub-0: The consuming hub of this HubQueue, greenlet-hub-0, has ended"));
        Assert.Throws<HubEndedException>(() => queue.TryPut(9));
    }

    [Test]
    public void AQueueHasOneConsumingHub()
    {
        var queue = new HubQueue<int>(4);
        Assert.That(queue.TryGet(out _), Is.False);
        Exception? failure = null;
        var other = new Thread(() =>
        {
            using (global::Greenlets.Hub.Install(HubClock.Virtual()))
            {
                failure = Assert.Catch(() => queue.TryGet(out _));
            }
        });
        other.Start();
        other.Join();

        Assert.That(failure, Is.TypeOf<InvalidOperationException>().With.Message.Contains("one consuming hub"));
    }

    [Test]
    public void AClosedQueueRefusesPutsAndIsDrainedBeforeGetsFail()
    {
        var queue = new HubQueue<int>(4);
        queue.Put(1);
        queue.Put(2);
        queue.Close();

        Assert.Throws<QueueClosedException>(() => queue.Put(3));
        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(queue.Get(), Is.EqualTo(2));
        Assert.Throws<QueueClosedException>(() => queue.Get());
        Assert.That(queue.IsClosed, Is.True);
    }

    [Greenlet]
    private void GetOrClosed(HubQueue<int> queue)
    {
        try
        {
            queue.Get();
        }
        catch (QueueClosedException)
        {
            Log.Add($"closed at {Now}");
        }
    }

    [Test]
    public void ClosingFromAnotherThreadWakesAParkedGetter()
    {
        var queue = new HubQueue<int>(4);
        var getter = Greenlet.Spawn(GetOrClosed, queue);
        Greenlet.Sleep(0);
        var closer = new Thread(queue.Close);
        closer.Start();
        getter.Join();
        closer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "closed at 0" }));
    }
}
