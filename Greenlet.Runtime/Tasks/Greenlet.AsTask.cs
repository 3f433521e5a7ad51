namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// A task that completes when this greenlet dies, for async code that observes it: it succeeds when the greenlet
    /// returns, faults with the greenlet's exception when it fails, and is cancelled when it is killed with
    /// <see cref="GreenletExit"/> (a kill has no value to give). Its continuations run asynchronously, never inside
    /// the hub. Each call links a new task; a dead greenlet gives a completed one. Its <see cref="Task.AsyncState"/> is
    /// the hub that completes it.
    /// </summary>
    /// <returns>The task.</returns>
    /// <remarks>gevent: none (gevent has no tasks); the closest is <c>Greenlet.link(callback)</c>.</remarks>
    public Task AsTask() => GreenletTaskSource<object?>.Observe(this);

    /// <summary>Whether the greenlet ended by a kill with <see cref="GreenletExit"/> (a success in gevent's terms).</summary>
    internal bool DiedOfGreenletExit => State == GreenletState.Dead && _exception is GreenletExit;
}

public partial class Greenlet<T>
{
    /// <summary>
    /// A task that completes with this greenlet's value when it returns; faults and cancellation as for
    /// <see cref="Greenlet.AsTask"/>.
    /// </summary>
    /// <returns>The task.</returns>
    /// <remarks>gevent: none; the closest is <c>Greenlet.link_value(callback)</c>.</remarks>
    public new Task<T> AsTask() => GreenletTaskSource<T>.Observe(this);
}

/// <summary>Completes a task, on the hub, from a greenlet's death; its continuations are queued to the thread pool.</summary>
internal sealed class GreenletTaskSource<T> : TaskCompletionSource<T>, ILinkTarget
{
    // The hub as the task's state: a greenlet of the same hub that waits on the task knows the hub completes it, so
    // the wait is not outside work that should hold a virtual clock (Tasks/Hub.OutsideWork.cs).
    private GreenletTaskSource(Hub hub)
        : base(hub, TaskCreationOptions.RunContinuationsAsynchronously)
    {
    }

    public static Task<T> Observe(Greenlet greenlet)
    {
        var source = new GreenletTaskSource<T>(greenlet.Hub);
        greenlet.AddLinkTarget(source);
        return source.Task;
    }

    public void OnLinkedGreenletDone(Greenlet greenlet)
    {
        if (greenlet.DiedOfGreenletExit)
        {
            TrySetCanceled();
        }
        else if (greenlet.Exception is { } exception)
        {
            TrySetException(exception);
        }
        else
        {
            TrySetResult(greenlet is Greenlet<T> typed ? typed.Value! : (T)greenlet.ValueObject!);
        }
    }
}
