using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// The hub's FIFO of runnable entries: a growable ring buffer of greenlets, allocation-free in steady state. A hub
/// callback takes its place in the ring as an empty slot and waits in a queue of its own, so the loop switches to a
/// greenlet by a direct call, with no interface dispatch (which turns megamorphic once many [Greenlet] methods run:
/// each is its own greenlet class), and the ring holds one reference per entry.
/// </summary>
/// <remarks>
/// Every switch enqueues and dequeues once, so both are kept to a few instructions: the head and tail are always
/// masked into the array (its length is a power of two), which lets them index it without a bounds check, and giving
/// back a burst's buffer is left to <see cref="TrimIfIdle"/>, called when the loop finds nothing to run.
/// </remarks>
[DebuggerDisplay("Count = {_count}, callbacks = {_callbacks.Count}")]
internal sealed class ReadyQueue
{
    private const int InitialCapacity = 64;
    private const int RetainedCapacity = 4096;

    // Sized up front: an empty Queue allocates its first array on the first callback, which can come long after
    // start-up (the first greenlet death with a link), inside a loop that otherwise allocates nothing.
    private readonly Queue<IHubRunnable> _callbacks = new(InitialCapacity);
    private Slot[] _items = new Slot[InitialCapacity];
    private int _mask = InitialCapacity - 1;
    private int _head;
    private int _tail;
    private int _count;

    public int Count => _count;

    public void Enqueue(Greenlet greenlet)
    {
        // Started (Scheduled) or woken (Ready): a dead greenlet is never queued, and a greenlet woken twice would be.
        Debug.Assert(greenlet.State is GreenletState.Scheduled or GreenletState.Ready, "only a started or woken greenlet joins the ready queue");
        if (_count > _mask)
        {
            Grow();
        }

        SlotAt(_tail).Greenlet = greenlet;
        _tail = (_tail + 1) & _mask;
        _count++;
    }

    public void Enqueue(IHubRunnable item)
    {
        if (item is Greenlet greenlet)
        {
            Enqueue(greenlet);
            return;
        }

        if (_count > _mask)
        {
            Grow();
        }

        _callbacks.Enqueue(item); // its slot in the ring stays empty: that is its place in the order
        _tail = (_tail + 1) & _mask;
        _count++;
        AssertInvariants();
    }

    /// <summary>Takes the first entry: a greenlet, or null when it is a callback (then take it with <see cref="TakeCallback"/>). The queue must not be empty.</summary>
    public Greenlet? Dequeue()
    {
        Debug.Assert(_count > 0, "Dequeue on an empty ready queue");
        AssertInvariants();
        ref var slot = ref SlotAt(_head);
        var greenlet = slot.Greenlet;
        slot.Greenlet = null;
        _head = (_head + 1) & _mask;
        _count--;
        return greenlet;
    }

    /// <summary>The callback whose empty slot <see cref="Dequeue"/> just took.</summary>
    public IHubRunnable TakeCallback()
    {
        // Dequeue just took this callback's empty slot: every other waiting callback still holds one.
        Debug.Assert(_callbacks.Count > 0 && _callbacks.Count <= _count + 1, "a callback is taken only right after Dequeue found its empty slot");
        return _callbacks.Dequeue();
    }

    /// <summary>Copies the first <c>destination.Length</c> entries, in order: a greenlet, or null for a callback's slot. Simulation only.</summary>
    public void CopyFront(Span<Greenlet?> destination)
    {
        Debug.Assert(destination.Length <= _count, "only queued entries are copied");
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = SlotAt((_head + i) & _mask).Greenlet;
        }
    }

    /// <summary>The entry <paramref name="index"/> places from the front (a greenlet, or null for a callback's slot), to reorder in place. Simulation only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Greenlet? FrontAt(int index)
    {
        Debug.Assert(index >= 0 && index < _count, "only queued entries are reordered");
        return ref SlotAt((_head + index) & _mask).Greenlet;
    }

    /// <summary>
    /// Puts <paramref name="entries"/> back in place of the first entries, in their new order (Simulation.ArrangePass).
    /// Callbacks' empty slots may move among the greenlets; the callbacks keep their own order.
    /// </summary>
    public void ReplaceFront(ReadOnlySpan<Greenlet?> entries)
    {
        Debug.Assert(entries.Length <= _count, "only queued entries are replaced");
        for (var i = 0; i < entries.Length; i++)
        {
            SlotAt((_head + i) & _mask).Greenlet = entries[i];
        }

        AssertInvariants();
    }

    /// <summary>When the queue is empty after a burst (a million spawns), gives back its buffer rather than keep it for the life of the hub.</summary>
    public void TrimIfIdle()
    {
        AssertInvariants();
        if (_count == 0 && _items.Length > RetainedCapacity)
        {
            _items = new Slot[RetainedCapacity];
            _mask = RetainedCapacity - 1;
            _head = 0;
            _tail = 0;
        }
    }

    /// <summary>
    /// Debug builds: the count is within the ring and matches head and tail, and every callback has its empty slot (so
    /// there are never more callbacks than entries, and none are left once the ring is empty).
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_count >= 0 && _count <= _items.Length, "the count is within the ring");
        Debug.Assert(((_head + _count) & _mask) == _tail, "head + count is the tail");
        Debug.Assert(_callbacks.Count <= _count, "every waiting callback holds an empty slot of the ring");
    }

    /// <summary>The slot at <paramref name="index"/>, which is always masked into the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot SlotAt(int index) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), index);

    private void Grow()
    {
        var bigger = new Slot[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & _mask];
        }

        _items = bigger;
        _mask = bigger.Length - 1;
        _head = 0;
        _tail = _count;
    }

    // A struct around the reference: a store into Slot[] needs no array covariance check (StelemRef_Helper).
    private struct Slot
    {
        public Greenlet? Greenlet;
    }
}
