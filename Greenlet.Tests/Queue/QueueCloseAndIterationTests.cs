namespace Greenlets.Tests.Queue;

/// <summary>Close: puts fail, gets drain then fail, waiters wake; foreach (from plain code) takes items until the queue is closed.</summary>
[Category(TestCategories.Unit)]
public sealed partial class QueueCloseAndIterationTests : HubTestBase
{
    [Greenlet]
    private void Produce(GreenQueue<int> queue, int count, double interval)
    {
        for (var i = 1; i <= count; i++)
        {
            Greenlet.Sleep(interval);
            queue.Put(i);
            Log.Add($"put {i} at {Now}");
        }

        queue.Close();
        Log.Add("closed");
    }

    [Greenlet]
    private void Getter(string name, GreenQueue<int> queue)
    {
        try
        {
            Log.Add($"{name} got {queue.Get()}");
        }
        catch (QueueClosedException)
        {
            Log.Add($"{name} closed at {Now}");
        }
    }

    [Greenlet]
    private void Putter(string name, GreenQueue<int> queue, int item)
    {
        try
        {
            queue.Put(item);
            Log.Add($"{name} put {item}");
        }
        catch (QueueClosedException)
        {
            Log.Add($"{name} closed at {Now}");
        }
    }

    [Greenlet]
    private void Peeker(GreenQueue<int> queue)
    {
        try
        {
            Log.Add($"peeked {queue.Peek()}");
        }
        catch (QueueClosedException)
        {
            Log.Add($"peeker closed at {Now}");
        }
    }

    [Greenlet]
    private static void CloseAfter(GreenQueue<int> queue, double seconds)
    {
        Greenlet.Sleep(seconds);
        queue.Close();
    }

