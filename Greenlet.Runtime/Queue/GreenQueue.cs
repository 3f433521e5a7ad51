using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A FIFO queue greenlets share: <see cref="Put"/> and <see cref="Get"/> wait (cooperatively) when the queue is full
/// or empty. Blocked getters and putters are served in arrival order, and an item is never lost: a getter that
/// times out or is killed leaves the item for the next one. <c>foreach</c> takes items until the queue is closed.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.Queue</c>.</remarks>
public partial class GreenQueue<T> : IWaitSource<T>
{
    private readonly Queue<T>? _fifo;
    private WaiterQueue<NoPayload> _getters;
    private WaiterQueue<T> _putters;
    private WaiterQueue<NoPayload> _peekers;
    private PutWait? _putWait;
    private PeekWait? _peekWait;

    // What each peeker woken by an arriving item saw at the head then: it may be gone by the time the peeker runs.
    private Dictionary<Greenlet, T>? _peeked;

    // Items stored for getters that were woken and have not resumed yet: no one else may take them.
    private int _reserved;
    private bool _closed;

    /// <summary>Creates a queue.</summary>
    /// <param name="maxSize">The most items it holds; null, zero or less means no limit (as in gevent 22).</param>
    /// <remarks>gevent: <c>Queue(maxsize=None)</c>.</remarks>
    public GreenQueue(int? maxSize = null)
        : this(maxSize is > 0 ? maxSize : null, fifo: true)
    {
    }

    private protected GreenQueue(int? capacity, bool fifo)
    {
        Capacity = capacity;
        _fifo = fifo ? new Queue<T>() : null;
    }

    /// <summary>The most items the queue holds; null when unbounded.</summary>
    /// <remarks>gevent: <c>Queue.maxsize</c>.</remarks>
    public int? MaxSize => Capacity;

    /// <summary>The number of items that a get could take now.</summary>
    /// <remarks>gevent: <c>Queue.qsize()</c>.</remarks>
    public int Count => Stored - _reserved;

    /// <summary>Whether a get would have to wait.</summary>
    /// <remarks>gevent: <c>Queue.empty()</c>.</remarks>
    public bool IsEmpty => Count == 0;

    /// <summary>Whether a put would have to wait.</summary>
    /// <remarks>gevent: <c>Queue.full()</c>.</remarks>
    public bool IsFull => Capacity is { } capacity && Stored >= capacity;

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    private protected int? Capacity { get; }

    private protected virtual int StoredCount => _fifo!.Count;

    /// <summary>
    /// Adds an item, waiting (cooperatively) while the queue is full unless <paramref name="block"/> is false.
    /// Raises <see cref="QueueFullException"/> if there is still no room after <paramref name="timeout"/> seconds.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="block">Whether to wait for room.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Queue.put(item, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(PutAsync))]
    [OverloadResolutionPriority(1)]
    public void Put(T item, bool block = true, double? timeout = null)
    {
        var hub = Hub.Current;
        if (TryPutNow(item))
        {
            return;
        }

        if (block && timeout is not <= 0 && !_closed)
        {
            hub.BeginBlockingCall("GreenQueue.Put");
        }

        PutAsync(item, block, timeout).Block(hub);
    }

    /// <summary>The awaitable form of <see cref="Put"/>, used by rewritten code.</summary>
    /// <param name="item">The item.</param>
    /// <param name="block">Whether to wait for room.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [OverloadResolutionPriority(1)]
    public GreenAwaitable PutAsync(T item, bool block = true, double? timeout = null)
    {
        if (TryPutNow(item))
        {
            return GreenAwaitable.Completed;
        }

        if (!block || timeout is <= 0)
        {
            throw new QueueFullException();
        }

        _putters.ParkRunning(Hub.Current, timeout, item);
        return new GreenAwaitable(_putWait ??= new PutWait(this));
    }

    /// <summary>Adds an item without waiting, or raises <see cref="QueueFullException"/>.</summary>
    /// <param name="item">The item.</param>
    /// <remarks>gevent: <c>Queue.put_nowait(item)</c>.</remarks>
    public void PutNowait(T item)
    {
        if (!TryPutNow(item))
        {
            throw new QueueFullException();
        }
    }

    /// <summary>Adds an item if there is room now. Like every put, raises <see cref="QueueClosedException"/> on a closed queue.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Whether the item was added.</returns>
    public bool TryPut(T item) => TryPutNow(item);

