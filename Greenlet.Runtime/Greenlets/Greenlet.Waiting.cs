using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// Waits (cooperatively) until this greenlet finishes, or until <paramref name="timeout"/> seconds pass.
    /// Returns either way, without raising; check <see cref="IsReady"/> to tell which.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Greenlet.join(timeout=None)</c>.</remarks>
    [Cooperative(nameof(JoinAwaitable))]
    [OverloadResolutionPriority(1)]
    public void Join(GreenDuration? timeout = null)
    {
        EnsureCanBlock(block: true, "Greenlet.Join");
        JoinAwaitable(timeout).Block(Hub);
    }

    /// <summary>Waits until this greenlet finishes, bounded by a timeout that raises itself (or its exception) when it fires.</summary>
    /// <param name="timeout">A timeout, started now if it is not running yet; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Greenlet.join(timeout=Timeout(...))</c>.</remarks>
    [Cooperative(nameof(JoinAwaitable))]
    public void Join(GreenTimeout? timeout)
    {
        EnsureCanBlock(block: true, "Greenlet.Join");
        JoinAwaitable(timeout).Block(Hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Join(GreenDuration?)"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [OverloadResolutionPriority(1)]
    public GreenAwaitable JoinAwaitable(GreenDuration? timeout = null)
    {
        if (IsDead)
        {
            return GreenAwaitable.Completed;
        }

        ParkJoiner(timeout.InSeconds());
        return GreenAwaitable.ParkedRunning;
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Join(GreenTimeout)"/> instead.</summary>
    /// <param name="timeout">A timeout, started now if it is not running yet; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable JoinAwaitable(GreenTimeout? timeout)
    {
        timeout?.StartIfIdle();
        return JoinAwaitable();
    }

    /// <summary>
    /// Returns the value (boxed; null for a greenlet that returns nothing), or rethrows the greenlet's exception with
    /// its original stack. Blocks (cooperatively) until the greenlet finishes unless <paramref name="block"/> is false;
    /// raises <see cref="GreenTimeout"/> if it is not ready by then. <see cref="Greenlet{T}"/> returns the typed value.
    /// </summary>
    /// <param name="block">Whether to wait for the greenlet to finish.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The greenlet's value, boxed.</returns>
    /// <remarks>gevent: <c>Greenlet.get(block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    [OverloadResolutionPriority(1)]
    public object? Get(bool block = true, GreenDuration? timeout = null)
    {
        EnsureCanBlock(block, "Greenlet.Get");
        return GetAwaitable(block, timeout).Block(Hub);
    }

    /// <summary>Like <see cref="Get(bool, GreenDuration?)"/>, bounded by a timeout that is already running or is started now.</summary>
    /// <param name="timeout">The timeout that ends the wait by raising itself (or its exception); null waits as long as it takes.</param>
    /// <returns>The greenlet's value, boxed.</returns>
    /// <remarks>gevent: <c>Greenlet.get(timeout=Timeout(...))</c>.</remarks>
    [Cooperative(nameof(GetAwaitable))]
    public object? Get(GreenTimeout? timeout)
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
    public GreenAwaitable<object?> GetAwaitable(bool block = true, GreenDuration? timeout = null) =>
        BeginGetWait(block, timeout.InSeconds())
            ? new GreenAwaitable<object?>(this, WaitTimeoutState.Encode(timeout.InSeconds()))
            : new GreenAwaitable<object?>(ValueObject);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get(GreenTimeout)"/> instead.</summary>
    /// <param name="timeout">The timeout that ends the wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<object?> GetAwaitable(GreenTimeout? timeout)
    {
        timeout?.StartIfIdle();
        return GetAwaitable(block: true, timeout: null);
    }

    object? IWaitSource<object?>.GetResult(Greenlet waiter, int state)
    {
        EndGetWait(waiter, state);
        return ValueObject;
    }

    object? IWaitSource<object?>.GetOutcome(int state, out bool known)
    {
        known = IsReady;
        if (!known)
        {
            return null;
        }

        ThrowIfFailed();
        return ValueObject;
    }

    /// <summary>Starts a get: false when the outcome is already known (then it is returned or rethrown at once).</summary>
    private protected bool BeginGetWait(bool block, double? timeout)
    {
        if (IsReady)
        {
            ThrowIfFailed();
            return false;
        }

        if (!block)
        {
            throw new GreenTimeout(); // no duration, so no message: as gevent's get(block=False)
        }

        ParkJoiner(timeout);
        return true;
    }

    /// <summary>
    /// Ends a get the greenlet parked in: rethrows an interrupt, a timeout (naming the seconds that
    /// <paramref name="state"/> carries), or this greenlet's failure.
    /// </summary>
    private protected void EndGetWait(Greenlet waiter, int state)
    {
        if (!IsReady)
        {
            RemoveJoiner(waiter);
            waiter.ThrowIfInterrupted();
            throw new GreenTimeout(WaitTimeoutState.Decode(state));
        }

        waiter.ThrowIfInterrupted();
        ThrowIfFailed();
    }

    /// <summary>A plain-code wait on this greenlet is only an error if it would really block.</summary>
    private protected void EnsureCanBlock(bool block, string operation)
    {
        if (block && !IsDead)
        {
            Hub.BeginBlockingCall(operation);
        }
    }

    /// <summary>Parks the running greenlet until this one finishes or the timeout passes.</summary>
    private protected Greenlet ParkJoiner(double? timeout)
    {
        var hub = Hub;
        var waiter = hub.Running ?? throw NotOnGreenlet();
        if (ReferenceEquals(waiter, this))
        {
            throw new InvalidOperationException($"{this} cannot wait for itself.");
        }

        AddJoiner(waiter);
        if (timeout is { } seconds)
        {
            hub.AddTimer(seconds, waiter, waiter.WaitToken);
        }

        hub.Park(waiter);
        return waiter;
    }

    /// <summary>
    /// Raises <paramref name="exception"/> (by default a new <see cref="GreenletExit"/>) in this greenlet at its
    /// suspension point, so its <c>finally</c> blocks and <c>using</c> scopes run. A greenlet killed before it
    /// started never runs. With <paramref name="block"/>, waits up to <paramref name="timeout"/> seconds for it to die.
    /// </summary>
    /// <param name="exception">The exception to raise; null raises <see cref="GreenletExit"/>, which counts as success.</param>
    /// <param name="block">Whether to wait for the greenlet to die.</param>
    /// <param name="timeout">The most seconds to wait when blocking; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Greenlet.kill(exception=GreenletExit, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(KillAwaitable))]
    public void Kill(Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        if (block)
        {
            EnsureCanBlock(block, "Greenlet.Kill");
            KillAwaitable(exception, block, timeout).Block(Hub);
        }
        else
        {
            Hub.Interrupt(this, exception ?? new GreenletExit());
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Kill"/> instead.</summary>
    /// <param name="exception">The exception to raise; null raises <see cref="GreenletExit"/>.</param>
    /// <param name="block">Whether to wait for the greenlet to die.</param>
    /// <param name="timeout">The most seconds to wait when blocking.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable KillAwaitable(Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        Hub.Interrupt(this, exception ?? new GreenletExit());
        return block ? JoinAwaitable(timeout) : GreenAwaitable.Completed;
    }

    private static InvalidOperationException NotOnGreenlet() => new(
        "A hub callback cannot wait. Spawn a greenlet for work that waits.");
}
