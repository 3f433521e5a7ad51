using System.Collections;
using System.ComponentModel;
using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// The results of <see cref="Group.Imap{T, TResult}"/> (in the order of the items) or
/// <see cref="Group.ImapUnordered{T, TResult}"/> (in completion order), yielded as they become available. Each step
/// waits (cooperatively) for the next result; a failed item rethrows its exception, with its original stack, when its
/// turn comes, and the enumeration may go on after it. Single use; one greenlet at a time may wait on it.
/// In a <see cref="GreenletAttribute">[Greenlet]</see> method a <c>foreach</c> over it suspends the greenlet between
/// results; in plain code it blocks the main greenlet.
/// </summary>
/// <typeparam name="TResult">The type of the results.</typeparam>
/// <remarks>gevent: <c>gevent._imap.IMap</c> and <c>IMapUnordered</c>, the iterators <c>Pool.imap</c> and <c>Pool.imap_unordered</c> return.</remarks>
public sealed class ImapIterator<TResult> : IEnumerable<TResult>, IEnumerator<TResult>, ILinkTarget, IHubRunnable, IWaitSource<bool>
{
    private readonly Group _group;
    private readonly bool _ordered;
    private readonly Queue<Entry> _completed = new();
    private readonly Dictionary<int, Entry> _byIndex = [];
    private readonly Dictionary<Greenlet, int> _indexOf = [];
    private readonly Queue<Greenlet> _deaths = new();
    private int _nextIndex;
    private int _spawned;
    private int _outstanding;
    private bool _feeding = true;
    private bool _finished;
    private bool _ended;
    private bool _enumerated;
    private Greenlet? _consumer;
    private int _consumerToken;
    private TResult _current = default!;

    private ImapIterator(Group group, bool ordered)
    {
        _group = group;
        _ordered = ordered;
        Greenlet = null!;
    }

    private enum EntryKind : byte
    {
        Value,
        ItemFailure,
        FeederFailure,
        End,
    }

    /// <summary>
    /// The helper greenlet that enumerates the items and spawns them into the group (it is not a member). Kill it to
    /// stop spawning: the iteration then ends with the kill's exception after the results already spawned.
    /// </summary>
    /// <remarks>gevent: the <c>IMap</c>/<c>IMapUnordered</c> object itself, which is a greenlet.</remarks>
    public Greenlet Greenlet { get; private set; }

    /// <summary>The result yielded last.</summary>
    /// <remarks>gevent: the value <c>next(iterator)</c> returned.</remarks>
    public TResult Current => _current;

    object? IEnumerator.Current => _current;

