using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A FIFO queue greenlets share: <see cref="Put"/> and <see cref="Get"/> wait (cooperatively) when the queue is full
/// or empty. Blocked getters and putters are served in arrival order, by one callback that gevent calls the unlock:
/// each waiter it serves runs at once, before the next is served, so a producer and a consumer of a queue of one
/// alternate put and get exactly as gevent's do. A getter that times out or is killed takes nothing.
/// <c>foreach</c> takes items until the queue is closed.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.Queue</c>.</remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class GreenQueue<T> : IWaitSource<T>
{
    private readonly Queue<T>? _fifo;

    // Getters, peekers and enumerators waiting for an item, in arrival order: gevent keeps them in one list, so a
    // peeker ahead of a getter is served first.
    private WaiterQueue<NoPayload> _getters;
    private WaiterQueue<T> _putters;
    private PutWait? _putWait;
    private PeekWait? _peekWait;
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

    /// <summary>The number of items in the queue.</summary>
    /// <remarks>gevent: <c>Queue.qsize()</c>.</remarks>
    public int Count => Stored;

    /// <summary>Whether the queue holds no item.</summary>
    /// <remarks>gevent: <c>Queue.empty()</c>.</remarks>
    public bool IsEmpty => Stored == 0;

    /// <summary>Whether the queue holds as many items as it may.</summary>
    /// <remarks>gevent: <c>Queue.full()</c>.</remarks>
    public bool IsFull => Capacity is { } capacity && Stored >= capacity;

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    private protected int? Capacity { get; }

    private protected virtual int StoredCount => _fifo!.Count;

    /// <summary>A channel holds nothing: every item goes from a putter's hands into a getter's.</summary>
    private bool IsChannel => Capacity == 0;

    /// <summary>
    /// Adds an item, waiting (cooperatively) while the queue is full unless <paramref name="block"/> is false.
    /// Raises <see cref="QueueFullException"/> if there is still no room after <paramref name="timeout"/> seconds.
    /// A put that finds room returns at once, even ahead of putters still waiting for the room a get just made.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="block">Whether to wait for room.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <remarks>gevent: <c>Queue.put(item, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(PutAwaitable))]
    public void Put(T item, bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (TryStore(item))
        {
            return;
        }

        if (block && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("GreenQueue.Put");
        }

        PutAwaitable(item, block, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Put"/> instead.</summary>
    /// <param name="item">The item.</param>
    /// <param name="block">Whether to wait for room.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable PutAwaitable(T item, bool block = true, GreenDuration? timeout = null)
    {
        if (TryStore(item))
        {
            return GreenAwaitable.Completed;
        }

        if (!block || timeout is { Seconds: <= 0 })
        {
            return IsChannel && HandToWaitingGetter(item) ? GreenAwaitable.Completed : throw new QueueFullException();
        }

        _putters.ParkRunning(Hub.Current, timeout.InSeconds(), item);
        if (!_unlockScheduled && _getters.HasLiveWaiter())
        {
            ScheduleUnlock();
        }

        return new GreenAwaitable(_putWait ??= new PutWait(this));
    }

    /// <summary>Adds an item without waiting, or raises <see cref="QueueFullException"/>.</summary>
    /// <param name="item">The item.</param>
    /// <remarks>gevent: <c>Queue.put_nowait(item)</c>.</remarks>
    public void PutNowait(T item)
    {
        if (!TryPut(item))
        {
            throw new QueueFullException();
        }
    }

    /// <summary>Adds an item if there is room now. Like every put, raises <see cref="QueueClosedException"/> on a closed queue.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Whether the item was added.</returns>
    public bool TryPut(T item) => TryStore(item) || (IsChannel && HandToWaitingGetter(item));

    /// <summary>
    /// Removes and returns the next item, waiting (cooperatively) while the queue is empty unless
    /// <paramref name="block"/> is false. Raises <see cref="QueueEmptyException"/> if there is still none after
    /// <paramref name="timeout"/> seconds, and <see cref="QueueClosedException"/> once a closed queue is drained.
    /// A get that finds an item takes it, even ahead of getters waiting for it.
    /// </summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <returns>The item.</returns>
    /// <remarks>gevent: <c>Queue.get(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public T Get(bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (TryTakeStored(out var item))
        {
            return item;
        }

        if (block && timeout is not { Seconds: <= 0 } && !_closed)
        {
            hub.BeginBlockingCall("GreenQueue.Get");
        }

        return GetAwaitable(block, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get"/> instead.</summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<T> GetAwaitable(bool block = true, GreenDuration? timeout = null)
    {
        if (TryTakeStored(out var item))
        {
            return new GreenAwaitable<T>(item);
        }

        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (!block || timeout is { Seconds: <= 0 })
        {
            return IsChannel && TakeFromWaitingPutter(out item) ? new GreenAwaitable<T>(item) : throw new QueueEmptyException();
        }

        ParkGetter(timeout.InSeconds());
        return new GreenAwaitable<T>(this);
    }

    /// <summary>Removes and returns the next item without waiting, or raises <see cref="QueueEmptyException"/>.</summary>
    /// <returns>The item.</returns>
    /// <remarks>gevent: <c>Queue.get_nowait()</c>.</remarks>
    public T GetNowait() => TryGet(out var item) ? item : throw (_closed ? new QueueClosedException() : new QueueEmptyException());

    /// <summary>Removes the next item if there is one now.</summary>
    /// <param name="item">The item, when this returns true.</param>
    /// <returns>Whether an item was taken.</returns>
    public bool TryGet(out T item) => TryTakeStored(out item) || (IsChannel && TakeFromWaitingPutter(out item));

    /// <summary>
    /// Returns the next item without removing it, waiting (cooperatively) while the queue is empty unless
    /// <paramref name="block"/> is false; raises <see cref="QueueEmptyException"/> if there is none. A waiting peek
    /// takes its turn among the waiting getters: it is served when an item reaches it, and leaves the item for the
    /// next in line.
    /// </summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <returns>The next item.</returns>
    /// <exception cref="NotSupportedException">A waiting peek on a <see cref="GreenChannel{T}"/>, which holds nothing to look at.</exception>
    /// <remarks>gevent: <c>Queue.peek(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(PeekAwaitable))]
    public T Peek(bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (Stored == 0 && block && timeout is not { Seconds: <= 0 } && !_closed)
        {
            hub.BeginBlockingCall("GreenQueue.Peek");
        }

        return PeekAwaitable(block, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Peek"/> instead.</summary>
    /// <param name="block">Whether to wait for an item.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<T> PeekAwaitable(bool block = true, GreenDuration? timeout = null)
    {
        if (Stored > 0)
        {
            return new GreenAwaitable<T>(PeekStored());
        }

        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (!block || timeout is { Seconds: <= 0 })
        {
            throw new QueueEmptyException();
        }

        if (IsChannel)
        {
            throw new NotSupportedException("A channel holds no item to peek at: every item goes straight from a putter to a getter.");
        }

        ParkGetter(timeout.InSeconds());
        return new GreenAwaitable<T>(_peekWait ??= new PeekWait(this));
    }

    /// <summary>Returns the next item without removing it or waiting, or raises <see cref="QueueEmptyException"/>.</summary>
    /// <returns>The next item.</returns>
    /// <remarks>gevent: <c>Queue.peek_nowait()</c>.</remarks>
    public T PeekNowait() => Stored > 0 ? PeekStored() : throw new QueueEmptyException();

    /// <summary>Looks at the next item if there is one now.</summary>
    /// <param name="item">The item, when this returns true.</param>
    /// <returns>Whether there was an item.</returns>
    public bool TryPeek(out T item)
    {
        item = Stored > 0 ? PeekStored() : default!;
        return Stored > 0;
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

    /// <summary>Items (of the most), waiting getters and putters, and whether closed: <c>Count = 2/5, getters = 0, putters = 1</c>.</summary>
    private protected string DebuggerDisplay =>
        $"Count = {Stored}{(Capacity is { } capacity ? $"/{capacity}" : "")}, getters = {_getters.CountLive()}, putters = {_putters.CountLive()}{(_closed ? ", closed" : "")}";

    /// <summary>
    /// Debug builds: a bounded queue never holds more than its maximum (a channel holds nothing), and an unlock that is
    /// not scheduled has nothing left to go on with.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Capacity is not { } capacity || Stored <= capacity, "a bounded queue holds at most its maximum");
        Debug.Assert(_unlockScheduled || (_resumeAt == UnlockStep.Start && _pairedPutter is null), "an unlock that is not scheduled has nothing pending");
    }

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

    /// <summary>Stores the item if there is room (a channel never has any); a waiting getter is served by the unlock.</summary>
    /// <remarks>The wakes find the hub themselves: a put or get that wakes nobody makes no thread-static read.</remarks>
    private bool TryStore(T item)
    {
        if (_closed)
        {
            throw new QueueClosedException();
        }

        if (IsFull)
        {
            return false;
        }

        StoreItem(item);
        OnItemPut();
        if (!_unlockScheduled && _getters.HasLiveWaiter())
        {
            ScheduleUnlock();
        }

        AssertInvariants();
        return true;
    }

    /// <summary>Takes the next stored item; a waiting putter is let in by the unlock.</summary>
    private bool TryTakeStored(out T item)
    {
        if (Stored > 0)
        {
            if (!_unlockScheduled && _putters.HasLiveWaiter())
            {
                ScheduleUnlock();
            }

            item = TakeItem();
            AssertInvariants();
            return true;
        }

        item = default!;
        return false;
    }

    /// <summary>Parks the running greenlet as a getter (or peeker); gevent's get schedules the unlock if putters wait.</summary>
    private void ParkGetter(double? timeout)
    {
        _getters.ParkRunning(Hub.Current, timeout);
        if (!_unlockScheduled && _putters.HasLiveWaiter())
        {
            ScheduleUnlock();
        }
    }

    T IWaitSource<T>.GetResult(Greenlet waiter, int state)
    {
        var served = waiter.WakeCarriesValue;
        waiter.ThrowIfInterrupted();
        if (served)
        {
            return TakeServedItem(waiter);
        }

        if (_closed && Stored > 0)
        {
            return TakeItem(); // woken by Close with items left: it drains them
        }

        throw _closed ? new QueueClosedException() : new QueueEmptyException();
    }

    /// <summary>What a putter parked in <see cref="PutAwaitable"/> receives when it resumes.</summary>
    private sealed class PutWait(GreenQueue<T> queue) : IWaitSource<VoidResult>
    {
        public VoidResult GetResult(Greenlet waiter, int state)
        {
            var accepted = waiter.WakeCarriesValue;
            waiter.ThrowIfInterrupted();
            return accepted ? default : throw (queue._closed ? new QueueClosedException() : new QueueFullException());
        }
    }

    /// <summary>What a greenlet parked in <see cref="PeekAwaitable"/> receives when it resumes.</summary>
    private sealed class PeekWait(GreenQueue<T> queue) : IWaitSource<T>
    {
        public T GetResult(Greenlet waiter, int state)
        {
            var served = waiter.WakeCarriesValue;
            waiter.ThrowIfInterrupted();
            if (served || (queue._closed && queue.Stored > 0))
            {
                return queue.PeekStored(); // served by the unlock, which switched here at once: the item is still first
            }

            throw queue._closed ? new QueueClosedException() : new QueueEmptyException();
        }
    }
}
