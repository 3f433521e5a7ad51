namespace Greenlets.LowLevel;

/// <summary>
/// gevent: <c>hub.switch()</c> from the main greenlet. The plain-code form of a cooperative operation you write
/// yourself: called from plain code (Main, a test), it blocks the calling thread and runs the hub until the
/// operation's awaitable form completes, as every cooperative operation of the runtime does.
/// </summary>
/// <example>
/// <code>
/// [Cooperative(nameof(TakeAwaitable))]
/// public int Take() =&gt; BlockingCall.Begin("Mailbox.Take").Wait(TakeAwaitable());
/// </code>
/// </example>
/// <remarks>
/// Begin it before the awaitable form parks the running greenlet. Inside a running greenlet, plain code that made a
/// cooperative call would run the hub inside itself, so <see cref="Begin"/> fails there with
/// <see cref="GreenletContextException"/>, naming the method to mark <c>[Greenlet]</c>.
/// </remarks>
public readonly struct BlockingCall
{
    private readonly Hub? _hub;

    private BlockingCall(Hub hub) => _hub = hub;

    /// <summary>gevent: a blocking call in the main greenlet. Starts a blocking call of <paramref name="operation"/> from plain code on the calling thread's hub.</summary>
    /// <param name="operation">The operation, as <c>Type.Method</c>, for the message when it is called from the wrong place.</param>
    /// <returns>The call, whose <c>Wait</c> takes the operation's awaitable form.</returns>
    /// <exception cref="GreenletContextException">Called inside the hub's loop: from a greenlet's plain code or a hub callback.</exception>
    public static BlockingCall Begin(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        return new BlockingCall(Hub.Current.BeginBlockingCall(operation));
    }

    /// <summary>gevent: <c>hub.switch()</c> until the waiter is switched to. Runs the hub until <paramref name="operation"/> completes, and returns its result or raises its exception.</summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="operation">The awaitable form, made after <see cref="Begin"/>.</param>
    /// <returns>The operation's result.</returns>
    public T Wait<T>(GreenAwaitable<T> operation) => operation.Block(Started);

    /// <summary>gevent: <c>hub.switch()</c>. Runs the hub until <paramref name="operation"/> completes (a wait whose outcome is whether it happened in time).</summary>
    /// <param name="operation">The awaitable form, made after <see cref="Begin"/>.</param>
    /// <returns>Whether the awaited thing happened before the timeout.</returns>
    public bool Wait(GreenFlagAwaitable operation) => operation.Block(Started);

    /// <summary>gevent: <c>hub.switch()</c>. Runs the hub until <paramref name="operation"/> completes.</summary>
    /// <param name="operation">The awaitable form, made after <see cref="Begin"/>.</param>
    public void Wait(GreenAwaitable operation) => operation.Block(Started);

    private Hub Started => _hub ?? throw new InvalidOperationException("Start the call with BlockingCall.Begin.");
}
