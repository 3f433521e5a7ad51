namespace Greenlets;

/// <summary>Forwards a Task's completion to a hub: the continuation only reads the outcome and rings the doorbell.</summary>
internal static class TaskCompletionForwarder
{
    /// <summary>
    /// On the hub's thread: a result that <paramref name="task"/>'s completion will deliver to <paramref name="hub"/>.
    /// Unless the hub completes the task itself (<see cref="Greenlet.AsTask"/>), it is outside work that holds a
    /// virtual clock until it is done.
    /// </summary>
    public static CrossThreadResult<T> Start<T>(Hub hub, Task task, Func<Task, T> outcome)
    {
        var result = new CrossThreadResult<T>(hub, isOutsideWork: !ReferenceEquals(task.AsyncState, hub));
        task.ContinueWith(
            static (completed, state) =>
            {
                var (result, outcome) = ((CrossThreadResult<T>, Func<Task, T>))state!;
                if (result.IsWithdrawn)
                {
                    return;
                }

                try
                {
                    result.TrySetResult(outcome(completed));
                }
                catch (Exception exception)
                {
                    result.TrySetException(exception);
                }
            },
            (result, outcome),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return result;
    }
}
