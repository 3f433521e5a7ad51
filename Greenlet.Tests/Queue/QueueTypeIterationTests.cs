using ChannelOfInt = Greenlets.GreenChannel<int>;

namespace Greenlets.Tests.Queue;

/// <summary>
/// <c>foreach</c> inside a [Greenlet] method works over every queue type, each typed as itself, not only over
/// <see cref="GreenQueue{T}"/>: each step suspends, and the order is the queue's own, as in gevent.
/// </summary>
/// <remarks>
/// The Python, run with /usr/bin/python3 (gevent 22.10.2). gevent ends a <c>for item in q</c> with a
/// <c>StopIteration</c> put into the queue; here <c>Close()</c> does it.
/// <code>
/// log = []
/// def drain(name, q):
///     for item in q:
///         log.append('%s got %s' % (name, item))
///         if isinstance(q, JoinableQueue):
///             q.task_done()
///     log.append('%s done' % name)
/// def joiner(q):
///     q.join()
///     log.append('joined')
/// def run(name, q, items, prefill):
///     log.clear()
///     if prefill:
///         for i in items: q.put(i)
///     c = gevent.spawn(drain, name, q)
///     extra = gevent.spawn(joiner, q) if isinstance(q, JoinableQueue) else None
///     if not prefill:
///         for i in items:
///             q.put(i)
///             if isinstance(q, JoinableQueue): log.append('put %s' % i)
///     gevent.sleep(0)
///     q.put(StopIteration)
///     c.join()
///     if extra: extra.join()
///     print(name + ': ' + ' / '.join(log))
/// run('lifo', LifoQueue(), [1, 2, 3], True)
/// run('priority', PriorityQueue(), [3, 1, 2], True)
/// run('channel', Channel(), [1, 2, 3], False)
/// run('joinable', JoinableQueue(), [1, 2, 3], False)
/// </code>
/// printed
/// <code>
/// lifo: lifo got 3 / lifo got 2 / lifo got 1 / lifo done
/// priority: priority got 1 / priority got 2 / priority got 3 / priority done
/// channel: channel got 1 / channel got 2 / channel got 3 / channel done
/// joinable: put 1 / put 2 / put 3 / joinable got 1 / joinable got 2 / joinable got 3 / joined / joinable done
/// </code>
/// The channel's puts are not logged: a gevent <c>Channel.put</c> to a waiting getter lets the getter run before the
/// putter goes on, where <c>Channel&lt;T&gt;.Put</c> hands the item over and goes on.
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class QueueTypeIterationTests : HubTestBase
{
    [Greenlet]
    private void DrainLifo(LifoQueue<int> queue)
    {
        foreach (var item in queue)
        {
            Log.Add($"lifo got {item}");
        }

        Log.Add("lifo done");
    }

    [Greenlet]
    private void DrainPriority(GreenPriorityQueue<int> queue)
    {
        foreach (var item in queue)
        {
            Log.Add($"priority got {item}");
        }

        Log.Add("priority done");
    }

    [Greenlet]
    private void DrainChannel(ChannelOfInt channel)
    {
        foreach (var item in channel)
        {
            Log.Add($"channel got {item}");
        }

        Log.Add("channel done");
    }

    [Greenlet]
    private void DrainJoinable(JoinableQueue<int> queue)
    {
        foreach (var item in queue)
        {
            Log.Add($"joinable got {item}");
            queue.TaskDone();
        }

        Log.Add("joinable done");
    }

    [Greenlet]
    private void JoinQueue(JoinableQueue<int> queue)
    {
        queue.Join();
        Log.Add("joined");
    }

    [Greenlet]
    private void DrainMailbox(Mailbox mailbox)
    {
        foreach (var item in mailbox)
        {
            Log.Add($"mailbox got {item}");
        }

        Log.Add("mailbox done");
    }

    /// <summary>A user's own queue type.</summary>
    public sealed class Mailbox : GreenQueue<int>
    {
    }

    [Test]
    public void ForeachOverALifoQueueTakesTheNewestFirst()
    {
        var queue = new LifoQueue<int>();
        foreach (var item in new[] { 1, 2, 3 })
        {
            queue.Put(item);
        }

        var consumer = Greenlet.Spawn(DrainLifo, queue);

        Greenlet.Sleep(0);
        queue.Close();
        consumer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "lifo got 3", "lifo got 2", "lifo got 1", "lifo done" }));
        Assert.That(consumer.IsSuccessful, Is.True);
    }

    [Test]
    public void ForeachOverAPriorityQueueTakesTheLeastFirst()
    {
        var queue = new GreenPriorityQueue<int>();
        foreach (var item in new[] { 3, 1, 2 })
        {
            queue.Put(item);
        }

        var consumer = Greenlet.Spawn(DrainPriority, queue);

        Greenlet.Sleep(0);
        queue.Close();
        consumer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "priority got 1", "priority got 2", "priority got 3", "priority done" }));
    }

    [Test]
    public void ForeachOverAChannelMeetsEachPut()
    {
        var channel = new ChannelOfInt();
        var consumer = Greenlet.Spawn(DrainChannel, channel);
        foreach (var item in new[] { 1, 2, 3 })
        {
            channel.Put(item);
        }

        Greenlet.Sleep(0);
        channel.Close();
        consumer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "channel got 1", "channel got 2", "channel got 3", "channel done" }));
    }

    [Test]
    public void ForeachOverAJoinableQueueLetsJoinFinishWhenEveryItemIsDone()
    {
        var queue = new JoinableQueue<int>();
        var consumer = Greenlet.Spawn(DrainJoinable, queue);
        var joiner = Greenlet.Spawn(JoinQueue, queue);
        foreach (var item in new[] { 1, 2, 3 })
        {
            queue.Put(item);
            Log.Add($"put {item}");
        }

        Greenlet.Sleep(0);
        queue.Close();
        Greenlet.JoinAll(consumer, joiner);

        Assert.That(Log, Is.EqualTo(new[] { "put 1", "put 2", "put 3", "joinable got 1", "joinable got 2", "joinable got 3", "joined", "joinable done" }));
    }

    [Test]
    public void ForeachOverAUsersQueueSubclassSuspendsBetweenItems()
    {
        var mailbox = new Mailbox();
        var consumer = Greenlet.Spawn(DrainMailbox, mailbox);
        Greenlet.Sleep(0);
        Log.Add("consumer waits");
        mailbox.Put(7);
        Greenlet.Sleep(0);
        mailbox.Close();
        consumer.Join();

        Assert.That(Log, Is.EqualTo(new[] { "consumer waits", "mailbox got 7", "mailbox done" }));
    }
}
