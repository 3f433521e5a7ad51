namespace Greenlets;

/// <summary>A <see cref="GreenQueue{T}"/> that hands out the most recently put item first.</summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.LifoQueue</c>.</remarks>
public sealed class LifoQueue<T> : GreenQueue<T>
{
    private readonly Stack<T> _items = new();

    /// <summary>Creates a LIFO queue.</summary>
    /// <param name="maxSize">The most items it holds; null, zero or less means no limit.</param>
    public LifoQueue(int? maxSize = null)
        : base(maxSize is > 0 ? maxSize : null, fifo: false)
    {
    }

    private protected override int StoredCount => _items.Count;

    private protected override void Store(T item) => _items.Push(item);

    private protected override T TakeStored() => _items.Pop();

    private protected override T PeekStored() => _items.Peek();
}