    /// <summary>
    /// Removes and returns the next item, waiting (cooperatively) while the queue is empty unless
    /// <paramref name="block"/> is false. Raises <see cref="QueueEmptyException"/> if there is still none after
    /// <paramref name="timeout"/> seconds, and <see cref="QueueClosedException"/> once a closed queue is drained.
    /// </summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The item.</returns>
    /// <remarks>gevent: <c>Queue.get(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAsync))]
    [OverloadResolutionPriority(1)]
    public T Get(bool block = true, double? timeout = null)
    {
        var hub = Hub.Current;
        if (TryTakeNow(out var item))
        {
            return item;
        }

        if (block && timeout is not <= 0 && !_closed)
        {
            hub.BeginBlockingCall("GreenQueue.Get");
        }

        return GetAsync(block, timeout).Block(hub);
    }

    /// <summary>The awaitable form of <see cref="Get"/>, used by rewritten code.</summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [OverloadResolutionPriority(1)]
    public GreenAwaitable<T> GetAsync(bool block = true, double? timeout = null)
    {
        if (TryTakeNow(out var item))
        {
            return new GreenAwaitable<T>(item);
        }

        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (!block || timeout is <= 0)
        {
            throw new QueueEmptyException();
        }

        _getters.ParkRunning(Hub.Current, timeout);
        return new GreenAwaitable<T>(this);
    }

    /// <summary>Removes and returns the next item without waiting, or raises <see cref="QueueEmptyException"/>.</summary>
    /// <returns>The item.</returns>
    /// <remarks>gevent: <c>Queue.get_nowait()</c>.</remarks>
    public T GetNowait() => TryTakeNow(out var item) ? item : throw (_closed ? new QueueClosedException() : new QueueEmptyException());

    /// <summary>Removes the next item if there is one now.</summary>
    /// <param name="item">The item, when this returns true.</param>
    /// <returns>Whether an item was taken.</returns>
    public bool TryGet(out T item) => TryTakeNow(out item);

    /// <summary>
    /// Returns the next item without removing it, waiting (cooperatively) while the queue is empty unless
    /// <paramref name="block"/> is false; raises <see cref="QueueEmptyException"/> if there is none.
    /// A peek that waited returns the item that was next when it arrived, even if a get has taken it since.
    /// An item put straight into the hands of a waiting getter is never seen by a peek.
    /// </summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The next item.</returns>
    /// <remarks>gevent: <c>Queue.peek(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(PeekAsync))]
    [OverloadResolutionPriority(1)]
    public T Peek(bool block = true, double? timeout = null)
    {
        var hub = Hub.Current;
        if (Count == 0 && block && timeout is not <= 0 && !_closed)
        {
            hub.BeginBlockingCall("GreenQueue.Peek");
        }

        return PeekAsync(block, timeout).Block(hub);
    }

    /// <summary>The awaitable form of <see cref="Peek"/>, used by rewritten code.</summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [OverloadResolutionPriority(1)]
    public GreenAwaitable<T> PeekAsync(bool block = true, double? timeout = null)
    {
        if (Count > 0)
        {
            return new GreenAwaitable<T>(PeekStored());
        }

        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (!block || timeout is <= 0)
        {
            throw new QueueEmptyException();
        }

        _peekers.ParkRunning(Hub.Current, timeout);
        return new GreenAwaitable<T>(_peekWait ??= new PeekWait(this));
    }

    /// <summary>Returns the next item without removing it or waiting, or raises <see cref="QueueEmptyException"/>.</summary>
    /// <returns>The next item.</returns>
    /// <remarks>gevent: <c>Queue.peek_nowait()</c>.</remarks>
    public T PeekNowait() => Count > 0 ? PeekStored() : throw new QueueEmptyException();

    /// <summary>Looks at the next item if there is one now.</summary>
    /// <param name="item">The item, when this returns true.</param>
    /// <returns>Whether there was an item.</returns>
    public bool TryPeek(out T item)
    {
        item = Count > 0 ? PeekStored() : default!;
        return Count > 0;
    }

