using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// The boxed state machine of a nested rewritten call that suspended. Frames are reused per hub: one goes back to its
/// pool when its result is taken (the awaiting caller's <see cref="GetResult"/>), never before, so a call whose caller
/// never takes the result (a kill before the await, a task dropped) leaves its frame to the collector instead.
/// </summary>
internal sealed class GreenFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine, TResult> : PooledFrame, IFrame<TResult>, IDescribable, ISuspendedFrame
    where TStateMachine : IAsyncStateMachine
{
    [ThreadStatic]
    private static FramePool<GreenFrame<TStateMachine, TResult>>? t_pool;

    public TStateMachine StateMachine = default!;
    private Greenlet _owner;
    private IResumable? _caller; // while the frame is free: the next free frame
    private TResult _result = default!;
    private Exception? _exception;
    private bool _completed;

    private GreenFrame(Greenlet owner) => _owner = owner;

    /// <summary>A frame for a call of the running greenlet: a free one of this hub, or a new one.</summary>
    public static GreenFrame<TStateMachine, TResult> Rent()
    {
        var hub = Hub.Current;
        var owner = hub.Running;
        if (owner is null or MainGreenlet)
        {
            owner = Hub.RunningGreenletForRewrittenCode(); // throws: rewritten code runs only on a greenlet
        }

        if (t_pool is { Head: { } free } pool && ReferenceEquals(pool.Hub, hub))
        {
            pool.Head = Unsafe.As<GreenFrame<TStateMachine, TResult>?>(free._caller);
            pool.Count--;
            free._caller = null;
            free._completed = false;
            free._owner = owner;
            return free;
        }

        return new GreenFrame<TStateMachine, TResult>(owner);
    }

    public Greenlet Owner => _owner;

    public bool IsCompleted => _completed;

    /// <summary>
    /// Runs the call to its next suspension or its end. Resumed from below (the hub, a finished socket operation),
    /// it is also the trampoline that runs what deep calls above it deferred (Hub.Trampoline.cs).
    /// </summary>
    public void Resume()
    {
        var hub = Hub.Current;
        if (!hub.EnterTrampoline())
        {
            StateMachine.MoveNext();
            return;
        }

        try
        {
            StateMachine.MoveNext();
            hub.RunAllDeferred();
        }
        finally
        {
            hub.LeaveTrampoline();
        }
    }

    Type ISuspendedFrame.StateMachineType => typeof(TStateMachine);

    int ISuspendedFrame.State => StateMachineState<TStateMachine>.Read(ref StateMachine);

    string IDescribable.Describe() => StateMachineDescription.Where(StateMachine);

    /// <summary>
    /// Takes the call's outcome: once it has completed, this is the one read its awaiting caller makes, and the frame
    /// goes back to its pool (a stale task is refused before it gets here: <see cref="PooledFrame.IsStale"/>).
    /// </summary>
    public TResult GetResult()
    {
        if (!_completed)
        {
            return _result; // plain code asked before the end (misuse): nothing to take yet, and nothing to free
        }

        var (result, exception) = (_result, _exception);
        Release();
        if (exception is not null)
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        return result;
    }

    /// <summary>Clears the frame and gives it to this hub's pool, unless that is full.</summary>
    private void Release()
    {
        NextVersion(); // from here on, every task of the finished call is stale

        _result = default!;
        _exception = null;
        _caller = null;
        _owner = null!; // a free frame keeps no greenlet alive
        var hub = Hub.Current;
        var pool = t_pool ??= new();
        if (!ReferenceEquals(pool.Hub, hub))
        {
            (pool.Hub, pool.Head, pool.Count) = (hub, null, 0);
        }

        if (pool.Count < FramePool<GreenFrame<TStateMachine, TResult>>.Capacity)
        {
            _caller = pool.Head;
            pool.Head = this;
            pool.Count++;
        }
    }

    public void SetCaller(IResumable caller) => _caller = caller;

    public void Complete(TResult result)
    {
        _result = result;
        Finish();
    }

    public void Fail(Exception exception)
    {
        _exception = exception;
        Finish();
    }

    private void Finish()
    {
        _completed = true;
        StateMachine = default!;
        if (_caller is { } caller)
        {
            Hub.ContinueCaller(caller);
        }
    }
}
