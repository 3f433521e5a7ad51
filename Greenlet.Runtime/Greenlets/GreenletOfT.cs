using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>A greenlet whose function returns a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The function's return type.</typeparam>
/// <remarks>gevent: <c>gevent.Greenlet</c>, whose <c>value</c> is the function's result.</remarks>
public abstract partial class Greenlet<T> : Greenlet, IWaitSource<T>
{
    private T _value = default!;

    private protected Greenlet(Hub hub)
        : base(hub)
    {
    }

    /// <summary>The returned value once the greenlet finished successfully; otherwise the default.</summary>
    /// <remarks>gevent: <c>Greenlet.value</c>.</remarks>
    public T? Value => IsSuccessful ? _value : default;

    private protected override object? BoxedValue => _value;

    private protected void FinishWithValue(T value)
    {
        _value = value;
        Finish(null);
    }

    /// <summary>
    /// Returns the value, or rethrows the greenlet's exception with its original stack. Blocks (cooperatively)
    /// until the greenlet finishes unless <paramref name="block"/> is false; raises <see cref="GreenTimeout"/>
    /// if it is not ready by then.
    /// </summary>
    /// <param name="block">Whether to wait for the greenlet to finish.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The greenlet's value (the default if it was killed).</returns>
    /// <remarks>gevent: <c>Greenlet.get(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    [OverloadResolutionPriority(1)]
    public new T Get(bool block = true, GreenDuration? timeout = null)
    {
        EnsureCanBlock(block, "Greenlet.Get");
        return GetAwaitable(block, timeout).Block(Hub);
    }

    /// <summary>Like <see cref="Get(bool, GreenDuration?)"/>, bounded by a timeout that is already running or is started now.</summary>
    /// <param name="timeout">The timeout that ends the wait by raising itself (or its exception); null waits as long as it takes.</param>
    /// <returns>The greenlet's value.</returns>
    /// <remarks>gevent: <c>Greenlet.get(timeout=Timeout(...))</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public new T Get(GreenTimeout? timeout)
    {
        EnsureCanBlock(block: true, "Greenlet.Get");
        return GetAwaitable(timeout).Block(Hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get(bool, GreenDuration?)"/> instead.</summary>
    /// <param name="block">Whether to wait for the greenlet to finish.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [OverloadResolutionPriority(1)]
    public new GreenAwaitable<T> GetAwaitable(bool block = true, GreenDuration? timeout = null)
    {
        return BeginGetWait(block, timeout.InSeconds()) ? new GreenAwaitable<T>(this, WaitTimeoutState.Encode(timeout.InSeconds())) : new GreenAwaitable<T>(Value!);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get(GreenTimeout)"/> instead.</summary>
    /// <param name="timeout">The timeout that ends the wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public new GreenAwaitable<T> GetAwaitable(GreenTimeout? timeout)
    {
        timeout?.StartIfIdle();
        return GetAwaitable(block: true, timeout: null);
    }

    /// <summary>What a greenlet parked in <see cref="GetAwaitable(bool, GreenDuration?)"/> receives when it resumes.</summary>
    T IWaitSource<T>.GetResult(Greenlet waiter, int state)
    {
        EndGetWait(waiter, state);
        return Value!;
    }

    T IWaitSource<T>.GetOutcome(int state, out bool known)
    {
        known = IsReady;
        if (!known)
        {
            return default!; // woken by the timeout: the joiner registration must be undone, with the waiter
        }

        ThrowIfFailed();
        return Value!;
    }
}
