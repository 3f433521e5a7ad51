using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets;

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

    public void Resume() => StateMachine.MoveNext();

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
        // The caller continues at once on this greenlet: a finished nested call costs no switch.
        _caller?.Resume();
    }
}
