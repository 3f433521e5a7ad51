namespace Greenlets;

/// <summary>The hub's FIFO of runnable entries: a growable ring buffer, allocation-free in steady state.</summary>
internal sealed class ReadyQueue
{
    private const int RetainedCapacity = 4096;

    private Slot[] _items = new Slot[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(IHubRunnable item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)].Item = item;
        _count++;
    }

    public IHubRunnable Dequeue()
    {
        ref var slot = ref _items[_head];
        var item = slot.Item!;
        slot.Item = null;
        _head = (_head + 1) & (_items.Length - 1);
        if (--_count == 0 && _items.Length > RetainedCapacity)
        {
            // A burst (a million spawns) is over: do not keep its buffer for the life of the hub.
            _items = new Slot[RetainedCapacity];
            _head = 0;
        }

        return item;
    }

    public IEnumerable<IHubRunnable> Snapshot()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[(_head + i) & (_items.Length - 1)].Item!;
        }
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

    // A struct around the reference: a store into Slot[] needs no array covariance check (StelemRef_Helper).
    private struct Slot
    {
        public IHubRunnable? Item;
    }
}