    /// <summary>Returns this iterator: it can be enumerated once.</summary>
    /// <returns>This iterator.</returns>
    /// <remarks>gevent: <c>iter(iterator)</c>, which returns the iterator itself.</remarks>
    public ImapIterator<TResult> GetEnumerator()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("An imap iterator can be enumerated only once.");
        }

        _enumerated = true;
        return this;
    }

    IEnumerator<TResult> IEnumerable<TResult>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The form of <see cref="GetEnumerator"/> that rewritten code's <c>foreach</c> uses.</summary>
    /// <returns>This iterator.</returns>
    /// <remarks>gevent: <c>iter(iterator)</c>, which returns the iterator itself.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ImapIterator<TResult> GetAsyncEnumerator() => GetEnumerator();

    /// <summary>
    /// Waits for the next result; false once every item's result was yielded. Rethrows a failed item's exception
    /// in its turn, and the helper greenlet's failure (such as an exception from the items' enumerator) last.
    /// </summary>
    /// <returns>Whether <see cref="Current"/> holds a new result.</returns>
    /// <remarks>gevent: <c>next(iterator)</c>.</remarks>
    [Cooperative(nameof(MoveNextAsync))]
    public bool MoveNext()
    {
        if (TryTake(out var moved))
        {
            return moved;
        }

        var hub = Hub.Current;
        hub.BeginBlockingCall("ImapIterator.MoveNext");
        return MoveNextAsync().Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="MoveNext"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>next(iterator)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> MoveNextAsync()
    {
        if (TryTake(out var moved))
        {
            return new GreenAwaitable<bool>(moved);
        }

        if (_consumer is { } other && other.IsParkedIn(_consumerToken))
        {
            throw new InvalidOperationException($"{other} is already waiting for this iterator's next result.");
        }

        var consumer = Hub.Current.ParkRunning(null);
        if (consumer.State == GreenletState.Parked) // not woken at once by an interrupt deferred from an earlier wait
        {
            _consumer = consumer;
            _consumerToken = consumer.WaitToken;
        }

        return new GreenAwaitable<bool>(this);
    }

    /// <summary>Does nothing: the greenlets already spawned, and the helper greenlet, keep running (as in gevent).</summary>
    public void Dispose()
    {
    }

    /// <summary>Not supported: the iterator cannot restart.</summary>
    void IEnumerator.Reset() => throw new NotSupportedException("An imap iterator cannot restart.");

    internal static ImapIterator<TResult> Start<T>(Group group, Func<T, Greenlet<TResult>> start, IEnumerable<T> items, bool ordered)
    {
        var iterator = new ImapIterator<TResult>(group, ordered);
        iterator.Greenlet = Greenlets.Greenlet.SpawnTwin(() => iterator.Feed(start, items));
        return iterator;
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
    {
        _consumer = null;
        waiter.ThrowIfInterrupted();
        return TryTake(out var moved)
            ? moved
            : throw new InvalidOperationException("The imap iterator woke its consumer without a result.");
    }

    void ILinkTarget.OnLinkedGreenletDone(Greenlet greenlet)
    {
        // gevent hears of the result in a link callback on the hub's next pass.
        _deaths.Enqueue(greenlet);
        greenlet.Hub.Enqueue(this);
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        var worker = _deaths.Dequeue();
        _indexOf.Remove(worker, out var index);
        _outstanding--;
        var entry = worker.Exception is { } failure
            ? new Entry(EntryKind.ItemFailure, default!, failure)
            : new Entry(EntryKind.Value, ((Greenlet<TResult>)worker).Value!, null);
        Put(index, entry);
        if (!_feeding && _outstanding == 0 && !_finished)
        {
            _finished = true;
            Put(_spawned, new Entry(EntryKind.End, default!, null));
        }

        WakeConsumer(hub);
    }

    /// <summary>The helper greenlet: spawns each item into the group as slots allow (gevent's <c>IMapUnordered._run</c>).</summary>
    private async GreenTask Feed<T>(Func<T, Greenlet<TResult>> start, IEnumerable<T> items)
    {
        try
        {
            foreach (var item in items)
            {
                await _group.AcquireSlotAsync(block: true, timeout: null);
                var worker = _group.StartHeld(start, item);
                _indexOf.Add(worker, _spawned++);
                _outstanding++;
                worker.AddLinkTarget(this);
            }
        }
        catch (Exception exception)
        {
            Finish(exception);
            throw;
        }

        Finish(null);
    }

    private void Finish(Exception? exception)
    {
        _feeding = false;
        if (_finished)
        {
            return;
        }

        if (exception is not null)
        {
            _finished = true;
            Put(_spawned, new Entry(EntryKind.FeederFailure, default!, exception));
        }
        else if (_outstanding == 0)
        {
            _finished = true;
            Put(_spawned, new Entry(EntryKind.End, default!, null));
        }

        WakeConsumer(Hub.Current);
    }

    private void Put(int index, Entry entry)
    {
        if (_ordered)
        {
            _byIndex.Add(index, entry);
        }
        else
        {
            _completed.Enqueue(entry);
        }
    }

    private bool Deliverable => _ended || (_ordered ? _byIndex.ContainsKey(_nextIndex) : _completed.Count > 0);

    private void WakeConsumer(Hub hub)
    {
        if (_consumer is { } consumer && consumer.IsParkedIn(_consumerToken) && Deliverable)
        {
            hub.Wake(consumer);
        }
    }

    /// <summary>Takes the next result if it is there: true with <paramref name="moved"/> set, or rethrows a failure.</summary>
    private bool TryTake(out bool moved)
    {
        moved = false;
        if (_ended)
        {
            return true;
        }

        Entry entry;
        if (_ordered)
        {
            if (!_byIndex.Remove(_nextIndex, out entry))
            {
                return false;
            }

            _nextIndex++;
        }
        else if (!_completed.TryDequeue(out entry))
        {
            return false;
        }

        switch (entry.Kind)
        {
            case EntryKind.Value:
                _current = entry.Value;
                moved = true;
                return true;
            case EntryKind.ItemFailure:
                ExceptionDispatchInfo.Throw(entry.Error!);
                return false;
            case EntryKind.FeederFailure:
                _ended = true;
                ExceptionDispatchInfo.Throw(entry.Error!);
                return false;
            default:
                _ended = true;
                return true;
        }
    }

    private readonly record struct Entry(EntryKind Kind, TResult Value, Exception? Error);
}
