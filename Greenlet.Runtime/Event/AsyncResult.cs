using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// A value (or an exception) that arrives later, once: greenlets wait for it with <see cref="Get(bool, GreenDuration?)"/>.
/// Every waiter receives the same value, or the same exception rethrown with its original stack.
/// Pass it to <see cref="Greenlet.Link{T}(AsyncResult{T})"/> to receive a greenlet's outcome.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>gevent: <c>gevent.event.AsyncResult</c>.</remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public class AsyncResult<T> : IWaitSource<T>
{
    private WaiterQueue<NoPayload> _waiters;
    private T _value = default!;
    private Exception? _exception;
    private bool _ready;

    // The outcome without the value: its ToString is the user's code, which may throw.
    private string DebuggerDisplay =>
        $"{(!_ready ? "Not ready" : _exception is null ? "Ready" : $"Failed with {_exception.GetType().Name}")}, waiting = {_waiters.CountLive()}";

    /// <summary>Whether a value or an exception has been set.</summary>
    /// <remarks>gevent: <c>AsyncResult.ready()</c>.</remarks>
    public bool IsReady => _ready;

    /// <summary>Whether a value (not an exception) has been set.</summary>
    /// <remarks>gevent: <c>AsyncResult.successful()</c>.</remarks>
    public bool IsSuccessful => _ready && _exception is null;

    /// <summary>The value once set successfully; otherwise the default.</summary>
    /// <remarks>gevent: <c>AsyncResult.value</c>.</remarks>
    public T? Value => IsSuccessful ? _value : default;

    /// <summary>The exception once set with <see cref="SetException"/>; otherwise null.</summary>
    /// <remarks>gevent: <c>AsyncResult.exception</c>.</remarks>
    public Exception? Exception => _exception;

    /// <summary>Stores the value and wakes every waiter. Never switches.</summary>
    /// <param name="value">The value.</param>
    /// <remarks>gevent: <c>AsyncResult.set(value=None)</c>.</remarks>
    public void Set(T value)
    {
        _value = value;
        _exception = null;
        Complete();
    }

    /// <summary>Stores an exception that every waiter will rethrow, and wakes them all.</summary>
    /// <param name="exception">The exception.</param>
    /// <remarks>gevent: <c>AsyncResult.set_exception(exception)</c>.</remarks>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _exception = exception;
        Complete();
    }

    /// <summary>
    /// Returns the value, or rethrows the stored exception. Waits (cooperatively) until it is set unless
    /// <paramref name="block"/> is false; raises <see cref="GreenTimeout"/> if it is not set by then.
    /// </summary>
    /// <param name="block">Whether to wait.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The value.</returns>
    /// <remarks>gevent: <c>AsyncResult.get(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public T Get(bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (!_ready && block)
        {
            hub.BeginBlockingCall("AsyncResult.Get");
        }

        return GetAwaitable(block, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get(bool, GreenDuration?)"/> instead.</summary>
    /// <param name="block">Whether to wait.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<T> GetAwaitable(bool block = true, GreenDuration? timeout = null)
    {
        if (_ready)
        {
            return new GreenAwaitable<T>(Outcome());
        }

        if (!block || timeout is { Seconds: <= 0 })
        {
            throw block ? new GreenTimeout(timeout.InSeconds()) : new GreenTimeout(); // no duration, no message: gevent's get(block=False)
        }

        _waiters.ParkRunning(Hub.Current, timeout.InSeconds());
        return new GreenAwaitable<T>(this, WaitTimeoutState.Encode(timeout.InSeconds()));
    }

    /// <summary>Returns the value without waiting, or raises <see cref="GreenTimeout"/> if it is not set.</summary>
    /// <returns>The value.</returns>
    /// <remarks>gevent: <c>AsyncResult.get_nowait()</c>.</remarks>
    public T GetNowait() => _ready ? Outcome() : throw new GreenTimeout();

    /// <summary>Gets the value without waiting, if it has been set successfully.</summary>
    /// <param name="value">The value, when this returns true.</param>
    /// <returns>Whether a value was set (an exception counts as not).</returns>
    public bool TryGet(out T value)
    {
        value = IsSuccessful ? _value : default!;
        return IsSuccessful;
    }

    /// <summary>
    /// Waits (cooperatively) until the result is set or <paramref name="timeout"/> seconds pass; never raises
    /// the stored exception.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>Whether the result is ready.</returns>
    /// <remarks>gevent: <c>AsyncResult.wait(timeout=None)</c>, which returns the value instead.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public bool Wait(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (!_ready && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("AsyncResult.Wait");
        }

        return WaitAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> WaitAwaitable(GreenDuration? timeout = null)
    {
        if (_ready || timeout is { Seconds: <= 0 })
        {
            return new GreenAwaitable<bool>(_ready);
        }

        // Made per park, not kept in a field: most results are awaited with Get, and one field more would make
        // every AsyncResult 72 bytes instead of 64, in a type that is made once per use.
        _waiters.ParkRunning(Hub.Current, timeout.InSeconds());
        return new GreenAwaitable<bool>(new ReadyWait(this));
    }

    /// <summary>Receives a finished greenlet's outcome: its value, or its exception.</summary>
    /// <param name="greenlet">The finished greenlet.</param>
    internal void ReceiveFrom(Greenlet greenlet)
    {
        if (greenlet.Exception is { } exception)
        {
            SetException(exception);
        }
        else
        {
            Set(greenlet.ValueObject is T value ? value : default!);
        }
    }

    T IWaitSource<T>.GetResult(Greenlet waiter, int state)
    {
        waiter.ThrowIfInterrupted();
        return _ready ? Outcome() : throw new GreenTimeout(WaitTimeoutState.Decode(state));
    }

    T IWaitSource<T>.GetOutcome(int state, out bool known)
    {
        known = _ready;
        return _ready ? Outcome() : default!;
    }

    /// <summary>What a greenlet parked in <see cref="WaitAwaitable"/> receives: whether the result is ready.</summary>
    private sealed class ReadyWait(AsyncResult<T> result) : IWaitSource<bool>
    {
        public bool GetResult(Greenlet waiter, int state)
        {
            waiter.ThrowIfInterrupted();
            return result._ready;
        }

        public bool GetOutcome(int state, out bool known)
        {
            known = true;
            return result._ready;
        }
    }

    private void Complete()
    {
        _ready = true;
        _waiters.WakeAll();
    }

    private T Outcome()
    {
        if (_exception is not null)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }

        return _value;
    }
}

/// <summary>An <see cref="AsyncResult{T}"/> holding any value, as gevent's untyped one does.</summary>
/// <remarks>gevent: <c>gevent.event.AsyncResult</c>.</remarks>
public sealed class AsyncResult : AsyncResult<object?>
{
    /// <summary>Sets the result with no value (null), waking every waiter.</summary>
    /// <remarks>gevent: <c>AsyncResult.set()</c>.</remarks>
    public void Set() => Set(null);
}
