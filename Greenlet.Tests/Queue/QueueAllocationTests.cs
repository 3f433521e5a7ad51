namespace Greenlets.Tests.Queue;

/// <summary>
/// Puts and gets allocate nothing once a queue and its greenlets are warmed up, also while the unlock serves the
/// waiters: it is the queue itself, and the waiters' entries live in buffers the first round sized.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class QueueAllocationTests : HubTestBase
{
    private const int Items = 10_000;

    [Greenlet]
    private static void Produce(GreenQueue<int> queue, int n)
    {
        for (var i = 0; i < n; i++)
        {
            queue.Put(i);
        }
    }

    [Greenlet]
    private static long Consume(GreenQueue<int> queue, int n)
    {
        var sum = 0L;
        for (var i = 0; i < n; i++)
        {
            sum += queue.Get();
        }

        return sum;
    }

    private static long RunPair(GreenQueue<int> queue)
    {
        Greenlet.Spawn(Produce, queue, Items);
        return Greenlet.Spawn(Consume, queue, Items).Get();
    }

    [TestCase(100)]
    [TestCase(1)]
    [TestCase(0)]
    public void AProducerAndAConsumerAllocateNothingPerItem(int maxSize)
    {
        GreenQueue<int> queue = maxSize == 0 ? new GreenChannel<int>() : new GreenQueue<int>(maxSize);
        RunPair(queue); // the first round: the JIT, the ready queue's and the waiter lists' buffers

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = RunPair(queue);
        var perItem = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Items;

        Assert.That(sum, Is.EqualTo((long)Items * (Items - 1) / 2));
        Assert.That(perItem, Is.LessThan(0.1), "bytes per item; the two greenlets of the round take about 0.03");
    }
}
