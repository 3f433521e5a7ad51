using System.Collections;
using System.ComponentModel;

namespace Greenlets;

/// <summary>
/// Yields greenlets as they finish, in completion order; each step waits (cooperatively) for the next one.
/// Single use, like gevent's iterator. In a <see cref="GreenletAttribute">[Greenlet]</see> method a <c>foreach</c>
/// over it suspends the greenlet between items; in plain code it blocks the main greenlet.
/// </summary>
/// <remarks>gevent: the iterator returned by <c>gevent.iwait(objects, timeout=None, count=None)</c>.</remarks>
public sealed class GreenletIterator : IEnumerable<Greenlet>, IEnumerator<Greenlet>, IAsyncDisposable, ILinkTarget, IWaitSource<bool>
{
    private readonly Hub _hub;
    private readonly List<Greenlet> _pending;
    private readonly Queue<Greenlet> _finished = new();
    private readonly long? _deadline;
    private int _remaining;
    private Greenlet? _waiter;
    private int _token;
    private bool _enumerated;
    private Greenlet? _current;

    internal GreenletIterator(Hub hub, IEnumerable<Greenlet> greenlets, double? timeout, int? count)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        _hub = hub;
        _pending = greenlets.ToList();
        if (_pending.Contains(null!))
        {
            throw new ArgumentException("The greenlets must not contain null.", nameof(greenlets));
        }

        if (count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative.");
        }

        _remaining = Math.Min(count ?? _pending.Count, _pending.Count);
        _deadline = timeout is { } seconds ? hub.Now.Ticks + Hub.SecondsToTicks(seconds) : null;
        foreach (var greenlet in _pending)
        {
            greenlet.AddLinkTarget(this); // finished ones report at once, in the order given
        }
    }

    /// <summary>The greenlet that finished last.</summary>
    public Greenlet Current => _current ?? throw new InvalidOperationException("Call MoveNext first.");

    object IEnumerator.Current => Current;

    /// <summary>Returns this iterator: it can be enumerated once.</summary>
    /// <returns>This iterator.</returns>
    public GreenletIterator GetEnumerator()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A greenlet iterator can be enumerated only once.");
        }

        _enumerated = true;
        return this;
    }

    IEnumerator<Greenlet> IEnumerable<Greenlet>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The form of <see cref="GetEnumerator"/> that rewritten code's <c>foreach</c> uses.</summary>
    /// <returns>This iterator.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenletIterator GetAsyncEnumerator() => GetEnumerator();

    /// <summary>Waits for the next greenlet to finish; false when all (or <c>count</c>) have, or the timeout passed.</summary>
    /// <returns>Whether <see cref="Current"/> holds a newly finished greenlet.</returns>
    [Cooperative(nameof(MoveNextAsync))]
    public bool MoveNext()
    {
        if (TryTake())
        {
            return true;
        }

        if (_remaining > 0)
        {
            _hub.BeginBlockingCall("GreenletIterator.MoveNext"); // before parking: plain code inside a greenlet must not park it
        }

        return MoveNextAsync().Block(_hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="MoveNext"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> MoveNextAsync()
    {
        if (TryTake())
        {
            return new GreenAwaitable<bool>(true);
        }

        var remainingTicks = _deadline - _hub.Now.Ticks;
        if (_remaining == 0 || remainingTicks <= 0)
        {
            Dispose();
            return new GreenAwaitable<bool>(false);
        }

        var waiter = _hub.Running ?? throw new InvalidOperationException("A hub callback cannot wait. Spawn a greenlet for work that waits.");
        _waiter = waiter;
        _token = waiter.WaitToken;
        if (remainingTicks is { } ticks)
        {
            _hub.AddTimer(ticks / (double)TimeSpan.TicksPerSecond, waiter, waiter.WaitToken);
        }

        _hub.Park(waiter);
        return new GreenAwaitable<bool>(this);
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
    {
        _waiter = null;
        waiter.ThrowIfInterrupted();
        if (TryTake())
        {
            return true;
        }

        Dispose(); // the timeout passed
        return false;
    }

    void ILinkTarget.OnLinkedGreenletDone(Greenlet greenlet)
    {
        _finished.Enqueue(greenlet);
        if (_waiter is { } waiter && waiter.IsParkedIn(_token))
        {
            _hub.Wake(waiter);
        }
    }

    /// <summary>Stops listening for the greenlets that have not finished.</summary>
    public void Dispose()
    {
        foreach (var greenlet in _pending)
        {
            if (!greenlet.IsDead)
            {
                greenlet.RemoveLinkTarget(this);
            }
        }

        _remaining = 0;
    }

    /// <summary>The form of <see cref="Dispose"/> that rewritten code's <c>foreach</c> uses; completes at once.</summary>
    /// <returns>A completed task.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Does nothing: the iterator cannot restart.</summary>
    void IEnumerator.Reset() => throw new NotSupportedException("A greenlet iterator cannot restart.");

    private bool TryTake()
    {
        if (_remaining == 0 || !_finished.TryDequeue(out var next))
        {
            return false;
        }

        _current = next;
        _remaining--;
        return true;
    }
}
