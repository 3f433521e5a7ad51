namespace Greenlets;

/// <summary>
/// What every server does with its handlers when it stops (gevent's <c>BaseServer.stop</c>): close its socket, give
/// the running handlers a grace period, kill those still running, then count as closed. <see cref="StreamServer"/> and
/// <see cref="DatagramServer"/> share it.
/// </summary>
internal sealed class ServerHandlers(Pool? pool, Action closeSocket)
{
    private readonly Event _stopped = new();

    /// <summary>The running handlers: the pool's greenlets, or a group without a cap.</summary>
    public Group Running { get; } = pool ?? new Group();

    /// <summary>True from the first stop on.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>True once stopped.</summary>
    public bool IsClosed => _stopped.IsSet;

    /// <summary>Waits until the server is stopped; if the waiting greenlet is killed first, stops it (gevent's <c>serve_forever</c>).</summary>
    public async GreenTask ServeUntilStoppedAsync(GreenDuration stopTimeout)
    {
        try
        {
            await _stopped.WaitAwaitable();
        }
        finally
        {
            if (!IsStopping)
            {
                await StopAsync(stopTimeout);
            }
        }
    }

    /// <summary>The plain form of <see cref="ServeUntilStoppedAsync"/>: it waits in the calling greenlet, so that a kill or
    /// an interrupt reaching that greenlet stops the server.</summary>
    public void ServeUntilStopped(GreenDuration stopTimeout)
    {
        try
        {
            _stopped.Wait();
        }
        finally
        {
            if (!IsStopping)
            {
                Stop(stopTimeout);
            }
        }
    }

    public async GreenTask StopAsync(GreenDuration timeout)
    {
        if (!BeginStop())
        {
            return;
        }

        if (!await Running.JoinAwaitable(timeout))
        {
            await Running.KillAwaitable(block: true);
        }

        _stopped.Set();
    }

    /// <summary>Stops from plain code: the same steps, blocking the calling greenlet.</summary>
    public void Stop(GreenDuration timeout)
    {
        if (!BeginStop())
        {
            return;
        }

        if (!Running.Join(timeout))
        {
            Running.Kill(block: true);
        }

        _stopped.Set();
    }

    /// <summary>Stops at once: closes the socket and kills the handlers without waiting for them.</summary>
    public void StopNow()
    {
        if (BeginStop())
        {
            Running.Kill(block: false);
            _stopped.Set();
        }
    }

    private bool BeginStop()
    {
        if (IsStopping)
        {
            return false;
        }

        IsStopping = true;
        closeSocket(); // wakes the accepting or reading greenlet with FileDescriptorClosedException: it ends
        return true;
    }
}
