using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// Supplies the outcome of a cooperative operation to a greenlet that parked on it, once it resumes.
/// The source also undoes its registration when the wait ended some other way (timeout, kill).
/// </summary>
internal interface IWaitSource<out T>
{
    /// <summary>Called as the waiter resumes. <paramref name="state"/> is what the operation recorded when it parked.</summary>
    T GetResult(Greenlet waiter, int state);

    /// <summary>
    /// The outcome without the waiter, called while no interrupt is pending anywhere: <paramref name="known"/> is true
    /// when it needs nothing else of the waiter (a result that is ready, a greenlet that finished), so the resume
    /// need not look the waiter up (a thread-static read). Otherwise <see cref="GetResult"/> is called.
    /// </summary>
    T GetOutcome(int state, out bool known)
    {
        known = false;
        return default!;
    }
}

/// <summary>
/// The awaitable form of a cooperative operation that returns nothing. By the time it is returned,
/// the operation has either completed or parked the running greenlet.
/// </summary>
/// <remarks>
/// Only Greenlet's operations make these. A <c>default</c> instance is not a completed operation: it stands for a
/// greenlet that has already parked, and awaiting one that was not produced by a park throws.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaitable
{
    // Null: parked on something with no outcome of its own (sleep, join); the commonest park carries no reference,
    // so the state machine's copy of its awaiter is a plain store with no GC write barrier.
    // CompletedWait.Instance: completed without parking. Anything else: parked on that source.
    private readonly IWaitSource<VoidResult>? _source;

    /// <summary>Parked on <paramref name="parkedOn"/>. The waiter is found again on resume, not stored in every state machine.</summary>
    internal GreenAwaitable(IWaitSource<VoidResult> parkedOn) => _source = parkedOn;

    internal static GreenAwaitable Completed => new(CompletedWait.Instance);

    /// <summary>
    /// The running greenlet parked (or yielded) on something with no outcome of its own (sleep, join): resuming only
    /// raises its interrupt, if any, and finds the greenlet only when some interrupt is pending.
    /// </summary>
    internal static GreenAwaitable ParkedRunning => default;

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenAwaiter GetAwaiter() => new(_source);

    /// <summary>Blocks the main greenlet until the operation completes: the hub runs meanwhile.</summary>
    internal void Block(Hub hub)
    {
        if (_source is null)
        {
            hub.BlockMain();
            hub.Main.ThrowIfInterrupted();
        }
        else if (!ReferenceEquals(_source, CompletedWait.Instance))
        {
            hub.BlockMain();
            _source.GetResult(hub.Main, 0);
        }
    }
}

/// <summary>The source of <see cref="GreenAwaitable.Completed"/>: it marks an operation that never parked, and is never asked for an outcome.</summary>
internal sealed class CompletedWait : IWaitSource<VoidResult>
{
    public static readonly CompletedWait Instance = new();

    private CompletedWait()
    {
    }

    public VoidResult GetResult(Greenlet waiter, int state) => default;
}

/// <summary>Awaits a <see cref="GreenAwaitable"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaiter : ICriticalNotifyCompletion, IParkAwaiter
{
    private readonly IWaitSource<VoidResult>? _source;

    internal GreenAwaiter(IWaitSource<VoidResult>? source) => _source = source;

    /// <summary>True when the operation completed without parking.</summary>
    public bool IsCompleted => ReferenceEquals(_source, CompletedWait.Instance);

    /// <summary>Raises the exception the greenlet was interrupted with (kill, timeout), or the operation's own failure.</summary>
    public void GetResult()
    {
        if (_source is null)
        {
            // The common case (sleep, join): nothing to raise unless an interrupt is pending somewhere.
            if (Greenlet.AnyInterruptPending)
            {
                Hub.RunningGreenletForRewrittenCode().ThrowIfInterrupted();
            }
        }
        else if (!ReferenceEquals(_source, CompletedWait.Instance))
        {
            _source.GetResult(Hub.RunningGreenletForRewrittenCode(), 0);
        }
    }

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}

/// <summary>
/// The awaitable form of a cooperative operation that returns a value. By the time it is returned,
/// the operation has either completed with its value or parked the running greenlet.
/// </summary>
/// <typeparam name="T">The operation's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaitable<T>
{
    private readonly IWaitSource<T>? _source;
    private readonly T _value;
    private readonly int _state;

    internal GreenAwaitable(T value)
    {
        _source = null;
        _value = value;
        _state = 0;
    }

    internal GreenAwaitable(IWaitSource<T> parkedOn, int state = 0)
    {
        _source = parkedOn;
        _value = default!;
        _state = state;
    }

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenAwaiter<T> GetAwaiter() => new(_source, _value, _state);

    /// <summary>Whether it completed without parking.</summary>
    internal bool IsCompleted => _source is null;

    /// <summary>Blocks the main greenlet until the operation completes: the hub runs meanwhile.</summary>
    internal T Block(Hub hub)
    {
        if (_source is null)
        {
            return _value;
        }

        hub.BlockMain();
        return _source.GetResult(hub.Main, _state);
    }

    /// <summary>
    /// Collects the outcome for <paramref name="waiter"/> once it has resumed, when the operation was one of several
    /// the greenlet parked on at once (a select): it frees the operation's registration if it is still held.
    /// </summary>
    internal T GetResultFor(Greenlet waiter) => _source is null ? _value : _source.GetResult(waiter, _state);
}

/// <summary>Awaits a <see cref="GreenAwaitable{T}"/>.</summary>
/// <typeparam name="T">The operation's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaiter<T> : ICriticalNotifyCompletion, IParkAwaiter
{
    private readonly IWaitSource<T>? _source;
    private readonly T _value;
    private readonly int _state;

    internal GreenAwaiter(IWaitSource<T>? source, T value, int state)
    {
        _source = source;
        _value = value;
        _state = state;
    }

    /// <summary>True when the operation completed without parking.</summary>
    public bool IsCompleted => _source is null;

    /// <summary>Returns the operation's result, or raises the exception the greenlet was interrupted with.</summary>
    public T GetResult()
    {
        if (_source is null)
        {
            return _value;
        }

        if (!Greenlet.AnyInterruptPending)
        {
            var outcome = _source.GetOutcome(_state, out var known);
            if (known)
            {
                return outcome;
            }
        }

        return _source.GetResult(Hub.RunningGreenletForRewrittenCode(), _state);
    }

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}
