using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// A bounded FIFO queue between hubs (and plain threads): greenlets of any hub, and any thread, put; the greenlets of
/// one hub, the consuming hub, get. A full queue suspends only the putting greenlet and an empty one only the getting
/// greenlet: the other greenlets of their hubs keep running. A getter parked on an empty queue is woken through its
/// hub's doorbell by one post, however many items arrive before it runs; a putter parked on a full queue likewise.
/// Items from one putter arrive in the order it put them.
/// </summary>
/// <remarks>
/// <para>
/// gevent: <c>gevent.queue.Queue(maxsize)</c> shared with another OS thread, which gevent does not support (its
/// queues belong to one hub); the closest is a queue fed from a thread through <c>hub.loop.async_()</c>.
/// </para>
/// <para>
/// One consuming hub: the first <see cref="Get"/> or <see cref="TryGet"/> binds the queue to the calling thread's hub,
/// and a get from any other thread raises <see cref="InvalidOperationException"/>. With one consumer, taking an item
/// is a plain read of the queue's slot and head (no atomic operation but the fence that tells waiting putters), and a
/// wake goes to one doorbell. For consumers on several hubs, give each its own queue (a putter picks one per item,
/// round robin or by key): that keeps each hub's order deterministic, which a shared queue could not.
/// </para>
/// <para>
/// A thread with no hub blocks in <see cref="Put"/>; plain code on a thread that has a hub runs the hub meanwhile, as
/// every cooperative call does. When the consuming hub ends (its <see cref="Hub.Install"/> scope, or its
/// <see cref="HubGroup"/> thread, ends), putters waiting for room, and later puts, raise
/// <see cref="HubEndedException"/>.
/// </para>
/// </remarks>
/// <typeparam name="T">The type of the items.</typeparam>
[DebuggerDisplay("Count = {Count}, Capacity = {Capacity}")]
public sealed class HubQueue<T>
{
    private readonly Slot[] _slots;
    private readonly HubWaitList _putters = new();
    private readonly PutterWake _putterWake;
    private PaddedIndex _tail; // the next position putters claim
    private PaddedIndex _head; // the next position the consumer takes; written by the consumer only
    private int _getterParked; // 1 while a getter may be parked: the putter that clears it posts the wake
    private Hub? _consumer;
    private HubWaitList.Site? _getters;
    private volatile bool _closed;
    private volatile string? _endedHub;

