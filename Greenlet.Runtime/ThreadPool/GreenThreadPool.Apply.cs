using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public sealed partial class GreenThreadPool
{
    /// <summary>
    /// Runs <paramref name="work"/> on a worker and waits (cooperatively) for it; other greenlets run meanwhile.
    /// Its exception is rethrown here with the worker's stack.
    /// </summary>
    /// <param name="work">Blocking work; it must not touch greenlets or the hub.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes. Work that started keeps running.</param>
    /// <exception cref="GreenTimeout">The work did not finish in time.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed or killed.</exception>
    /// <remarks>gevent: <c>ThreadPool.apply(func)</c>.</remarks>
    [Cooperative(nameof(ApplyAwaitable), HasOffHubDelegates = true)]
    public void Apply(Action work, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        hub.BeginBlockingCall("GreenThreadPool.Apply");
        ApplyAwaitable(work, timeout).Block(hub);
    }

    /// <summary>Runs <paramref name="work"/> on a worker, waits (cooperatively) for it and returns its result; see <see cref="Apply(Action, GreenDuration?)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Blocking work; it must not touch greenlets or the hub.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    /// <exception cref="GreenTimeout">The work did not finish in time.</exception>
    /// <remarks>gevent: <c>ThreadPool.apply(func)</c>.</remarks>
    [Cooperative(nameof(ApplyAwaitable), HasOffHubDelegates = true)]
    public T Apply<T>(Func<T> work, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        hub.BeginBlockingCall("GreenThreadPool.Apply");
        return ApplyAwaitable(work, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply(Action, GreenDuration?)"/> instead.</summary>
    /// <param name="work">Blocking work.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable ApplyAwaitable(Action work, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        CrossThreadResult<VoidResult>.ThrowIfInvalid(timeout.InSeconds());
        return new GreenAwaitable(Queue(() =>
        {
            work();
            return default(VoidResult);
        }, null).Park(timeout.InSeconds()));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T}(Func{T}, GreenDuration?)"/> instead.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Blocking work.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<T> ApplyAwaitable<T>(Func<T> work, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        CrossThreadResult<T>.ThrowIfInvalid(timeout.InSeconds());
        return new GreenAwaitable<T>(Queue(work, null).Park(timeout.InSeconds()));
    }

    /// <summary>
    /// Queues <paramref name="work"/> for a worker and returns at once, without switching. The result is set on this
    /// hub when the work finishes: its value, or its exception. Until then the hub waits for it rather than report
    /// that it would block forever.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Blocking work; it must not touch greenlets or the hub.</param>
    /// <returns>The result to wait on.</returns>
    /// <remarks>gevent: <c>ThreadPool.spawn(func)</c>.</remarks>
    public AsyncResult<T> Spawn<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new AsyncResult<T>();
        Queue(work, result);
        return result;
    }

    /// <summary>Queues <paramref name="work"/> for a worker and returns at once; the result is set (to null) when it finishes.</summary>
    /// <param name="work">Blocking work; it must not touch greenlets or the hub.</param>
    /// <returns>The result to wait on.</returns>
    /// <remarks>gevent: <c>ThreadPool.spawn(func)</c>.</remarks>
    public AsyncResult Spawn(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new AsyncResult();
        Queue<object?>(() =>
        {
            work();
            return null;
        }, result);
        return result;
    }

    private CrossThreadResult<T> Queue<T>(Func<T> work, AsyncResult<T>? sink)
    {
        var hub = Hub.Current;
        if (sink is null && hub.Running is null)
        {
            throw new InvalidOperationException("A hub callback cannot wait. Spawn a greenlet for work that waits.");
        }

        var result = new CrossThreadResult<T>(hub, sink);
        try
        {
            Submit(new PoolWork<T>(work, result));
        }
        catch
        {
            result.Withdraw();
            throw;
        }

        return result;
    }

    /// <summary>One item of work and where its outcome goes.</summary>
    private abstract class PoolWork
    {
        /// <summary>On a worker: runs the work, unless its waiter gave up first, and posts the outcome.</summary>
        public abstract void Run();

        /// <summary>Ends work that will never run.</summary>
        public abstract void Fail(Exception exception);
    }

    private sealed class PoolWork<T>(Func<T> work, CrossThreadResult<T> result) : PoolWork
    {
        public override void Run()
        {
            if (result.IsWithdrawn)
            {
                return;
            }

            T value;
            try
            {
                value = work();
            }
            catch (Exception exception)
            {
                result.TrySetException(exception);
                return;
            }

            result.TrySetResult(value);
        }

        public override void Fail(Exception exception) => result.TrySetException(exception);
    }
}
