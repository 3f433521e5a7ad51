namespace Greenlets.Tests.Queue;

/// <summary>GreenQueue's non-waiting surface: sizes, FIFO order, the nowait and Try forms, Peek, and timeouts from plain code.</summary>
[Category(TestCategories.Unit)]
public sealed partial class GreenQueueBasicsTests : HubTestBase
{
    [Greenlet]
    private static void PutAfter<T>(GreenQueue<T> queue, double seconds, T item)
    {
        Greenlet.Sleep(seconds);
        queue.Put(item);
    }

    [Greenlet]
    private static void GetAfter<T>(GreenQueue<T> queue, double seconds)
    {
        Greenlet.Sleep(seconds);
        queue.Get();
    }

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(-100)]
    public void MaxSizeNoneZeroOrNegativeMeansUnbounded(int? maxSize)
    {
        var queue = new GreenQueue<int>(maxSize);

        for (var i = 0; i < 10_000; i++)
        {
            queue.PutNowait(i);
        }

        Assert.That((queue.MaxSize, queue.Count, queue.IsFull, queue.IsEmpty), Is.EqualTo(((int?)null, 10_000, false, false)));
    }

    [Test]
    public void ItemsComeOutInPutOrder()
    {
        var queue = new GreenQueue<string>();
        foreach (var item in new[] { "b", "a", "c" })
        {
            queue.Put(item);
        }

        Assert.That(new[] { queue.Get(), queue.Get(), queue.Get() }, Is.EqualTo(new[] { "b", "a", "c" }));
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void CountIsEmptyAndIsFullTrackABoundedQueue()
    {
        var queue = new GreenQueue<int>(2);
        Assert.That((queue.MaxSize, queue.Count, queue.IsEmpty, queue.IsFull), Is.EqualTo(((int?)2, 0, true, false)));

        queue.Put(1);
        Assert.That((queue.Count, queue.IsEmpty, queue.IsFull), Is.EqualTo((1, false, false)));

        queue.Put(2);
        Assert.That((queue.Count, queue.IsEmpty, queue.IsFull), Is.EqualTo((2, false, true)));

        queue.Get();
        Assert.That((queue.Count, queue.IsEmpty, queue.IsFull), Is.EqualTo((1, false, false)));
    }

    [Test]
    public void PutNowaitOnAFullQueueRaisesFullAndLeavesItUnchanged()
    {
        var queue = new GreenQueue<int>(1);
        queue.PutNowait(1);

        Assert.Throws<QueueFullException>(() => queue.PutNowait(2));
        Assert.Throws<QueueFullException>(() => queue.Put(2, block: false));
        Assert.Throws<QueueFullException>(() => queue.Put(2, timeout: 0));
        Assert.That(queue.TryPut(2), Is.False);

        Assert.That(queue.Count, Is.EqualTo(1));
        Assert.That(queue.GetNowait(), Is.EqualTo(1));
        Assert.That(queue.TryGet(out _), Is.False, "the rejected 2 never entered");
    }

    [Test]
    public void GetNowaitOnAnEmptyQueueRaisesEmpty()
    {
        var queue = new GreenQueue<int>();

        Assert.Throws<QueueEmptyException>(() => queue.GetNowait());
        Assert.Throws<QueueEmptyException>(() => queue.Get(block: false));
        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: 0));
        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: -1));
        Assert.That(queue.TryGet(out var item), Is.False);
        Assert.That(item, Is.Zero);
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void TryPutAndTryGetSucceedWhenTheyCan()
    {
        var queue = new GreenQueue<string>(2);

        Assert.That(queue.TryPut("x"), Is.True);
        Assert.That(queue.TryPut("y"), Is.True);
        Assert.That(queue.TryGet(out var first) ? first : null, Is.EqualTo("x"));
        Assert.That(queue.TryGet(out var second) ? second : null, Is.EqualTo("y"));
        Assert.That(queue.IsEmpty, Is.True);
    }

    [Test]
    public void PeekShowsTheNextItemWithoutRemovingIt()
    {
        var queue = new GreenQueue<int>();
        queue.Put(7);
        queue.Put(8);

        Assert.That(queue.Peek(), Is.EqualTo(7));
        Assert.That(queue.PeekNowait(), Is.EqualTo(7));
        Assert.That(queue.TryPeek(out var item) ? item : -1, Is.EqualTo(7));
        Assert.That(queue.Count, Is.EqualTo(2));
        Assert.That(queue.Get(), Is.EqualTo(7));
        Assert.That(queue.Peek(block: false), Is.EqualTo(8));
    }

    [Test]
    public void PeekOnAnEmptyQueueRaisesEmptyWhenItMayNotWait()
    {
        var queue = new GreenQueue<int>();

        Assert.Throws<QueueEmptyException>(() => queue.PeekNowait());
        Assert.Throws<QueueEmptyException>(() => queue.Peek(block: false));
        Assert.That(queue.TryPeek(out _), Is.False);
        Assert.Throws<QueueEmptyException>(() => queue.Peek(timeout: 1.5));
        Assert.That(Now, Is.EqualTo(1.5));
    }

    [Test]
    public void GetWithATimeoutRaisesEmptyAtTheDeadline()
    {
        var queue = new GreenQueue<int>();

        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: 2));

        Assert.That(Now, Is.EqualTo(2));
    }

    [Test]
    public void PutWithATimeoutRaisesFullAtTheDeadlineAndTheItemNeverEnters()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);

        Assert.Throws<QueueFullException>(() => queue.Put(2, timeout: 3));

        Assert.That(Now, Is.EqualTo(3));
        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(queue.IsEmpty, Is.True);
    }

    [Test]
    public void MainGetWaitsForAGreenletsPut()
    {
        var queue = new GreenQueue<string>();
        Greenlet.Spawn(PutAfter, queue, 2.0, "late");

        Assert.That(queue.Get(), Is.EqualTo("late"));
        Assert.That(Now, Is.EqualTo(2));
        Assert.That(queue.IsEmpty, Is.True);
    }

    [Test]
    public void MainGetWithATimeoutGetsAnItemThatArrivesInTime()
    {
        var queue = new GreenQueue<string>();
        Greenlet.Spawn(PutAfter, queue, 2.0, "late");

        Assert.That(queue.Get(timeout: 5), Is.EqualTo("late"));
        Assert.That(Now, Is.EqualTo(2));
    }

    [Test]
    public void MainPutWaitsForRoomThatAGreenletMakes()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        Greenlet.Spawn(GetAfter, queue, 4.0);

        queue.Put(2);

        Assert.That(Now, Is.EqualTo(4));
        Assert.That((queue.Count, queue.Get()), Is.EqualTo((1, 2)));
    }

    [Test]
    public void MainPeekWaitsForAnItemAndLeavesIt()
    {
        var queue = new GreenQueue<string>();
        Greenlet.Spawn(PutAfter, queue, 1.0, "p");

        Assert.That(queue.Peek(), Is.EqualTo("p"));
        Assert.That(Now, Is.EqualTo(1));
        Assert.That(queue.Count, Is.EqualTo(1));
    }

    [Test]
    public void PlainGetThatCanNeverCompleteRaisesLoopExitAndLeavesNoGhostGetter()
    {
        var queue = new GreenQueue<int>();

        Assert.Throws<LoopExitException>(() => queue.Get());

        queue.Put(5);
        Assert.That((queue.Count, queue.Get()), Is.EqualTo((1, 5)), "the aborted get did not reserve the item");
    }

    [Test]
    public void PlainPutThatCanNeverCompleteRaisesLoopExitAndItsItemNeverEnters()
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);

        Assert.Throws<LoopExitException>(() => queue.Put(2));

        Assert.That(queue.Get(), Is.EqualTo(1));
        Assert.That(queue.TryGet(out _), Is.False);
    }

    [Test]
    public void WorksWithValueAndReferenceTypesAndNulls()
    {
        var queue = new GreenQueue<string?>();
        queue.Put(null);
        queue.Put("x");

        Assert.That(queue.Get(), Is.Null);
        Assert.That(queue.Get(), Is.EqualTo("x"));
    }
}