    /// <summary>Creates a queue that holds at most <paramref name="capacity"/> items.</summary>
    /// <param name="capacity">The most items it holds; at least 1.</param>
    /// <remarks>gevent: <c>Queue(maxsize=capacity)</c>.</remarks>
    public HubQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Slot[capacity];
        _putterWake = new PutterWake(_putters);
        for (var i = 0; i < capacity; i++)
        {
            _slots[i].Sequence = 2L * i;
        }
    }

    /// <summary>The most items the queue holds.</summary>
    /// <remarks>gevent: <c>Queue.maxsize</c>.</remarks>
    public int Capacity => _slots.Length;

    /// <summary>The number of items in the queue at some moment during the call (other threads move it on).</summary>
    /// <remarks>gevent: <c>Queue.qsize()</c>.</remarks>
    public int Count => (int)Math.Clamp(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value), 0, Capacity);

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// Adds an item if there is room, from any thread, without waiting.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <returns>True when added; false when the queue is full.</returns>
    /// <exception cref="QueueClosedException">The queue was closed.</exception>
    /// <exception cref="HubEndedException">The consuming hub ended.</exception>
    /// <remarks>gevent: <c>Queue.put_nowait(item)</c>, which raises <c>Full</c> where this returns false.</remarks>
    public bool TryPut(T item)
    {
        ThrowIfNoConsumer();
        return TryEnqueue(item);
    }

    /// <summary>
    /// Adds an item, waiting while the queue is full: a greenlet suspends (its hub runs on), a thread without a hub
    /// blocks. Raises <see cref="QueueFullException"/> if there is still no room after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <exception cref="QueueFullException">No room before the timeout.</exception>
    /// <exception cref="QueueClosedException">The queue was closed.</exception>
    /// <exception cref="HubEndedException">The consuming hub ended, before the put or while it waited.</exception>
    /// <remarks>gevent: <c>Queue.put(item, timeout=None)</c>.</remarks>
    [Cooperative(nameof(PutAwaitable))]
    public void Put(T item, GreenDuration? timeout = null)
    {
        if (TryPut(item))
        {
            return;
        }

        if (timeout is { Seconds: <= 0 })
        {
            throw new QueueFullException();
        }

        if (Hub.CurrentIfAny is { } hub)
        {
            HubWaitList.BlockMain(hub, "HubQueue.Put", async () =>
            {
                await PutSlow(item, timeout);
                return true;
            });
        }
        else if (!_putters.WaitOnThread(() => TryPut(item), timeout))
        {
            throw new QueueFullException();
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Put"/> instead.</summary>
    /// <param name="item">The item.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask PutAwaitable(T item, GreenDuration? timeout = null) =>
        TryPut(item) ? default : PutSlow(item, timeout);

    /// <summary>Takes the oldest item if there is one, without waiting. Binds the queue to this thread's hub.</summary>
    /// <param name="item">The item taken; the default when there was none.</param>
    /// <returns>True when an item was taken.</returns>
    /// <exception cref="InvalidOperationException">The queue's consuming hub is another thread's.</exception>
    /// <remarks>gevent: <c>Queue.get_nowait()</c>, which raises <c>Empty</c> where this returns false.</remarks>
    public bool TryGet(out T item)
    {
        EnsureConsumer();
        return TryDequeue(out item);
    }

    /// <summary>
    /// Takes the oldest item, suspending the calling greenlet while the queue is empty. Binds the queue to this thread's
    /// hub. Once the queue is closed, takes what is left, then raises <see cref="QueueClosedException"/>.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <returns>The item.</returns>
    /// <exception cref="QueueEmptyException">No item before the timeout.</exception>
    /// <exception cref="QueueClosedException">The queue was closed and is drained.</exception>
    /// <exception cref="InvalidOperationException">The queue's consuming hub is another thread's.</exception>
    /// <remarks>gevent: <c>Queue.get(timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public T Get(GreenDuration? timeout = null)
    {
        if (TryGet(out var item))
        {
            return item;
        }

        if (_closed)
        {
            return TryDequeue(out item) ? item : throw new QueueClosedException();
        }

        return timeout is { Seconds: <= 0 } ? throw new QueueEmptyException() : HubWaitList.BlockMain(Hub.Current, "HubQueue.Get", () => GetSlow(timeout));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<T> GetAwaitable(GreenDuration? timeout = null) =>
        TryGet(out var item) ? new GreenTask<T>(item) : GetSlow(timeout);

    /// <summary>
    /// From any thread: closes the queue. Later puts raise <see cref="QueueClosedException"/>; gets take what is
    /// left, then raise it; waiting putters and getters wake and raise it.
    /// </summary>
    /// <remarks>gevent: <c>Queue.shutdown()</c> (newer gevent versions), with the items kept for getters.</remarks>
    public void Close()
    {
        _closed = true;
        Interlocked.MemoryBarrier();
        _putters.WakeAll();
        WakeGetter();
    }

    /// <inheritdoc/>
    public override string ToString() => $"HubQueue({Count}/{Capacity}{(_closed ? ", closed" : string.Empty)})";

    private async GreenTask PutSlow(T item, GreenDuration? timeout)
    {
        var hub = Hub.Current;
        var deadline = HubWaitList.Deadline(hub, timeout);
        while (true)
        {
            var site = _putters.Arm(hub); // a full fence: the look below sees a slot the consumer freed before it
            if (TryPut(item))
            {
                return;
            }

            if (HubWaitList.Left(hub, deadline) is <= 0 || !await site.Park(HubWaitList.Left(hub, deadline)))
            {
                ThrowIfNoConsumer();
                throw new QueueFullException();
            }
        }
    }

    private async GreenTask<T> GetSlow(GreenDuration? timeout)
    {
        var hub = Hub.Current;
        var deadline = HubWaitList.Deadline(hub, timeout);
        var site = _getters!;
        while (true)
        {
            Interlocked.Exchange(ref _getterParked, 1); // a full fence: a putter that published before it is seen below
            if (TryDequeue(out var item))
            {
                return item;
            }

            if (_closed)
            {
                return TryDequeue(out item) ? item : throw new QueueClosedException();
            }

            if (HubWaitList.Left(hub, deadline) is <= 0 || !await site.Park(HubWaitList.Left(hub, deadline)))
            {
                throw new QueueEmptyException();
            }
        }
    }

    private bool TryEnqueue(T item)
    {
        if (_closed)
        {
            throw new QueueClosedException();
        }

        var slots = _slots;
        var position = Volatile.Read(ref _tail.Value);
        while (true)
        {
            ref var slot = ref slots[(int)((ulong)position % (ulong)slots.Length)];
            var gap = Volatile.Read(ref slot.Sequence) - (2 * position);
            if (gap == 0)
            {
                var seen = Interlocked.CompareExchange(ref _tail.Value, position + 1, position);
                if (seen == position)
                {
                    slot.Item = item;
                    Interlocked.Exchange(ref slot.Sequence, (2 * position) + 1); // publishes, and fences before the getter's flag is read
                    if (Volatile.Read(ref _getterParked) != 0 && Interlocked.Exchange(ref _getterParked, 0) != 0)
                    {
                        WakeGetter();
                    }

                    return true;
                }

                position = seen;
            }
            else if (gap < 0)
            {
                return false; // the slot still holds the item put one lap ago: full
            }
            else
            {
                position = Volatile.Read(ref _tail.Value);
            }
        }
    }

    private bool TryDequeue(out T item)
    {
        var slots = _slots;
        var position = _head.Value;
        ref var slot = ref slots[(int)((ulong)position % (ulong)slots.Length)];
        if (Volatile.Read(ref slot.Sequence) != (2 * position) + 1)
        {
            item = default!;
            return false; // empty, or the putter that claimed it has not published yet (it will wake the getter)
        }

        item = slot.Item;
        slot.Item = default!;
        Volatile.Write(ref _head.Value, position + 1);
        Interlocked.Exchange(ref slot.Sequence, 2 * (position + slots.Length)); // frees the slot, and fences before the putters are read
        if (_putters.HasWaiters && !_putterWake.IsQueued)
        {
            if (_consumer!.InLoop)
            {
                // One wake for every slot freed in this turn: it runs when the consumer yields or parks.
                _putterWake.IsQueued = true;
                _consumer.Enqueue(_putterWake);
            }
            else
            {
                _putters.WakeAll();
            }
        }

        return true;
    }

    private void WakeGetter() => Volatile.Read(ref _getters)?.Wake(); // a post through the consuming hub's doorbell, unless on it

    private void EnsureConsumer()
    {
        var consumer = _consumer;
        if (consumer is not null && Environment.CurrentManagedThreadId == consumer.ThreadId)
        {
            return;
        }

        var hub = Hub.Current;
        if (consumer is null && Interlocked.CompareExchange(ref _consumer, hub, null) is null)
        {
            Volatile.Write(ref _getters, new HubWaitList.Site(hub));
            hub.OnEnd(OnConsumerEnded);
            return;
        }

        throw new InvalidOperationException($"This HubQueue is consumed by {_consumer!.Name}; a queue has one consuming hub. Give each consuming hub its own queue.");
    }

    private void OnConsumerEnded()
    {
        _endedHub = _consumer!.Name;
        Interlocked.MemoryBarrier();
        _putters.WakeAll();
    }

    private void ThrowIfNoConsumer()
    {
        if (_endedHub is { } name)
        {
            throw new HubEndedException($"The consuming hub of this HubQueue, {name}, has ended: nothing will take the item.", name);
        }
    }

    /// <summary>Wakes the putters once for all the slots the consumer freed in one turn.</summary>
    private sealed class PutterWake(HubWaitList putters) : IHubRunnable
    {
        public bool IsQueued { get; set; }

        public void RunOnHub(Hub hub)
        {
            IsQueued = false;
            putters.WakeAll();
        }
    }

    /// <summary>
    /// An item and its state: 2p when free for position p, 2p + 1 once the item of position p is in (a bounded queue
    /// after Vyukov, with the two states apart even when the capacity is 1).
    /// </summary>
    private struct Slot
    {
        public long Sequence;
        public T Item;
    }
}

/// <summary>A position on a cache line of its own, so that putters and the consumer do not share one (outside the
/// generic queue: the runtime refuses an explicit layout in a generic type).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedIndex
{
    [FieldOffset(64)]
    public long Value;
}
