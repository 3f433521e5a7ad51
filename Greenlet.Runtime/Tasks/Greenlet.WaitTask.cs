using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// Waits (cooperatively) until <paramref name="task"/> completes: other greenlets run meanwhile, and the task's
    /// completion reaches this hub through its doorbell, so no hub code ever runs on the thread that completes it.
    /// Rethrows the task's exception as <c>await</c> does (the first one, unwrapped, with its original stack; a
    /// cancelled task raises <see cref="TaskCanceledException"/>). A completed task returns at once, without switching.
    /// </summary>
    /// <param name="task">Any task, e.g. from HttpClient or a database driver.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes. The task itself keeps running.</param>
    /// <exception cref="GreenTimeout">The task did not complete in time.</exception>
    /// <exception cref="GreenletExit">The waiting greenlet was killed; its interest in the task ends there.</exception>
    /// <remarks>gevent: none (gevent has no tasks); the closest is <c>AsyncResult.get(timeout=...)</c>.</remarks>
    [Cooperative(nameof(WaitTaskAwaitable))]
    public static void WaitTask(Task task, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var hub = Hub.Current;
        if (!task.IsCompleted && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("Greenlet.WaitTask");
        }

        WaitTaskAwaitable(task, timeout).Block(hub);
    }

    /// <summary>
    /// Waits (cooperatively) until <paramref name="task"/> completes and returns its result; see
    /// <see cref="WaitTask(Task, GreenDuration?)"/>.
    /// </summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">Any task.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The task's result.</returns>
    /// <exception cref="GreenTimeout">The task did not complete in time.</exception>
    /// <remarks>gevent: none; the closest is <c>AsyncResult.get(timeout=...)</c>.</remarks>
    [Cooperative(nameof(WaitTaskAwaitable))]
    public static T WaitTask<T>(Task<T> task, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var hub = Hub.Current;
        if (!task.IsCompleted && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("Greenlet.WaitTask");
        }

        return WaitTaskAwaitable(task, timeout).Block(hub);
    }

    /// <summary>Waits (cooperatively) until <paramref name="task"/> completes; see <see cref="WaitTask(Task, GreenDuration?)"/>.</summary>
    /// <param name="task">The value task; consumed once, as by <c>await</c>.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: none.</remarks>
    [Cooperative(nameof(WaitTaskAwaitable))]
    public static void WaitTask(ValueTask task, GreenDuration? timeout = null)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        WaitTask(task.AsTask(), timeout);
    }

    /// <summary>Waits (cooperatively) until <paramref name="task"/> completes and returns its result; see <see cref="WaitTask(Task, GreenDuration?)"/>.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The value task; consumed once, as by <c>await</c>.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The task's result.</returns>
    /// <remarks>gevent: none.</remarks>
    [Cooperative(nameof(WaitTaskAwaitable))]
    public static T WaitTask<T>(ValueTask<T> task, GreenDuration? timeout = null) =>
        task.IsCompleted ? task.GetAwaiter().GetResult() : WaitTask(task.AsTask(), timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitTask(Task, GreenDuration?)"/> instead.</summary>
    /// <param name="task">The task.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable WaitTaskAwaitable(Task task, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return GreenAwaitable.Completed;
        }

        ThrowIfExpired(timeout.InSeconds());
        return new GreenAwaitable(TaskCompletionForwarder.Start(Hub.Current, task, VoidResultOf).Park(timeout.InSeconds()));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitTask{T}(Task{T}, GreenDuration?)"/> instead.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<T> WaitTaskAwaitable<T>(Task<T> task, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            return new GreenAwaitable<T>(task.GetAwaiter().GetResult());
        }

        ThrowIfExpired(timeout.InSeconds());
        return new GreenAwaitable<T>(TaskCompletionForwarder.Start(Hub.Current, task, static t => ((Task<T>)t).GetAwaiter().GetResult()).Park(timeout.InSeconds()));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitTask(ValueTask, GreenDuration?)"/> instead.</summary>
    /// <param name="task">The value task.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable WaitTaskAwaitable(ValueTask task, GreenDuration? timeout = null)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return GreenAwaitable.Completed;
        }

        return WaitTaskAwaitable(task.AsTask(), timeout);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitTask{T}(ValueTask{T}, GreenDuration?)"/> instead.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The value task.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<T> WaitTaskAwaitable<T>(ValueTask<T> task, GreenDuration? timeout = null) =>
        task.IsCompleted ? new GreenAwaitable<T>(task.GetAwaiter().GetResult()) : WaitTaskAwaitable(task.AsTask(), timeout);

    private static VoidResult VoidResultOf(Task task)
    {
        task.GetAwaiter().GetResult();
        return default;
    }

    /// <summary>A timeout of zero or less on a pending task fails at once, as <c>Get(block: false)</c> does.</summary>
    private static void ThrowIfExpired(double? timeout)
    {
        CrossThreadResult<VoidResult>.ThrowIfInvalid(timeout);
        if (timeout is <= 0)
        {
            throw new GreenTimeout(timeout);
        }
    }
}
