namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// Waits (cooperatively) until this greenlet finishes, or until <paramref name="timeout"/> seconds pass.
    /// Returns either way, without raising; check <see cref="Ready"/> to tell which.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Greenlet.join(timeout=None)</c>.</remarks>
    [Cooperative(nameof(JoinAsync))]
    public void Join(double? timeout = null) => JoinAsync(timeout).Block(_hub.BeginBlockingCall("Greenlet.Join"));

    /// <summary>Waits until this greenlet finishes, bounded by a timeout that raises itself (or its exception) when it fires.</summary>
    /// <param name="timeout">A timeout; started now if it is not running yet.</param>
    /// <remarks>gevent: <c>Greenlet.join(timeout=Timeout(...))</c>.</remarks>
    [Cooperative(nameof(JoinAsync))]
    public void Join(GreenTimeout timeout) => JoinAsync(timeout).Block(_hub.BeginBlockingCall("Greenlet.Join"));

    /// <summary>The awaitable form of <see cref="Join(double?)"/>, used by rewritten code.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenAwaitable JoinAsync(double? timeout = null)
    {
        if (Dead)
        {
            return GreenAwaitable.Completed;
        }

        ParkJoiner(timeout);
        return GreenAwaitable.Parked;
    }

    /// <summary>The awaitable form of <see cref="Join(GreenTimeout)"/>, used by rewritten code.</summary>
    /// <param name="timeout">A timeout; started now if it is not running yet.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenAwaitable JoinAsync(GreenTimeout timeout)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        timeout.StartIfIdle();
        return JoinAsync();
    }

    /// <summary>Parks the running greenlet until this one finishes or the timeout passes.</summary>
    private protected Greenlet ParkJoiner(double? timeout)
    {
        var waiter = _hub.Running ?? throw NotOnGreenlet();
        if (ReferenceEquals(waiter, this))
        {
            throw new InvalidOperationException($"{this} cannot wait for itself.");
        }

        AddJoiner(waiter);
        if (timeout is { } seconds)
        {
            _hub.AddTimer(seconds, waiter, waiter.WaitToken);
        }

        _hub.Park(waiter);
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
    [Cooperative(nameof(KillAsync))]
    public void Kill(Exception? exception = null, bool block = true, double? timeout = null)
    {
        if (block)
        {
            KillAsync(exception, block, timeout).Block(_hub.BeginBlockingCall("Greenlet.Kill"));
        }
        else
        {
            _hub.Interrupt(this, exception ?? new GreenletExit());
        }
    }

    /// <summary>The awaitable form of <see cref="Kill"/>, used by rewritten code.</summary>
    /// <param name="exception">The exception to raise; null raises <see cref="GreenletExit"/>.</param>
    /// <param name="block">Whether to wait for the greenlet to die.</param>
    /// <param name="timeout">The most seconds to wait when blocking.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenAwaitable KillAsync(Exception? exception = null, bool block = true, double? timeout = null)
    {
        _hub.Interrupt(this, exception ?? new GreenletExit());
        return block ? JoinAsync(timeout) : GreenAwaitable.Completed;
    }

    private static InvalidOperationException NotOnGreenlet() => new(
        "A hub callback cannot wait. Spawn a greenlet for work that waits.");
}
