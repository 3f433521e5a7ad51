using System.Net;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A server's <c>Workers</c> hubs: one listening socket per hub, a <see cref="HubGroup"/> run on a supervisor thread
/// (so that the caller, plain code or a greenlet, waits on a <see cref="HubAsyncResult{T}"/> and its own hub keeps
/// running), one server per hub made on that hub's thread, and a stop that reaches every hub through its doorbell.
/// <see cref="StreamServer"/> and <see cref="HttpServer"/> each hold one when <c>Workers</c> is above 1 and hand it
/// their <c>Start</c>, <c>ServeForever</c> and <c>Stop</c>.
/// </summary>
internal sealed class ServerWorkers
{
    private readonly Lock _gate = new();
    private readonly IWorkerServer _server;
    private readonly List<(HubToken Token, Func<GreenDuration?, GreenTask> Stop)> _hubs = [];
    private readonly HubAsyncResult<bool> _done = new();
    private GreenSocket[] _listeners = [];
    private (bool Requested, GreenDuration? Timeout) _stop;
    private Thread? _supervisor;

    private ServerWorkers(int count, IWorkerServer server)
    {
        Count = count;
        _server = server;
    }

    /// <summary>
    /// The hubs of <paramref name="server"/>'s <c>Workers = <paramref name="count"/></c>; null for 1, which serves on
    /// the calling thread's hub. Nothing is bound until <see cref="Start"/>: then a listening socket given to the
    /// server is shared between the hubs, or else <paramref name="count"/> sockets are bound to its address with
    /// <c>SO_REUSEPORT</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static ServerWorkers? For(int count, IWorkerServer server)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "Workers");
        return count == 1 ? null : new ServerWorkers(count, server);
    }

    /// <summary>How many hubs serve.</summary>
    public int Count { get; }

    /// <summary>The address every listener shares; null until started.</summary>
    public IPEndPoint? Address => _listeners.Length > 0 ? _listeners[0].LocalEndPoint : null;

    /// <summary>
    /// Binds <paramref name="count"/> listening sockets to one address with <c>SO_REUSEPORT</c>, so that the kernel
    /// spreads new connections over them (by a hash of the peer's address and port). Port 0 picks a free port for the
    /// first; the others take the same.
    /// </summary>
    private static GreenSocket[] Bind(IPEndPoint address, int count, int backlog)
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

        return [.. listeners];
    }

    /// <summary>
    /// Shares one listening socket that was given bound already (a parent's, systemd's) between
    /// <paramref name="count"/> hubs: each hub waits on its own duplicate of the descriptor, and whichever hub's
    /// accept comes first takes the connection.
    /// </summary>
    private static GreenSocket[] Share(GreenSocket listener, int count)
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

        return [.. listeners];
    }

    /// <summary>
    /// Binds (or shares the given socket) and starts the hubs: each makes its own server on its own thread, then
    /// serves until stopped. A hub that fails stops the others (<see cref="HubGroup"/>), and <see cref="Wait"/> raises.
    /// </summary>
    /// <exception cref="InvalidOperationException">Started already.</exception>
    public void Start()
    {
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        _listeners = _server.GivenListener is { } given ? Share(given, Count) : Bind(_server.ResolveBindAddress(), Count, _server.ListenBacklog);

        _supervisor = new Thread(() =>
        {
            try
            {
                HubGroup.RunTwin(_listeners.Length, ServeHubAsync);
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

    /// <summary>
    /// Starts the hubs if they are not started, then waits in the calling greenlet until every hub has ended; raises
    /// what the group raised. A wait that is killed stops the hubs (within <paramref name="stopTimeout"/>) first.
    /// </summary>
    public void Wait(GreenDuration? stopTimeout)
    {
        if (_supervisor is null)
        {
            Start();
        }

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
        if (_supervisor is null)
        {
            Start();
        }

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

    /// <summary>
    /// From any thread: asks every hub's server to stop (within <paramref name="timeout"/>), without waiting. Before
    /// <see cref="Start"/> it does nothing, as a server's stop before its start.
    /// </summary>
    public void Stop(GreenDuration? timeout)
    {
        if (_supervisor is null)
        {
            return;
        }

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
    }

    private async GreenTask ServeHubAsync(int index)
    {
        var (serve, stop) = _server.CreateOnHub(_listeners[index]);
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

/// <summary>What a server with <c>Workers</c> gives its <see cref="ServerWorkers"/>: where to listen, and its copy on each hub.</summary>
internal interface IWorkerServer
{
    /// <summary>The listening socket given to the server's constructor, shared between the hubs; null to bind.</summary>
    GreenSocket? GivenListener { get; }

    /// <summary>The backlog of each listening socket the hubs bind.</summary>
    int ListenBacklog { get; }

    /// <summary>The address to bind, resolved now (at <c>Start</c>).</summary>
    IPEndPoint ResolveBindAddress();

    /// <summary>Makes the server's copy on the calling hub's thread, accepting on <paramref name="listener"/>: how it serves until stopped, and how it stops.</summary>
    (Func<GreenTask> Serve, Func<GreenDuration?, GreenTask> Stop) CreateOnHub(GreenSocket listener);
}
