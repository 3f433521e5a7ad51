using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// A rewritten call that failed before it suspended, deep in a recursion: the failure travels in the task, not as a
/// throw. Each throw out of a call is raised from inside the callee's catch handler, so a chain of them rethrown level
/// after level keeps every level's exception dispatch on the stack until the outermost handler finishes; where the
/// stack is nearly used up, the call returns a failed task instead, its handler ends, and the caller's await rethrows
/// on the emptied stack.
/// </summary>
internal sealed class FailedCall<TResult> : IFrame<TResult>
{
    private Exception? _exception;

    private FailedCall()
    {
    }

    /// <summary>Throws <paramref name="exception"/> at once, as a call that fails before suspending does, unless the stack is low.</summary>
    public static FailedCall<TResult> OrThrow(Exception exception)
    {
        if (!Hub.IsStackLow())
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        return new FailedCall<TResult>();
    }

    public Greenlet Owner => Hub.RunningGreenletForRewrittenCode();

    public bool IsCompleted => true;

    public TResult GetResult()
    {
        ExceptionDispatchInfo.Throw(_exception!);
        return default;
    }

    public void Fail(Exception exception) => _exception = exception;

    public void SetCaller(IResumable caller) => throw new InvalidOperationException("A failed call has finished; its caller does not wait.");

    public void Complete(TResult result) => throw new InvalidOperationException("A failed call cannot complete.");

    public void Resume() => throw new InvalidOperationException("A failed call is never resumed.");
}
