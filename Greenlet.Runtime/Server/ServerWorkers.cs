using System.Net;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A server's <c>Workers</c> hubs: one listening socket per hub, a <see cref="HubGroup"/> run on a supervisor thread
/// (so that the caller, plain code or a greenlet, waits on a <see cref="HubAsyncResult{T}"/> and its own hub keeps
/// running), one server per hub made on that hub's thread, and a stop that reaches every hub through its doorbell.
/// </summary>
internal sealed class ServerWorkers
{
    private readonly Lock _gate = new();
    private readonly GreenSocket[] _listeners;
    private readonly List<(HubToken Token, Func<GreenDuration?, GreenTask> Stop)> _hubs = [];
    private readonly HubAsyncResult<bool> _done = new();
    private (bool Requested, GreenDuration? Timeout) _stop;
    private Thread? _supervisor;

    private ServerWorkers(GreenSocket[] listeners) => _listeners = listeners;

    /// <summary>The address every listener shares.</summary>
    public IPEndPoint Address => _listeners[0].LocalEndPoint;

    /// <summary>True once every hub has ended.</summary>
    public bool IsDone => _done.IsReady;

    /// <summary>
    /// Binds <paramref name="count"/> listening sockets to one address with <c>SO_REUSEPORT</c>, so that the kernel
    /// spreads new connections over them (by a hash of the peer's address and port). Port 0 picks a free port for the
    /// first; the others take the same.
    /// </summary>
    public static ServerWorkers Bind(IPEndPoint address, int count, int backlog)
    {
        var listeners = new List<GreenSocket>(count);
        try
        {
            for (var index = 0; index < count; index++)
            {
                var listener = new GreenSocket(address.AddressFamily) { ReuseAddress = true, ReusePort = true };
                listeners.Add(listener);
                listener.Bind(index == 0 ? address : listeners[0].LocalEndPoint);
                listener.Listen(backlog);
            }
        }
        catch
        {
            listeners.ForEach(static listener => listener.Close());
            throw;
        }

        return new ServerWorkers([.. listeners]);
    }

    /// <summary>
    /// Shares one listening socket that was given bound already (a parent's, systemd's) between
    /// <paramref name="count"/> hubs: each hub waits on its own duplicate of the descriptor, and whichever hub's
    /// accept comes first takes the connection.
    /// </summary>
    public static ServerWorkers Share(GreenSocket listener, int count)
    {
        var listeners = new List<GreenSocket> { listener };
        try
        {
            for (var index = 1; index < count; index++)
            {
                listeners.Add(listener.Duplicate());
            }
        }
        catch
        {
            listeners.Skip(1).ToList().ForEach(static duplicate => duplicate.Close());
            throw;
        }

        return new ServerWorkers([.. listeners]);
    }

    /// <summary>
    /// Starts the hubs, once: hub <c>i</c> calls <paramref name="create"/> on its own thread with its listener, then
    /// serves until stopped. A hub that fails stops the others (<see cref="HubGroup"/>), and <see cref="Wait"/> raises.
    /// </summary>
    /// <param name="create">Makes hub <c>i</c>'s server: how it serves until stopped, and how it stops.</param>
    public void Start(Func<int, GreenSocket, (Func<GreenTask> Serve, Func<GreenDuration?, GreenTask> Stop)> create)
    {
        if (_supervisor is not null)
        {
            return;
        }

        _supervisor = new Thread(() =>
        {
            try
            {
                HubGroup.RunTwin(_listeners.Length, index => ServeHubAsync(index, create));
                _done.Set(true);
            }
            catch (Exception failure)
            {
                _done.SetException(failure);
            }
        })
        {
            Name = "greenlet-hub-group",
            IsBackground = true,
        };
        _supervisor.Start();
    }

    /// <summary>Waits in the calling greenlet until every hub has ended; raises what the group raised.</summary>
    public void Wait(GreenDuration? stopTimeout)
    {
        try
        {
            _done.Get();
        }
        finally
        {
            if (!_done.IsReady)
            {
                Stop(stopTimeout); // the waiting greenlet was killed: the hubs stop with it
                _done.Wait();
            }
        }
    }

    /// <summary>The form of <see cref="Wait"/> for rewritten code.</summary>
    public async GreenTask WaitAsync(GreenDuration? stopTimeout)
    {
        try
        {
            await _done.GetAwaitable();
        }
        finally
        {
            if (!_done.IsReady)
            {
                Stop(stopTimeout);
                await _done.WaitAwaitable();
            }
        }
    }

    /// <summary>From any thread: asks every hub's server to stop (within <paramref name="timeout"/>), without waiting.</summary>
    public void Stop(GreenDuration? timeout)
    {
        lock (_gate)
        {
            if (_stop.Requested)
            {
                return;
            }

            _stop = (true, timeout);
            foreach (var (token, stop) in _hubs)
            {
                token.Post(() => Greenlet.SpawnTwin(stop, timeout)); // refused by a hub that ended already
            }
        }

        if (_supervisor is null)
        {
            _listeners.ToList().ForEach(static listener => listener.Close()); // never started: nothing else will
            _done.Set(true);
        }
    }

    private async GreenTask ServeHubAsync(int index, Func<int, GreenSocket, (Func<GreenTask> Serve, Func<GreenDuration?, GreenTask> Stop)> create)
    {
        var (serve, stop) = create(index, _listeners[index]);
        bool stopRequested;
        lock (_gate)
        {
            _hubs.Add((HubToken.Current, stop));
            stopRequested = _stop.Requested;
        }

        if (stopRequested)
        {
            await stop(_stop.Timeout); // stopped before this hub was ready
            return;
        }

        await serve();
    }
}
