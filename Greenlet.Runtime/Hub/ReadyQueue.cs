namespace Greenlets;

/// <summary>
/// The hub's FIFO of runnable entries: a growable ring buffer, allocation-free in steady state. Greenlets and hub
/// callbacks share the ring but not a field, so the loop switches to a greenlet by a direct call, with no interface
/// dispatch (which turns megamorphic once many [Greenlet] methods run: each is its own greenlet class).
/// </summary>
internal sealed class ReadyQueue
{
    private const int RetainedCapacity = 4096;

    private Slot[] _items = new Slot[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(Greenlet greenlet)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)].Greenlet = greenlet;
        _count++;
    }

    public void Enqueue(IHubRunnable item)
    {
        if (item is Greenlet greenlet)
        {
            Enqueue(greenlet);
            return;
        }

        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)].Callback = item;
        _count++;
    }

    /// <summary>Takes the first entry: a greenlet, or else (null returned) the callback.</summary>
    public Greenlet? Dequeue(out IHubRunnable? callback)
    {
        ref var slot = ref _items[_head];
        var greenlet = slot.Greenlet;
        callback = slot.Callback;
        slot = default;
        _head = (_head + 1) & (_items.Length - 1);
        if (--_count == 0 && _items.Length > RetainedCapacity)
        {
            // A burst (a million spawns) is over: do not keep its buffer for the life of the hub.
            _items = new Slot[RetainedCapacity];
            _head = 0;
        }

        return greenlet;
    }

    private void Grow()
    {
        var bigger = new Slot[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }

    // Structs around the references: a store into Slot[] needs no array covariance check (StelemRef_Helper).
    private struct Slot
    {
        public Greenlet? Greenlet;
        public IHubRunnable? Callback;
    }
}
