namespace Greenlets;

/// <summary>
/// A <see cref="CancellationToken"/> watched for one greenlet's wait. The token may be cancelled on any thread: its
/// callback only posts this watch through the hub's doorbell, and the hub, on its own thread, records the request and
/// wakes the waiter if it still waits. No hub state is touched on the cancelling thread, and a request counts only
/// once the hub has taken it in, so the interleaving depends on the order of the hub's events, not on a race.
/// Until the wait ends the watch is the hub's external work: a hub whose only hope is the cancellation waits for it
/// instead of reporting that it would block forever. The waiter stops the watch as it resumes, however it resumes.
/// </summary>
internal sealed class CancellationWatch : IHubRunnable
{
    private const int Watching = 0;
    private const int Posted = 1;
    private const int Stopped = 2;

    private readonly Hub _hub;
    private readonly Reactor _reactor;
    private readonly Greenlet _waiter;
    private readonly int _waitToken;
    private CancellationTokenRegistration _registration;
    private int _phase;

    // Hub side only.
    private bool _ended;

    private CancellationWatch(Hub hub, Greenlet waiter)
    {
        _hub = hub;
        _waiter = waiter;
        _waitToken = waiter.WaitToken;
        _reactor = hub.BeginExternalWork();
    }

    /// <summary>On the hub: whether the cancellation reached the hub before the wait ended.</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>On the hub, once <paramref name="waiter"/> is parked: watches <paramref name="token"/> for it.</summary>
    public static CancellationWatch Start(Hub hub, Greenlet waiter, CancellationToken token)
    {
        var watch = new CancellationWatch(hub, waiter);

        // Unsafe: the callback needs no ExecutionContext, and capturing one would cost an allocation per wait.
        watch._registration = token.UnsafeRegister(static state => ((CancellationWatch)state!).OnCancelled(), watch);
        return watch;
    }

    /// <summary>On the hub, as the waiter resumes: no request counts from now on, and the token forgets the callback.</summary>
    public void Stop()
    {
        _ended = true;

        // Unregister, not Dispose: Dispose would block the hub until a callback running on another thread returns.
        _registration.Unregister();
        if (Interlocked.CompareExchange(ref _phase, Stopped, Watching) == Watching)
        {
            _hub.EndExternalWork(); // no post will come to end it
        }
    }

    /// <summary>On whatever thread cancels the token (the hub's too): hands the request to the hub, once.</summary>
    private void OnCancelled()
    {
        if (Interlocked.CompareExchange(ref _phase, Posted, Watching) == Watching)
        {
            _reactor.PostFromAnyThread(this, endsExternalWork: true);
        }
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        if (_ended)
        {
            return; // the wait ended first: the request came too late to count
        }

        IsCancelled = true;
        if (_waiter.IsParkedIn(_waitToken))
        {
            hub.Wake(_waiter);
        }
    }
}
