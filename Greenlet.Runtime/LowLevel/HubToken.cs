namespace Greenlets.LowLevel;

/// <summary>
/// trio: <c>trio.lowlevel.TrioToken</c>; gevent: <c>hub.loop.async_()</c> with <c>hub.loop.run_callback_threadsafe</c>.
/// A handle on one hub that other threads may use to run callbacks on it. Callbacks enter through the hub's wakeup
/// queue (its doorbell, an eventfd), in the order they were posted, in the loop's phase for cross-thread work.
/// </summary>
/// <remarks>
/// A hub ends when the scope <see cref="Hub.Install"/> returned is disposed. From then on <see cref="Post"/> returns
/// false and runs nothing. A hub created lazily for a thread lives as long as the thread.
/// </remarks>
public sealed class HubToken
{
    private readonly Hub _hub;
    private readonly Reactor _reactor;

    private HubToken(Hub hub)
    {
        _hub = hub;
        _reactor = hub.Reactor; // the doorbell exists from now on
    }

    /// <summary>trio: <c>trio.lowlevel.current_trio_token()</c>. The token of the calling thread's hub; the same object each time.</summary>
    public static HubToken Current
    {
        get
        {
            var hub = Hub.Current;
            return hub.Token ??= new HubToken(hub);
        }
    }

    /// <summary>gevent: the <c>hub</c> an <c>async_</c> watcher's loop belongs to. The hub the token posts to.</summary>
    public Hub Hub => _hub;

    /// <summary>trio: <c>RunFinishedError</c> from <c>run_sync_soon</c>. True once the hub ended: posts are refused.</summary>
    public bool HasHubEnded => _reactor.IsDisposed;

    /// <summary>
    /// trio: <c>TrioToken.run_sync_soon(callback)</c>; gevent: <c>loop.run_callback_threadsafe(callback)</c>. From any
    /// thread, queues <paramref name="callback"/> to run on the hub, and wakes the hub if it waits. Never blocks.
    /// </summary>
    /// <param name="callback">
    /// Runs on the hub's thread, outside any greenlet: it must not wait. It may wake greenlets (unpark a
    /// <see cref="ParkingLot"/>, set an <see cref="Event"/>) or spawn them. An exception it throws is written to
    /// <see cref="Hub.ErrorWriter"/> and the hub goes on.
    /// </param>
    /// <returns>
    /// True when queued; false when the hub has ended, and the callback will never run. A callback queued as the hub
    /// ends, before its loop took it in, is dropped with it.
    /// </returns>
    public bool Post(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _reactor.TryPostFromAnyThread(new HubLoop.HubCallback(callback));
    }

    /// <summary>
    /// gevent: an <c>async_</c> watcher started with <c>ref=True</c>. Tells the hub that another thread will post to
    /// it, so that a wait which only a post can end waits for it, instead of failing with
    /// <see cref="LoopExitException"/> ("would block forever"). Call it on the hub's thread; dispose the result, from
    /// any thread, once no post is expected any more.
    /// </summary>
    /// <returns>The hold, to dispose once.</returns>
    /// <exception cref="InvalidOperationException">Called on another thread than the hub's.</exception>
    public IDisposable KeepAlive()
    {
        if (Environment.CurrentManagedThreadId != _hub.ThreadId)
        {
            throw new InvalidOperationException("HubToken.KeepAlive is called on the hub's own thread; only its disposal may come from another.");
        }

        _hub.BeginExternalWork();
        return new Hold(_reactor);
    }

    /// <inheritdoc/>
    public override string ToString() => $"HubToken(thread {_hub.ThreadId}{(HasHubEnded ? ", ended" : string.Empty)})";

    private sealed class Hold(Reactor reactor) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                // Ends the external work on the hub's thread, where its count lives: a post does that from anywhere.
                reactor.TryPostFromAnyThread(NoWork.Instance, endsExternalWork: true);
            }
        }
    }

    private sealed class NoWork : IHubRunnable
    {
        public static readonly NoWork Instance = new();

        public void RunOnHub(Hub hub)
        {
        }
    }
}
