namespace Greenlets;

/// <summary>
/// A <see cref="GreenQueue{T}"/> that hands out the smallest item first. Equal items come out in the order they
/// were put, so runs stay deterministic.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.PriorityQueue</c>.</remarks>
public sealed class GreenPriorityQueue<T> : GreenQueue<T>
{
    private readonly PriorityQueue<T, (T Item, long Sequence)> _items;
    private long _sequence;

    /// <summary>Creates a priority queue.</summary>
    /// <param name="maxSize">The most items it holds; null, zero or less means no limit.</param>
    /// <param name="comparer">Orders the items; the default comparer when null.</param>
    public GreenPriorityQueue(int? maxSize = null, IComparer<T>? comparer = null)
        : base(maxSize is > 0 ? maxSize : null, fifo: false)
    {
        var order = comparer ?? Comparer<T>.Default;
        _items = new PriorityQueue<T, (T Item, long Sequence)>(Comparer<(T Item, long Sequence)>.Create((a, b) =>
        {
            var byItem = order.Compare(a.Item, b.Item);
            return byItem != 0 ? byItem : a.Sequence.CompareTo(b.Sequence);
        }));
    }

    private protected override int StoredCount => _items.Count;

    private protected override void Store(T item) => _items.Enqueue(item, (item, _sequence++));

    private protected override T TakeStored() => _items.Dequeue();

    private protected override T PeekStored() => _items.Peek();
}
