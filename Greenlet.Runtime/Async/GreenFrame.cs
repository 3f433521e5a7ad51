using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets.CompilerServices;

/// <summary>The boxed state machine of a nested rewritten call that suspended.</summary>
internal sealed class GreenFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine, TResult> : IFrame<TResult>, IDescribable, ISuspendedFrame
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;
    private readonly Greenlet _owner = Hub.RunningGreenletForRewrittenCode();
    private IResumable? _caller;
    private TResult _result = default!;
    private Exception? _exception;
    private bool _completed;

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

    public TResult GetResult()
    {
        if (_exception is not null)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }

        return _result;
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
        // The caller continues at once on this greenlet: a finished nested call costs no switch. Where the stack is
        // nearly used up, it continues from the trampoline below instead, once the stack has unwound.
        if (_caller is { } caller)
        {
            if (Hub.IsStackLow())
            {
                Hub.Defer(caller);
            }
            else
            {
                caller.Resume();
            }
        }
    }
}