    [Greenlet]
    private void ConsumeAll(string name, GreenQueue<int> queue)
    {
        try
        {
            foreach (var item in queue)
            {
                Log.Add($"{name} got {item} at {Now}");
            }

            Log.Add($"{name} done at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"{name} killed at {Now}");
        }
    }

    [Greenlet]
    private int TakeUntil(GreenQueue<int> queue, int stop)
    {
        var taken = 0;
        foreach (var item in queue)
        {
            taken++;
            if (item == stop)
            {
                break;
            }
        }

        return taken;
    }

    [Test]
    public void ForeachInsideAGreenletSuspendsBetweenItemsUntilClose()
    {
        var queue = new GreenQueue<int>();
        var consumers = new[] { Greenlet.Spawn(ConsumeAll, "a", queue), Greenlet.Spawn(ConsumeAll, "b", queue) };
        var producer = Greenlet.Spawn(Produce, queue, 4, 1.0);

        Greenlet.JoinAll(consumers.Append(producer));

        Assert.That(Log, Is.EqualTo(new[]
        {
            "put 1 at 1", "a got 1 at 1", "put 2 at 2", "b got 2 at 2", "put 3 at 3", "a got 3 at 3", "put 4 at 4",
            "closed", "b got 4 at 4", "b done at 4", "a done at 4",
        }));
    }

    [Test]
    public void BreakingOutOfAGreenletsForeachLeavesTheRest()
    {
        var queue = new GreenQueue<int>();
        foreach (var item in new[] { 1, 2, 3, 4 })
        {
            queue.Put(item);
        }

        Assert.That(Greenlet.Spawn(TakeUntil, queue, 2).Get(), Is.EqualTo(2));
        Assert.That((queue.Count, queue.Get(), queue.Get()), Is.EqualTo((2, 3, 4)));
    }

    [Test]
    public void KillingAGreenletWaitingInForeachLeavesLaterItemsInTheQueue()
    {
        var queue = new GreenQueue<int>();
        var consumer = Greenlet.Spawn(ConsumeAll, "c", queue);
        Greenlet.Sleep(0);

        consumer.Kill();
        queue.Put(1);

        Assert.That(Log, Is.EqualTo(new[] { "c killed at 0" }));
        Assert.That(queue.Get(), Is.EqualTo(1));
    }

    [Test]
    public void ADisposedEnumeratorTakesNothingMore()
    {
        var queue = new GreenQueue<int>();
        queue.Put(1);
        queue.Put(2);
        var items = queue.GetEnumerator();
        Assert.That(items.MoveNext() ? items.Current : 0, Is.EqualTo(1));

        items.Dispose();

        Assert.That(items.MoveNext(), Is.False);
        Assert.That((queue.Count, queue.Get()), Is.EqualTo((1, 2)));
    }

    [Test]
    public void ForeachTakesItemsAsTheyArriveUntilTheQueueIsClosed()
    {
        var queue = new GreenQueue<int>();
        Greenlet.Spawn(Produce, queue, 5, 1.0);

        var seen = new List<string>();
        foreach (var item in queue)
        {
            seen.Add($"{item} at {Now}");
        }

        Assert.That(seen, Is.EqualTo(new[] { "1 at 1", "2 at 2", "3 at 3", "4 at 4", "5 at 5" }));
        Assert.That((queue.IsClosed, queue.IsEmpty), Is.EqualTo((true, true)));
    }

    [Test]
    public void ForeachOverABoundedQueueLetsAProducerRunAhead()
    {
        var queue = new GreenQueue<int>(2);
        Greenlet.Spawn(Produce, queue, 6, 0.0);

        var seen = queue.ToList();

        Assert.That(seen, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(Log.Last(), Is.EqualTo("closed"));
    }

    [Test]
    public void ForeachDrainsAnAlreadyClosedQueueWithoutWaiting()
    {
        var queue = new GreenQueue<int>();
        queue.Put(1);
        queue.Put(2);
        queue.Close();

        Assert.That(queue.ToList(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void BreakingOutOfForeachLeavesTheRestInTheQueue()
    {
        var queue = new GreenQueue<int>();
        foreach (var item in new[] { 1, 2, 3, 4 })
        {
            queue.Put(item);
        }

        foreach (var item in queue)
        {
            if (item == 2)
            {
                break;
            }
        }

        Assert.That((queue.Count, queue.Get()), Is.EqualTo((2, 3)));
    }

    [Test]
    public void AnEnumeratorSeesItemsPutByTheMainGreenletBeforeEachMove()
    {
        var queue = new GreenQueue<string>();
        using var items = queue.GetEnumerator();

        queue.Put("a");
        Assert.That(items.MoveNext() ? items.Current : null, Is.EqualTo("a"));
        queue.Put("b");
        Assert.That(items.MoveNext() ? items.Current : null, Is.EqualTo("b"));
        queue.Close();
        Assert.That(items.MoveNext(), Is.False);
    }

    [Test]
    public void PutOnAClosedQueueRaisesClosedInEveryForm()
    {
        var queue = new GreenQueue<int>();
        queue.Close();

        Assert.Throws<QueueClosedException>(() => queue.Put(1));
        Assert.Throws<QueueClosedException>(() => queue.PutNowait(1));
        Assert.Throws<QueueClosedException>(() => queue.TryPut(1));
        Assert.That(queue.IsClosed, Is.True);
    }

    [Test]
    public void GetsDrainAClosedQueueThenRaiseClosed()
    {
        var queue = new GreenQueue<int>();
        queue.Put(1);
        queue.Close();
        queue.Close();

        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.Throws<QueueClosedException>(() => queue.Get());
        Assert.Throws<QueueClosedException>(() => queue.GetNowait());
        Assert.Throws<QueueClosedException>(() => queue.Peek());
        Assert.That(queue.TryGet(out _), Is.False);
        Assert.That(Now, Is.Zero, "nothing waits on a closed queue");
    }

    [Test]
    public void CloseWakesWaitingGettersPuttersAndPeekers()
    {
        var empty = new GreenQueue<int>();
        var full = new GreenQueue<int>(1);
        full.Put(0);
        var waiters = new[]
        {
            Greenlet.Spawn(Getter, "g", empty),
            Greenlet.Spawn(Peeker, empty),
            Greenlet.Spawn(Putter, "p", full, 1),
        };
        Greenlet.Spawn(CloseAfter, empty, 1.0);
        Greenlet.Spawn(CloseAfter, full, 2.0);

        Greenlet.JoinAll(waiters);

        Assert.That(Log, Is.EqualTo(new[] { "g closed at 1", "peeker closed at 1", "p closed at 2" }));
        Assert.That((full.Get(), full.TryGet(out _)), Is.EqualTo((0, false)), "the blocked putter's item never entered");
    }

    [Test]
    public void AnItemHandedToAGetterBeforeCloseIsStillDelivered()
    {
        var queue = new GreenQueue<int>();
        var getter = Greenlet.Spawn(Getter, "g", queue);
        Greenlet.Sleep(0);

        queue.Put(5);
        queue.Close();
        getter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "g got 5" }));
    }

    [Test]
    public void PlainForeachThatCanNeverEndRaisesLoopExit()
    {
        var queue = new GreenQueue<int>();
        queue.Put(1);
        var seen = new List<int>();

        Assert.Throws<LoopExitException>(() =>
        {
            foreach (var item in queue)
            {
                seen.Add(item);
            }
        });
        Assert.That(seen, Is.EqualTo(new[] { 1 }));
    }
}
