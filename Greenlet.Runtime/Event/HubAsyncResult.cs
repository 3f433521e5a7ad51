using System.ComponentModel;
using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// A value (or an exception) that any thread sets, and greenlets of any hub, and threads, wait for: the answer to a
/// request sent to another hub. Every waiter receives the same value, or the same exception rethrown.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>
/// <para>gevent: <c>gevent.event.AsyncResult</c> set from another thread, which gevent does not support; its closest is
/// <c>gevent.threadpool.ThreadResult</c>. Within one hub, <see cref="AsyncResult{T}"/> is cheaper.</para>
/// <para>A wait suspends only the calling greenlet. Plain code on a thread that has a hub runs the hub meanwhile; a
/// thread without a hub blocks. A set after the first replaces the outcome for later readers, as gevent's does.</para>
/// </remarks>
public sealed class HubAsyncResult<T>
{
    private readonly HubEvent _ready = new();
    private volatile Outcome? _outcome;

    /// <summary>Whether a value or an exception has been set.</summary>
    /// <remarks>gevent: <c>AsyncResult.ready()</c>.</remarks>
    public bool IsReady => _outcome is not null;

    /// <summary>Whether a value (not an exception) has been set.</summary>
    /// <remarks>gevent: <c>AsyncResult.successful()</c>.</remarks>
    public bool IsSuccessful => _outcome is { Failure: null };

    /// <summary>From any thread: stores the value and wakes every waiter. Never switches.</summary>
    /// <param name="value">The value.</param>
    /// <remarks>gevent: <c>AsyncResult.set(value=None)</c>.</remarks>
    public void Set(T value)
    {
        _outcome = new Outcome(value, null);
        _ready.Set();
    }

    /// <summary>From any thread: stores an exception that every waiter will rethrow, and wakes them all.</summary>
    /// <param name="exception">The exception.</param>
    /// <remarks>gevent: <c>AsyncResult.set_exception(exception)</c>.</remarks>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _outcome = new Outcome(default!, ExceptionDispatchInfo.Capture(exception));
        _ready.Set();
    }

    /// <summary>
    /// Returns the value, or rethrows the stored exception, waiting until one is set; raises <see cref="GreenTimeout"/>
    /// if none is by <paramref name="timeout"/>.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="GreenTimeout">Nothing was set before the timeout.</exception>
    /// <remarks>gevent: <c>AsyncResult.get(timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public T Get(GreenDuration? timeout = null) => _ready.Wait(timeout) ? Read() : throw new GreenTimeout(timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<T> GetAwaitable(GreenDuration? timeout = null) =>
        _outcome is not null ? new GreenTask<T>(Read()) : GetSlow(timeout);

    /// <summary>Waits until the result is set or <paramref name="timeout"/> passes; never raises the stored exception.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>Whether the result is ready.</returns>
    /// <remarks>gevent: <c>AsyncResult.wait(timeout=None)</c>, which returns the value instead.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public bool Wait(GreenDuration? timeout = null) => _ready.Wait(timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<bool> WaitAwaitable(GreenDuration? timeout = null) => _ready.WaitAwaitable(timeout);

    private async GreenTask<T> GetSlow(GreenDuration? timeout) =>
        await _ready.WaitAwaitable(timeout) ? Read() : throw new GreenTimeout(timeout);

    private T Read()
    {
        var outcome = _outcome!;
        outcome.Failure?.Throw();
        return outcome.Value;
    }

    private sealed record Outcome(T Value, ExceptionDispatchInfo? Failure);
}
