using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// Builds <see cref="GreenTask{TResult}"/> for the compiler. Continuations go only to the hub's own
/// structures: no SynchronizationContext, no thread pool, no ExecutionContext capture.
/// </summary>
/// <typeparam name="TResult">The method's return type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GreenTaskBuilder<TResult>
{
    private IFrame<TResult>? _frame;
    private TResult _result;

    /// <summary>Creates a builder.</summary>
    public static GreenTaskBuilder<TResult> Create() => default;

    /// <summary>
    /// Runs the call to its first suspension, or only boxes it: when a spawn asked for a new greenlet, or when the
    /// stack is nearly used up (the trampoline at the bottom of the turn then starts it).
    /// </summary>
    public void Start<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (Hub.TakeSpawnRequest(out var stackLeft) is { } hub)
        {
            // The state machine becomes the greenlet: one object per spawned greenlet.
            var root = new RootFrame<TStateMachine, TResult>(hub);
            _frame = root;
            root.StateMachine = stateMachine;
            return;
        }

        if (stackLeft < Hub.StackMargin && Hub.IsStackLow())
        {
            // Too deep to run inline: box the call and let the trampoline at the bottom of the turn start it.
            Hub.Defer(CreateFrame(ref stateMachine));
            return;
        }

        stateMachine.MoveNext();
    }

    /// <summary>The task handed to the caller.</summary>
    public GreenTask<TResult> Task => _frame is null ? new GreenTask<TResult>(_result) : new GreenTask<TResult>(_frame, PooledFrame.VersionOf(_frame));

    /// <summary>Completes the call.</summary>
    public void SetResult(TResult result)
    {
        if (_frame is null)
        {
            _result = result;
        }
        else
        {
            _frame.Complete(result);
        }
    }

    /// <summary>
    /// Fails the call. Before any suspension the exception propagates straight to the caller, unless the stack is nearly
    /// used up: then the task carries it, and the caller's await rethrows it.
    /// </summary>
    public void SetException(Exception exception)
    {
        if (_frame is null)
        {
            _frame = FailedCall<TResult>.OrThrow(exception);
        }

        _frame.Fail(exception);
    }

    /// <summary>Not used: frames are created by the builder itself.</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>Suspends the call on a Greenlet awaiter.</summary>
    public void AwaitOnCompleted<TAwaiter, [DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => GreenAwaiting.Suspend<TAwaiter, TStateMachine, TResult>(ref awaiter, _frame ?? CreateFrame(ref stateMachine));

    /// <summary>Suspends the call on a Greenlet awaiter.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, [DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => GreenAwaiting.Suspend<TAwaiter, TStateMachine, TResult>(ref awaiter, _frame ?? CreateFrame(ref stateMachine));

    private IFrame<TResult> CreateFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var frame = GreenFrame<TStateMachine, TResult>.Rent();
        // Set before copying: this builder lives inside the state machine being copied.
        _frame = frame;
        frame.StateMachine = stateMachine;
        return frame;
    }
}

/// <summary>
/// Builds <see cref="GreenTask"/> for the compiler. Not a wrapper of <c>GreenTaskBuilder&lt;VoidResult&gt;</c>: its
/// result field would make every void state machine 8 bytes bigger, in each greenlet and each nested frame (a greenlet
/// parked one void call deep: 184 bytes, 200 as one generic form).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GreenTaskBuilder
{
    private IFrame<VoidResult>? _frame;

    /// <summary>Creates a builder.</summary>
    public static GreenTaskBuilder Create() => default;

    /// <summary>
    /// Runs the call to its first suspension, or only boxes it: when a spawn asked for a new greenlet, or when the
    /// stack is nearly used up (the trampoline at the bottom of the turn then starts it).
    /// </summary>
    public void Start<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (Hub.TakeSpawnRequest(out var stackLeft) is { } hub)
        {
            var root = new RootFrame<TStateMachine>(hub);
            _frame = root;
            root.StateMachine = stateMachine;
            return;
        }

        if (stackLeft < Hub.StackMargin && Hub.IsStackLow())
        {
            // Too deep to run inline: box the call and let the trampoline at the bottom of the turn start it.
            Hub.Defer(CreateFrame(ref stateMachine));
            return;
        }

        stateMachine.MoveNext();
    }

    /// <summary>The task handed to the caller.</summary>
    public GreenTask Task => _frame is null ? default : new GreenTask(_frame, PooledFrame.VersionOf(_frame));

    /// <summary>Completes the call.</summary>
    public void SetResult() => _frame?.Complete(default);

    /// <summary>
    /// Fails the call. Before any suspension the exception propagates straight to the caller, unless the stack is nearly
    /// used up: then the task carries it, and the caller's await rethrows it.
    /// </summary>
    public void SetException(Exception exception)
    {
        if (_frame is null)
        {
            _frame = FailedCall<VoidResult>.OrThrow(exception);
        }

        _frame.Fail(exception);
    }

    /// <summary>Not used: frames are created by the builder itself.</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>Suspends the call on a Greenlet awaiter.</summary>
    public void AwaitOnCompleted<TAwaiter, [DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => GreenAwaiting.Suspend<TAwaiter, TStateMachine, VoidResult>(ref awaiter, _frame ?? CreateFrame(ref stateMachine));

    /// <summary>Suspends the call on a Greenlet awaiter.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, [DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => GreenAwaiting.Suspend<TAwaiter, TStateMachine, VoidResult>(ref awaiter, _frame ?? CreateFrame(ref stateMachine));

    private IFrame<VoidResult> CreateFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var frame = GreenFrame<TStateMachine, VoidResult>.Rent();
        _frame = frame;
        frame.StateMachine = stateMachine;
        return frame;
    }
}