    /// <summary>
    /// Closes the queue: later puts raise <see cref="QueueClosedException"/>, gets drain what is left and then raise
    /// it, and <c>foreach</c> loops end. Waiting putters and getters are woken to see it. Closing twice does nothing.
    /// </summary>
    /// <remarks>gevent: <c>Queue.shutdown()</c> (newer gevent versions).</remarks>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        var hub = Hub.Current;
        _getters.WakeAll(hub);
        _putters.WakeAll(hub);
        _peekers.WakeAll(hub);
    }

    /// <summary>Stores an item in the queue's order.</summary>
    private protected virtual void Store(T item) => _fifo!.Enqueue(item);

    /// <summary>Removes the next item in the queue's order.</summary>
    private protected virtual T TakeStored() => _fifo!.Dequeue();

    /// <summary>The next item in the queue's order.</summary>
    private protected virtual T PeekStored() => _fifo!.Peek();

    /// <summary>Called for every item that enters the queue (stored or handed over).</summary>
    private protected virtual void OnItemPut()
    {
    }

    // The FIFO queue's own storage is used directly, so its puts and gets make no virtual calls; the other orders
    // (LIFO, priority) keep theirs behind the virtual methods above.
    private int Stored => _fifo?.Count ?? StoredCount;

    private void StoreItem(T item)
    {
        if (_fifo is { } fifo)
        {
            fifo.Enqueue(item);
        }
        else
        {
            Store(item);
        }
    }

    private T TakeItem() => _fifo is { } fifo ? fifo.Dequeue() : TakeStored();

    // The wakes below find the hub themselves: a put or get that wakes nobody makes no thread-static read.
    private bool TryPutNow(T item)
    {
        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (_getters.HasLiveWaiter())
        {
            // Someone waits, so nothing unreserved is stored: keep the item for the first getter.
            StoreItem(item);
            OnItemPut();
            _reserved++;
            _getters.WakeOne(carriesValue: true);
            return true;
        }

        if (IsFull || _putters.HasLiveWaiter())
        {
            return false;
        }

        StoreItem(item);
        OnItemPut();
        WakePeekers();
        return true;
    }

    private bool TryTakeNow(out T item)
    {
        if (Count > 0)
        {
            item = TakeItem();
            AdmitWaitingPutter();
            return true;
        }

        // A queue with no room for anything (a channel), or whose room is all reserved: take from a putter directly.
        if (_putters.DequeueLive(out var pending) is { } putter)
        {
            item = pending;
            OnItemPut();
            Accept(putter);
            return true;
        }

        item = default!;
        return false;
    }

    /// <summary>Room was made: the first waiting putter's item goes in, and its put completes.</summary>
    private void AdmitWaitingPutter()
    {
        if (_putters.RawCount > 0 && !IsFull && _putters.DequeueLive(out var pending) is { } putter)
        {
            StoreItem(pending);
            OnItemPut();
            Accept(putter);
            WakePeekers();
        }
    }

    /// <summary>An item a get could take is stored: every waiting peeker receives the head item as it is now.</summary>
    private void WakePeekers()
    {
        if (_peekers.RawCount > 0)
        {
            WakeEveryPeeker(); // out of line: the check above is all that most puts pay
        }
    }

    private void WakeEveryPeeker()
    {
        var hub = Hub.Current;
        var head = PeekStored();
        while (_peekers.DequeueLive() is { } peeker)
        {
            (_peeked ??= [])[peeker] = head;
            hub.Wake(peeker);
        }
    }

    private static void Accept(Greenlet putter)
    {
        putter.WakeCarriesValue = true; // the item is in: a kill arriving now waits for its next suspension
        Hub.Current.Wake(putter);
    }

    T IWaitSource<T>.GetResult(Greenlet waiter, int state)
    {
        var handed = waiter.WakeCarriesValue;
        waiter.ThrowIfInterrupted();
        if (handed)
        {
            _reserved--;
            var item = TakeItem();
            AdmitWaitingPutter();
            return item;
        }

        throw _closed ? new QueueClosedException() : new QueueEmptyException();
    }

    /// <summary>What a putter parked in <see cref="PutAsync"/> receives when it resumes.</summary>
    private sealed class PutWait(GreenQueue<T> queue) : IWaitSource<VoidResult>
    {
        public VoidResult GetResult(Greenlet waiter, int state)
        {
            var accepted = waiter.WakeCarriesValue;
            waiter.ThrowIfInterrupted();
            return accepted ? default : throw (queue._closed ? new QueueClosedException() : new QueueFullException());
        }
    }

    /// <summary>What a greenlet parked in <see cref="PeekAsync"/> receives when it resumes.</summary>
    private sealed class PeekWait(GreenQueue<T> queue) : IWaitSource<T>
    {
        public T GetResult(Greenlet waiter, int state)
        {
            // Woken by an item: return what was at the head then, even if a get has taken it since.
            T item = default!;
            var woken = queue._peeked is { } peeked && peeked.Remove(waiter, out item!);
            waiter.ThrowIfInterrupted();
            if (woken)
            {
                return item;
            }

            throw queue._closed ? new QueueClosedException() : new QueueEmptyException();
        }
    }
}
