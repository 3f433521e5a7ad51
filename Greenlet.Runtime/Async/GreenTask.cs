using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// The result of the rewritten form of a <see cref="GreenletAttribute">[Greenlet]</see> method that returns nothing.
/// Only rewritten code awaits it; its continuations run on the hub's thread, never on the thread pool.
/// </summary>
/// <remarks>gevent: none; a greenlet's function is called directly on its own stack.</remarks>
[AsyncMethodBuilder(typeof(GreenTaskBuilder))]
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTask
{
    internal readonly IFrame<VoidResult>? Frame;
    private readonly int _version; // of a pooled frame: which of its calls this task is (PooledFrame)

    internal GreenTask(IFrame<VoidResult> frame)
        : this(frame, 0)
    {
    }

    internal GreenTask(IFrame<VoidResult> frame, int version)
    {
        Frame = frame;
        _version = version;
    }

    /// <summary>True when the call has finished.</summary>
    public bool IsCompleted => Frame is null || Frame.IsCompleted || PooledFrame.IsStale(Frame, _version);

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenTaskAwaiter GetAwaiter() => new(Frame, _version);
}

/// <summary>
/// The result of the rewritten form of a <see cref="GreenletAttribute">[Greenlet]</see> method that returns a value.
/// A call that finished without suspending carries its value inline and allocates nothing.
/// </summary>
/// <typeparam name="TResult">The method's return type.</typeparam>
/// <remarks>gevent: none; a greenlet's function is called directly on its own stack.</remarks>
[AsyncMethodBuilder(typeof(GreenTaskBuilder<>))]
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTask<TResult>
{
    internal readonly IFrame<TResult>? Frame;
    private readonly TResult _result;
    private readonly int _version; // of a pooled frame: which of its calls this task is (PooledFrame)

    /// <summary>
    /// A task completed with <paramref name="result"/>: what an awaitable form returns when it finished without
    /// waiting (a handler that is not a <c>[Greenlet]</c> method, an operation that went through at once).
    /// </summary>
    /// <param name="result">The result.</param>
    public GreenTask(TResult result)
    {
        Frame = null;
        _result = result;
    }

    internal GreenTask(IFrame<TResult> frame)
        : this(frame, 0)
    {
    }

    internal GreenTask(IFrame<TResult> frame, int version)
    {
        Frame = frame;
        _result = default!;
        _version = version;
    }

    /// <summary>True when the call has finished.</summary>
    public bool IsCompleted => Frame is null || Frame.IsCompleted || PooledFrame.IsStale(Frame, _version);

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenTaskAwaiter<TResult> GetAwaiter() => new(Frame, _result, _version);
}

/// <summary>Marks the awaiters of rewritten calls, so the builder can chain the caller to the callee.</summary>
internal interface IGreenTaskAwaiter
{
    /// <summary>A <see cref="GreenAwaiting.CallerSetter{TAwaiter}"/> of the implementing awaiter's own type.</summary>
    Delegate CallerSetter();
}

/// <summary>Awaits a <see cref="GreenTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTaskAwaiter : ICriticalNotifyCompletion, IGreenTaskAwaiter
{
    private readonly IFrame<VoidResult>? _frame;
    private readonly int _version;

    internal GreenTaskAwaiter(IFrame<VoidResult>? frame, int version)
    {
        _frame = frame;
        _version = version;
    }

    /// <summary>True when the call has finished; also for a task whose result was already taken (then <see cref="GetResult"/> throws).</summary>
    public bool IsCompleted => _frame is null || _frame.IsCompleted || PooledFrame.IsStale(_frame, _version);

    /// <summary>Rethrows the call's failure, if any.</summary>
    /// <exception cref="InvalidOperationException">The task's result was already taken: it is awaited once.</exception>
    public void GetResult()
    {
        if (_frame is not null)
        {
            if (PooledFrame.IsStale(_frame, _version))
            {
                throw PooledFrame.Reused();
            }

            _frame.GetResult();
        }
    }

    Delegate IGreenTaskAwaiter.CallerSetter() =>
        new GreenAwaiting.CallerSetter<GreenTaskAwaiter>(static (ref GreenTaskAwaiter awaiter, IResumable caller) => awaiter._frame!.SetCaller(caller));

    /// <summary>Not supported: only rewritten code awaits Greenlet tasks.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet tasks.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}

/// <summary>Awaits a <see cref="GreenTask{TResult}"/>.</summary>
/// <typeparam name="TResult">The call's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTaskAwaiter<TResult> : ICriticalNotifyCompletion, IGreenTaskAwaiter
{
    private readonly IFrame<TResult>? _frame;
    private readonly TResult _result;
    private readonly int _version;

    internal GreenTaskAwaiter(IFrame<TResult>? frame, TResult result, int version)
    {
        _frame = frame;
        _result = result;
        _version = version;
    }

    /// <summary>True when the call has finished; also for a task whose result was already taken (then <see cref="GetResult"/> throws).</summary>
    public bool IsCompleted => _frame is null || _frame.IsCompleted || PooledFrame.IsStale(_frame, _version);

    /// <summary>Returns the call's result or rethrows its failure.</summary>
    /// <exception cref="InvalidOperationException">The task's result was already taken: it is awaited once.</exception>
    public TResult GetResult() =>
        _frame is null ? _result
        : PooledFrame.IsStale(_frame, _version) ? throw PooledFrame.Reused()
        : _frame.GetResult();

    Delegate IGreenTaskAwaiter.CallerSetter() =>
        new GreenAwaiting.CallerSetter<GreenTaskAwaiter<TResult>>(static (ref GreenTaskAwaiter<TResult> awaiter, IResumable caller) => awaiter._frame!.SetCaller(caller));

    /// <summary>Not supported: only rewritten code awaits Greenlet tasks.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet tasks.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}
