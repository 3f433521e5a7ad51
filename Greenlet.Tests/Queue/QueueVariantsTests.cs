namespace Greenlets.Tests.Queue;

/// <summary>
/// LifoQueue, GreenPriorityQueue (stable among equals), GreenChannel (rendezvous) and JoinableQueue (TaskDone/Join).
/// What a test states of gevent is what this Python printed under /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// q = Channel()
/// def getter(): log.append('g got %s' % q.get()); gevent.sleep(0); log.append('g after')
/// g = gevent.spawn(getter); gevent.sleep(0)
/// q.put('y'); log.append('put returned')
/// g.join()                                  # g got y / put returned / g after
/// </code>
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class QueueVariantsTests : HubTestBase
{
    private sealed record Job(int Priority, string Name);

    private sealed class ByPriority : IComparer<Job>
    {
        public int Compare(Job? x, Job? y) => x!.Priority.CompareTo(y!.Priority);
    }

    [Greenlet]
    private void Putter(string name, GreenQueue<string> queue, string item, double? timeout)
    {
        try
        {
            queue.Put(item, timeout: timeout);
            Log.Add($"{name} put {item} at {Now}");
        }
        catch (QueueFullException)
        {
            Log.Add($"{name} full at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void Getter(string name, GreenQueue<string> queue)
    {
        Log.Add($"{name} got {queue.Get()} at {Now}");
    }

    [Greenlet]
    private void GetThenYield(string name, GreenQueue<string> queue)
    {
        Log.Add($"{name} got {queue.Get()}");
        Greenlet.Sleep(0);
        Log.Add($"{name} after");
    }

    [Greenlet]
    private void GetAfter(GreenQueue<string> queue, double seconds)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"got {queue.Get()} at {Now}");
    }

    [Greenlet]
    private void Worker(string name, JoinableQueue<int> queue, double seconds)
    {
        while (true)
        {
            var item = queue.Get();
            Greenlet.Sleep(seconds);
            Log.Add($"{name} did {item} at {Now}");
            queue.TaskDone();
        }
    }

    [Greenlet]
    private void JoinWaiter(JoinableQueue<int> queue)
    {
        Log.Add($"join {queue.Join()} at {Now}");
    }

    [Test]
    public void LifoQueueHandsOutTheNewestFirst()
    {
        var queue = new LifoQueue<int>();
        foreach (var item in new[] { 1, 2, 3 })
        {
            queue.Put(item);
        }

        Assert.That(queue.Peek(), Is.EqualTo(3));
        Assert.That(new[] { queue.Get(), queue.Get(), queue.Get() }, Is.EqualTo(new[] { 3, 2, 1 }));
    }

    [Test]
    public void BoundedLifoQueueIsFullAtItsMaxSize()
    {
        var queue = new LifoQueue<int>(2);
        queue.Put(1);
        queue.Put(2);

        Assert.That(queue.IsFull, Is.True);
        Assert.Throws<QueueFullException>(() => queue.PutNowait(3));
        Assert.That(queue.Get(), Is.EqualTo(2));
    }

    [Test]
    public void PriorityQueueHandsOutTheSmallestFirst()
    {
        var queue = new GreenPriorityQueue<int>();
        foreach (var item in new[] { 5, 1, 4, 2, 3 })
        {
            queue.Put(item);
        }

        Assert.That(queue.Peek(), Is.EqualTo(1));
        Assert.That(Enumerable.Range(0, 5).Select(_ => queue.Get()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void PriorityQueueIsStableForEqualItems()
    {
        var queue = new GreenPriorityQueue<Job>(comparer: new ByPriority());
        var jobs = new[] { new Job(2, "a"), new Job(1, "b"), new Job(2, "c"), new Job(1, "d"), new Job(2, "e"), new Job(1, "f") };
        foreach (var job in jobs)
        {
            queue.Put(job);
        }

        var names = string.Concat(Enumerable.Range(0, jobs.Length).Select(_ => queue.Get().Name));

        Assert.That(names, Is.EqualTo("bdface"));
    }

    [Test]
    public void PriorityQueueStaysStableAcrossInterleavedPutsAndGets()
    {
        var queue = new GreenPriorityQueue<Job>(comparer: new ByPriority());
        queue.Put(new Job(1, "a"));
        queue.Put(new Job(1, "b"));
        Assert.That(queue.Get().Name, Is.EqualTo("a"));
        queue.Put(new Job(1, "c"));
        queue.Put(new Job(0, "z"));

        Assert.That(new[] { queue.Get().Name, queue.Get().Name, queue.Get().Name }, Is.EqualTo(new[] { "z", "b", "c" }));
    }

    [Test]
    public void BoundedPriorityQueueBlocksPuttersAndAdmitsThemInOrder()
    {
        var queue = new GreenPriorityQueue<string>(1);
        queue.Put("m");
        var putters = new[] { "z", "a" }.Select(item => Greenlet.Spawn(Putter, item, (GreenQueue<string>)queue, item, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        var got = new[] { queue.Get(), queue.Get(), queue.Get() };
        Greenlet.JoinAll(putters);

        Assert.That(got, Is.EqualTo(new[] { "m", "z", "a" }), "putters enter in arrival order, one per free slot");
    }

    [Test]
    public void ChannelPutWaitsForAGetter()
    {
        var channel = new GreenChannel<string>();
        var putter = Greenlet.Spawn(Putter, "p", channel, "x", (double?)null);
        Greenlet.Spawn(GetAfter, channel, 2.0);

        putter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "got x at 2", "p put x at 2" }), "the getter takes the item and goes on; then the putter resumes");
    }

    [Test]
    public void ChannelPutToAWaitingGetterReturnsAfterTheGetterRanWithTheItem()
    {
        var channel = new GreenChannel<string>();
        var getter = Greenlet.Spawn(GetThenYield, "g", (GreenQueue<string>)channel);
        Greenlet.Sleep(0);

        channel.Put("y");
        Log.Add("put returned");
        getter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "g got y", "put returned", "g after" }), "as in gevent");
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void ChannelHoldsNothing()
    {
        var channel = new GreenChannel<string>();

        Assert.That((channel.Count, channel.IsEmpty, channel.IsFull), Is.EqualTo((0, true, true)));
        Assert.That(channel.TryPut("z"), Is.False);
        Assert.Throws<QueueFullException>(() => channel.PutNowait("z"));
        Assert.Throws<QueueFullException>(() => channel.Put("z", timeout: 1));
        Assert.Throws<QueueEmptyException>(() => channel.GetNowait());
        Assert.Throws<QueueEmptyException>(() => channel.PeekNowait());
        Assert.That(channel.TryPeek(out _), Is.False);
        Assert.Throws<NotSupportedException>(() => channel.Peek(), "it would wait for nothing: gevent's Channel has no peek");
        Assert.That(Now, Is.EqualTo(1));
    }

    [Test]
    public void ChannelGettersTakeFromBlockedPuttersInArrivalOrder()
    {
        var channel = new GreenChannel<string>();
        var putters = new[] { "b", "a", "c" }.Select(item => Greenlet.Spawn(Putter, item, channel, item, (double?)null)).ToArray();
        Greenlet.Sleep(0);

        var got = new[] { channel.Get(), channel.GetNowait(), channel.Get(block: false) };
        Greenlet.JoinAll(putters);

        Assert.That(got, Is.EqualTo(new[] { "b", "a", "c" }));
        Assert.That(Log, Is.EqualTo(new[] { "b put b at 0", "a put a at 0", "c put c at 0" }));
    }

    [Test]
    public void ChannelPutThatTimesOutIsNeverDelivered()
    {
        var channel = new GreenChannel<string>();
        var putter = Greenlet.Spawn(Putter, "p", channel, "lost", (double?)1);
        putter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "p full at 1" }));
        Assert.That(channel.TryGet(out _), Is.False);
    }

    [Test]
    public void KilledChannelPutterIsNeverDelivered()
    {
        var channel = new GreenChannel<string>();
        var putter = Greenlet.Spawn(Putter, "p", channel, "lost", (double?)null);
        Greenlet.Sleep(0);

        putter.Kill();

        Assert.That(channel.TryGet(out _), Is.False);
        Assert.That(Log, Is.EqualTo(new[] { "p killed at 0" }));
    }

    [Test]
    public void ChannelGettersAreServedInArrivalOrder()
    {
        var channel = new GreenChannel<string>();
        var getters = new[] { "g1", "g2" }.Select(name => Greenlet.Spawn(Getter, name, channel)).ToArray();
        Greenlet.Sleep(0);

        channel.Put("first");
        channel.Put("second");
        Greenlet.JoinAll(getters);

        Assert.That(Log, Is.EqualTo(new[] { "g1 got first at 0", "g2 got second at 0" }));
    }

    [Test]
    public void JoinableQueueJoinReturnsAtOnceWithNoTasks()
    {
        var queue = new JoinableQueue<int>();

        Assert.That(queue.Join(), Is.True);
        Assert.That(queue.UnfinishedTasks, Is.Zero);
    }

    [Test]
    public void JoinableQueueJoinWaitsUntilEveryTaskIsDone()
    {
        var queue = new JoinableQueue<int>();
        foreach (var item in new[] { 1, 2, 3, 4 })
        {
            queue.Put(item);
        }

        Assert.That(queue.UnfinishedTasks, Is.EqualTo(4));
        var workers = new[] { Greenlet.Spawn(Worker, "a", queue, 1.0), Greenlet.Spawn(Worker, "b", queue, 2.0) };

        Assert.That(queue.Join(), Is.True);

        Assert.That(Now, Is.EqualTo(4));
        Assert.That(Log, Is.EqualTo(new[] { "a did 1 at 1", "b did 2 at 2", "a did 3 at 2", "b did 4 at 4" }));
        Assert.That((queue.UnfinishedTasks, queue.IsEmpty), Is.EqualTo((0, true)));
        Greenlet.KillAll(workers);
    }

    [Test]
    public void JoinableQueueJoinWithATimeoutReturnsFalseWhenTasksRemain()
    {
        var queue = new JoinableQueue<int>();
        queue.Put(1);
        queue.Get();

        Assert.That(queue.Join(2), Is.False);
        Assert.That(Now, Is.EqualTo(2));
        Assert.That(queue.UnfinishedTasks, Is.EqualTo(1), "getting an item does not finish its task");

        queue.TaskDone();
        Assert.That(queue.Join(0), Is.True);
    }

    [Test]
    public void JoinableQueueWakesEveryJoinerWhenTheLastTaskIsDone()
    {
        var queue = new JoinableQueue<int>();
        queue.Put(1);
        var joiners = new[] { Greenlet.Spawn(JoinWaiter, queue), Greenlet.Spawn(JoinWaiter, queue) };
        Greenlet.Sleep(0);

        queue.Get();
        queue.TaskDone();
        Greenlet.JoinAll(joiners);

        Assert.That(Log, Is.EqualTo(new[] { "join True at 0", "join True at 0" }));
    }

    [Test]
    public void JoinableQueueTaskDoneTooOftenThrows()
    {
        var queue = new JoinableQueue<int>();
        queue.Put(1);
        queue.Get();
        queue.TaskDone();

        Assert.Throws<InvalidOperationException>(() => queue.TaskDone());
        Assert.That(queue.UnfinishedTasks, Is.Zero);
    }

    [Test]
    public void JoinableQueueCountsOnlyItemsThatEntered()
    {
        var queue = new JoinableQueue<string>(1);
        queue.Put("in");
        var putter = Greenlet.Spawn(Putter, "p", queue, "never", (double?)1);
        putter.Join();

        Assert.That(queue.UnfinishedTasks, Is.EqualTo(1), "the timed-out put added no task");
        Assert.Throws<QueueFullException>(() => queue.PutNowait("never"));
        Assert.That(queue.UnfinishedTasks, Is.EqualTo(1));
    }

    [Test]
    public void JoinableQueueCountsItemsHandedStraightToAGetter()
    {
        var queue = new JoinableQueue<string>();
        var getter = Greenlet.Spawn(Getter, "g", queue);
        Greenlet.Sleep(0);

        queue.Put("x");
        getter.Join();

        Assert.That(queue.UnfinishedTasks, Is.EqualTo(1));
        Assert.That(queue.Join(1), Is.False);
        queue.TaskDone();
        Assert.That(queue.Join(), Is.True);
    }
}
