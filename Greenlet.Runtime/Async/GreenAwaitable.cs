using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Supplies the outcome of a cooperative operation to a greenlet that parked on it, once it resumes.
/// The source also undoes its registration when the wait ended some other way (timeout, kill).
/// </summary>
internal interface IWaitSource<out T>
{
    T GetResult(Greenlet waiter);
}

/// <summary>
/// The awaitable form of a cooperative operation that returns nothing. By the time it is returned,
/// the operation has either completed or parked the running greenlet.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaitable
{
    private readonly bool _parked;

    internal GreenAwaitable(bool parked) => _parked = parked;

    internal static GreenAwaitable Completed => default;

    internal static GreenAwaitable Parked => new(true);

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenAwaiter GetAwaiter() => new(_parked);

    /// <summary>Blocks the main greenlet until the operation completes: the hub runs meanwhile.</summary>
    internal void Block(Hub hub)
    {
        if (_parked)
        {
            hub.BlockMain();
            hub.Main.ThrowIfInterrupted();
        }
    }
}

/// <summary>Awaits a <see cref="GreenAwaitable"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaiter : ICriticalNotifyCompletion, IParkAwaiter
{
    private readonly bool _parked;

    internal GreenAwaiter(bool parked) => _parked = parked;

    /// <summary>True when the operation completed without parking.</summary>
    public bool IsCompleted => !_parked;

    /// <summary>Raises the exception the greenlet was interrupted with (kill, timeout), if any.</summary>
    public void GetResult()
    {
        if (_parked)
        {
            Hub.RunningGreenletForRewrittenCode().ThrowIfInterrupted();
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

    internal GreenAwaitable(T value)
    {
        _source = null;
        _value = value;
    }

    internal GreenAwaitable(IWaitSource<T> parkedOn)
    {
        _source = parkedOn;
        _value = default!;
    }

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenAwaiter<T> GetAwaiter() => new(_source, _value);

    /// <summary>Blocks the main greenlet until the operation completes: the hub runs meanwhile.</summary>
    internal T Block(Hub hub)
    {
        if (_source is null)
        {
            return _value;
        }

        hub.BlockMain();
        return _source.GetResult(hub.Main);
    }
}

/// <summary>Awaits a <see cref="GreenAwaitable{T}"/>.</summary>
/// <typeparam name="T">The operation's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenAwaiter<T> : ICriticalNotifyCompletion, IParkAwaiter
{
    private readonly IWaitSource<T>? _source;
    private readonly T _value;

    internal GreenAwaiter(IWaitSource<T>? source, T value)
    {
        _source = source;
        _value = value;
    }

    /// <summary>True when the operation completed without parking.</summary>
    public bool IsCompleted => _source is null;

    /// <summary>Returns the operation's result, or raises the exception the greenlet was interrupted with.</summary>
    public T GetResult() => _source is null ? _value : _source.GetResult(Hub.RunningGreenletForRewrittenCode());

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}
