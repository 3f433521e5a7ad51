using System.ComponentModel;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A TCP server on the hub: one greenlet accepts connections and spawns, for each, a greenlet running the handler
/// with the connected socket and the peer's address; the socket is closed when the handler returns (or fails).
/// Give the handler as a <see cref="GreenletAttribute">[Greenlet]</see> method so that it runs cooperatively.
/// With a <see cref="Greenlets.Pool"/>, at most its size of handlers run at once and accepting pauses while it is full
/// (connections wait in the kernel's backlog meanwhile). A handler that throws is reported like any failed greenlet;
/// the server keeps serving. Accept errors from resource shortage (too many open descriptors, no buffer space) are
/// reported and retried after a delay that doubles from <see cref="MinAcceptDelay"/> up to <see cref="MaxAcceptDelay"/>.
/// </summary>
/// <remarks>gevent: <c>gevent.server.StreamServer</c>.</remarks>
public sealed partial class StreamServer : IDisposable
{
    private readonly IPEndPoint? _bindAddress;
    private readonly string? _bindHost;
    private readonly int _bindPort;
    private readonly Action<GreenSocket, IPEndPoint>? _handle;
    private readonly Func<GreenSocket, IPEndPoint, GreenTask>? _handleTwin;
    private readonly Action<GreenStream, IPEndPoint>? _handleStream;
    private readonly Func<GreenStream, IPEndPoint, GreenTask>? _handleStreamTwin;
    private SslServerAuthenticationOptions? _tls;
    private readonly Func<GreenSocket, IPEndPoint, GreenTask> _serveConnection;
    private readonly Func<GreenStream, IPEndPoint, GreenTask> _serveSimulated;
    private readonly ServerHandlers _handlers;
    private GreenSocket? _listener;
    private SimulatedListener? _simulated;
    private Greenlet? _acceptor;
    private IPEndPoint? _address;

    /// <summary>Creates a server that will listen on <paramref name="address"/> once started (port 0 picks a free port).</summary>
    /// <param name="address">Where to listen.</param>
    /// <param name="handle">The handler, called with each connection and its peer's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per connection without limit.</param>
    /// <param name="backlog">How many connections the kernel queues while none is being accepted.</param>
    /// <remarks>gevent: <c>StreamServer(listener, handle, backlog=None, spawn='default')</c>.</remarks>
    public StreamServer(IPEndPoint address, Action<GreenSocket, IPEndPoint> handle, Pool? pool = null, int backlog = 256)
        : this(handle, pool, backlog)
    {
        ArgumentNullException.ThrowIfNull(address);
        _bindAddress = address;
    }

    /// <summary>
    /// Creates a server that will listen on <paramref name="host"/>:<paramref name="port"/> once started. The host is
    /// resolved when the server starts, as gevent does: see <see cref="Start"/>.
    /// </summary>
    /// <param name="host">A numeric address (<c>127.0.0.1</c>, <c>::1</c>), a host name such as <c>localhost</c> (its
    /// first IPv4 address), or <c>""</c> for every interface.</param>
    /// <param name="port">The port; 0 picks a free one (see <see cref="Address"/>).</param>
    /// <param name="handle">The handler, called with each connection and its peer's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per connection without limit.</param>
    /// <param name="backlog">How many connections the kernel queues while none is being accepted.</param>
    /// <remarks>gevent: <c>StreamServer((host, port), handle)</c>.</remarks>
    public StreamServer(string host, int port, Action<GreenSocket, IPEndPoint> handle, Pool? pool = null, int backlog = 256)
        : this(handle, pool, backlog)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _bindHost = host;
        _bindPort = port;
    }

    /// <summary>Creates a server accepting on <paramref name="listener"/>, a socket already bound and listening.</summary>
    /// <param name="listener">The listening socket; the server closes it when it stops.</param>
    /// <param name="handle">The handler, called with each connection and its peer's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per connection without limit.</param>
    /// <remarks>gevent: <c>StreamServer(socket, handle, spawn='default')</c>.</remarks>
    public StreamServer(GreenSocket listener, Action<GreenSocket, IPEndPoint> handle, Pool? pool = null)
        : this(handle, pool, backlog: 0)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
    }

    /// <summary>
    /// Creates a server whose handler gets each connection as a <see cref="GreenStream"/>: the TLS stream, after the
    /// handshake, when <see cref="Tls"/> is set; the socket's stream otherwise. The stream is closed when the handler
    /// returns (or fails).
    /// </summary>
    /// <param name="address">Where to listen.</param>
    /// <param name="handle">The handler, called with each connection's stream and its peer's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per connection without limit.</param>
    /// <param name="backlog">How many connections the kernel queues while none is being accepted.</param>
    /// <remarks>gevent: <c>StreamServer(listener, handle, keyfile=..., certfile=...)</c> (its <c>ssl_args</c>).</remarks>
    public StreamServer(IPEndPoint address, Action<GreenStream, IPEndPoint> handle, Pool? pool = null, int backlog = 256)
        : this((Action<GreenSocket, IPEndPoint>?)null, null, pool, backlog)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(handle);
        _bindAddress = address;
        _handleStream = handle;
        _handleStreamTwin = GreenletTwin.Find<Func<GreenStream, IPEndPoint, GreenTask>>(handle);
    }

    /// <summary>A server whose handler is given in its awaitable form, for the runtime's own servers (the backdoor).</summary>
    internal StreamServer(IPEndPoint address, Func<GreenStream, IPEndPoint, GreenTask> handleAwaitable)
        : this((Action<GreenSocket, IPEndPoint>?)null, null, null, 256)
    {
        _bindAddress = address;
        _handleStream = (_, _) => throw new InvalidOperationException("The awaitable form handles every connection.");
        _handleStreamTwin = handleAwaitable;
    }

    /// <summary>
    /// Creates a server on <paramref name="host"/>:<paramref name="port"/> whose handler gets each connection as a
    /// <see cref="GreenStream"/> (the TLS stream when <see cref="Tls"/> is set).
    /// </summary>
    /// <param name="host">A numeric address, a host name such as <c>localhost</c>, or <c>""</c> for every interface.</param>
    /// <param name="port">The port; 0 picks a free one (see <see cref="Address"/>).</param>
    /// <param name="handle">The handler, called with each connection's stream and its peer's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per connection without limit.</param>
    /// <param name="backlog">How many connections the kernel queues while none is being accepted.</param>
    /// <remarks>gevent: <c>StreamServer((host, port), handle, keyfile=..., certfile=...)</c>.</remarks>
    public StreamServer(string host, int port, Action<GreenStream, IPEndPoint> handle, Pool? pool = null, int backlog = 256)
        : this((Action<GreenSocket, IPEndPoint>?)null, null, pool, backlog)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _bindHost = host;
        _bindPort = port;
        _handleStream = handle;
        _handleStreamTwin = GreenletTwin.Find<Func<GreenStream, IPEndPoint, GreenTask>>(handle);
    }

    /// <summary>A server whose handler is a rewritten method already, taking the stream (the HTTP server's connection loop).</summary>
    internal StreamServer(IPEndPoint address, Func<GreenStream, IPEndPoint, GreenTask> handleTwin, Pool? pool, int backlog)
        : this((Action<GreenSocket, IPEndPoint>?)null, null, pool, backlog)
    {
        _bindAddress = address;
        _handleStream = (_, _) => throw new InvalidOperationException("The awaitable form handles every connection.");
        _handleStreamTwin = handleTwin;
    }

    /// <summary>The same, accepting on a socket already bound and listening: the HTTP server's given or shared listener.</summary>
    internal StreamServer(GreenSocket listener, Func<GreenStream, IPEndPoint, GreenTask> handleTwin, Pool? pool)
        : this((Action<GreenSocket, IPEndPoint>?)null, null, pool, backlog: 0)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _handleStream = (_, _) => throw new InvalidOperationException("The awaitable form handles every connection.");
        _handleStreamTwin = handleTwin;
    }

    private StreamServer(Action<GreenSocket, IPEndPoint> handle, Pool? pool, int backlog)
        : this(handle ?? throw new ArgumentNullException(nameof(handle)), GreenletTwin.Find<Func<GreenSocket, IPEndPoint, GreenTask>>(handle), pool, backlog)
    {
    }

    private StreamServer(Action<GreenSocket, IPEndPoint>? handle, Func<GreenSocket, IPEndPoint, GreenTask>? handleTwin, Pool? pool, int backlog)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        _handle = handle;
        _handleTwin = handleTwin;
        _serveConnection = ServeConnectionAsync;
        _serveSimulated = ServeSimulatedAsync;
        _handlers = new ServerHandlers(pool, () =>
        {
            _listener?.Close();
            _simulated?.Close();
        });
        Pool = pool;
        Backlog = backlog;
    }

    /// <summary>
    /// Serves TLS with these options when set: each connection's greenlet runs the handshake (bounded by
    /// <see cref="TlsHandshakeTimeout"/>) and the handler gets the <see cref="GreenSslStream"/>. Needs a handler
    /// that takes a <see cref="GreenStream"/>. Build the options with <see cref="GreenSslStream.CreateServerOptions"/>;
    /// they are not modified (a certificate without a context gets one built once, offline, at start). A handshake
    /// that fails writes one line to <see cref="Hub.ErrorWriter"/>, without a stack trace, and closes the connection.
    /// </summary>
    /// <remarks>gevent: <c>StreamServer(..., ssl_context=...)</c> or its <c>keyfile</c>/<c>certfile</c> arguments.</remarks>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>How long a client may take over the whole TLS handshake (<see cref="Tls"/>); 10 s by default.</summary>
    /// <remarks>gevent: none; the socket's timeout bounds each read of <c>do_handshake()</c>.</remarks>
    public GreenDuration TlsHandshakeTimeout { get; set; } = 10;

    /// <summary>The pool capping the handlers, if one was given.</summary>
    /// <remarks>gevent: <c>StreamServer.pool</c>.</remarks>
    public Pool? Pool { get; }

    /// <summary>The backlog passed to listen(2) when the server creates its own socket.</summary>
    /// <remarks>gevent: <c>StreamServer.backlog</c>.</remarks>
    public int Backlog { get; }

    /// <summary>How long <see cref="Stop"/> waits for handlers by default before killing them.</summary>
    /// <remarks>gevent: <c>StreamServer.stop_timeout</c> (1 second).</remarks>
    public GreenDuration StopTimeout { get; set; } = 1;

    /// <summary>The first delay before retrying after an accept error, in seconds.</summary>
    /// <remarks>gevent: <c>StreamServer.min_delay</c>.</remarks>
    public double MinAcceptDelay { get; set; } = 0.01;

    /// <summary>The longest delay before retrying after repeated accept errors, in seconds.</summary>
    /// <remarks>gevent: <c>StreamServer.max_delay</c>.</remarks>
    public double MaxAcceptDelay { get; set; } = 1;

    /// <summary>
    /// The address the server listens on, with the port the system picked when it was asked for port 0.
    /// Known once <see cref="Start"/> ran.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    /// <remarks>gevent: <c>StreamServer.address</c> (and <c>server_host</c>, <c>server_port</c>).</remarks>
    public IPEndPoint Address => _address ?? _hubs?.Address ?? throw new InvalidOperationException("The server's address is known once it has started.");

    /// <summary>True while the server accepts connections.</summary>
    /// <remarks>gevent: <c>StreamServer.started</c>.</remarks>
    public bool IsStarted => _acceptor is not null && !_handlers.IsStopping;

    /// <summary>True once the server was stopped.</summary>
    /// <remarks>gevent: <c>StreamServer.closed</c>.</remarks>
    public bool IsClosed => _handlers.IsClosed;

    /// <summary>The greenlets running handlers now.</summary>
    public int ActiveConnections => _handlers.Running.Count;

    /// <summary>
    /// Creates the listening socket (unless one was given) and starts accepting in a new greenlet. Never switches:
    /// connections are taken once the caller yields to the hub. A host name given to the constructor is resolved
    /// here, blocking the thread for the lookup rather than switching, so the hub's order stays the same from run to
    /// run (names in /etc/hosts such as <c>localhost</c> need no network; resolve others first with
    /// <see cref="GreenDns.GetHostAddresses"/> to keep the hub from stalling).
    /// </summary>
    /// <exception cref="InvalidOperationException">The server was started already, or stopped.</exception>
    /// <exception cref="SocketException">The address is in use, or the host name does not resolve.</exception>
    /// <remarks>gevent: <c>StreamServer.start()</c>.</remarks>
    public void Start()
    {
        if (_hubs is { } hubs)
        {
            hubs.Start();
            return;
        }

        if (_acceptor is not null || _handlers.IsStopping)
        {
            throw new InvalidOperationException(_handlers.IsStopping ? "The server was stopped; create a new one." : "The server is already started.");
        }

        if (Tls is not null && _handleStream is null)
        {
            throw new InvalidOperationException("A TLS server hands each connection to its handler as a stream: give a handler that takes (GreenStream, IPEndPoint).");
        }

        _tls ??= Tls is null ? null : TlsServerDefaults.Prepare(Tls, defaultProtocol: null);
        // Under a simulated network a stream handler is served from the network's listener; a socket handler takes
        // the path below, whose listening GreenSocket is itself simulated.
        if (_listener is null && _handleStream is not null && Hub.Current.Network is { } network)
        {
            StartSimulated(network);
            return;
        }

        if (_listener is null)
        {
            var bindAddress = _bindAddress ?? GreenDns.ResolveBindAddress(_bindHost!, _bindPort);
            var listener = new GreenSocket(bindAddress.AddressFamily) { ReuseAddress = true };
            try
            {
                listener.Bind(bindAddress);
                listener.Listen(Backlog);
            }
            catch
            {
                listener.Close();
                throw;
            }

            _listener = listener;
        }

        _address = _listener.LocalEndPoint;
        _acceptor = Greenlet.SpawnTwin(AcceptLoopAsync);
    }

    /// <summary>
    /// Starts the server if it is not started, then waits until it is stopped. If the waiting greenlet is killed, the
    /// server is stopped (waiting up to <paramref name="stopTimeout"/> for handlers) before the kill goes on.
    /// </summary>
    /// <param name="stopTimeout">How long the stop waits for handlers; null uses <see cref="StopTimeout"/>.</param>
    /// <remarks>gevent: <c>StreamServer.serve_forever(stop_timeout=None)</c>.</remarks>
    [Cooperative(nameof(ServeForeverAwaitable))]
    public void ServeForever(GreenDuration? stopTimeout = null)
    {
        if (_hubs is { } hubs)
        {
            hubs.Wait(stopTimeout ?? StopTimeout);
            return;
        }

        if (_acceptor is null)
        {
            Start();
        }

        _handlers.ServeUntilStopped(stopTimeout ?? StopTimeout);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ServeForever"/> instead.</summary>
    /// <param name="stopTimeout">How long the stop waits for handlers.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask ServeForeverAwaitable(GreenDuration? stopTimeout = null)
    {
        if (_hubs is { } hubs)
        {
            return hubs.WaitAsync(stopTimeout ?? StopTimeout);
        }

        if (_acceptor is null)
        {
            Start();
        }

        return _handlers.ServeUntilStoppedAsync(stopTimeout ?? StopTimeout);
    }

    /// <summary>
    /// Stops accepting (the listening socket is closed), waits up to <paramref name="timeout"/> seconds for the running
    /// handlers to finish, then kills those still running and waits for them to die.
    /// Stopping a stopped server does nothing.
    /// </summary>
    /// <param name="timeout">How long to wait for handlers; null uses <see cref="StopTimeout"/>.</param>
    /// <remarks>gevent: <c>StreamServer.stop(timeout=None)</c>.</remarks>
    [Cooperative(nameof(StopAwaitable))]
    public void Stop(GreenDuration? timeout = null)
    {
        if (_hubs is { } hubs)
        {
            hubs.Stop(timeout ?? StopTimeout);
        }
        else
        {
            _handlers.Stop(timeout ?? StopTimeout);
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Stop"/> instead.</summary>
    /// <param name="timeout">How long to wait for handlers.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask StopAwaitable(GreenDuration? timeout = null)
    {
        if (_hubs is { } hubs)
        {
            hubs.Stop(timeout ?? StopTimeout);
            return default;
        }

        return _handlers.StopAsync(timeout ?? StopTimeout);
    }

    /// <summary>Stops at once: closes the listener and kills the handlers without waiting for them.</summary>
    public void Dispose()
    {
        if (_hubs is { } hubs)
        {
            hubs.Stop(0);
        }
        else
        {
            _handlers.StopNow();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"<StreamServer at {_address?.ToString() ?? _bindAddress?.ToString() ?? (_bindHost is null ? "?" : $"{_bindHost}:{_bindPort}")}>";

    private async GreenTask AcceptLoopAsync()
    {
        var listener = _listener!;
        var delay = MinAcceptDelay;
        while (!_handlers.IsStopping)
        {
            if (Pool is { } pool && pool.FreeCount == 0)
            {
                await pool.WaitAvailableAwaitable(); // full: leave new connections in the backlog
                continue;
            }

            (GreenSocket Socket, IPEndPoint Address) accepted;
            try
            {
                accepted = await listener.AcceptAwaitable();
            }
            catch (Exception exception) when (_handlers.IsStopping && exception is FileDescriptorClosedException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception) when (IsResourceShortage(exception.SocketErrorCode))
            {
                Hub.Current.ErrorWriter.WriteLine($"{this}: accept failed ({exception.Message}); retrying in {delay} s");
                await Greenlet.SleepAwaitable(delay);
                delay = Math.Min(MaxAcceptDelay, delay * 2);
                continue;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.ProtocolType)
            {
                continue; // the peer gave up before we took it: nothing to serve
            }

            delay = MinAcceptDelay;
            try
            {
                await _handlers.Running.SpawnAwaitable(_serveConnection, accepted.Socket, accepted.Address);
            }
            catch
            {
                accepted.Socket.Close();
                throw;
            }
        }
    }

    private async GreenTask ServeConnectionAsync(GreenSocket socket, IPEndPoint address)
    {
        if (_handleStream is not null)
        {
            await ServeSocketStreamAsync(socket, address);
            return;
        }

        try
        {
            if (_handleTwin is { } twin)
            {
                await twin(socket, address);
            }
            else
            {
                _handle!(socket, address); // not a [Greenlet] method: it runs as plain code and must not wait
            }
        }
        finally
        {
            socket.Close();
        }
    }

    private async GreenTask ServeSocketStreamAsync(GreenSocket socket, IPEndPoint address)
    {
        try
        {
            await ServeStreamAsync(socket.GetStream(), address);
        }
        finally
        {
            socket.Close();
        }
    }

    private async GreenTask ServeStreamAsync(GreenStream stream, IPEndPoint address)
    {
        try
        {
            if (_tls is { } options)
            {
                var tls = new GreenSslStream(stream);
                stream = tls;
                try
                {
                    await tls.AuthenticateAsServerAwaitable(options, TlsHandshakeTimeout);
                }
                catch (Exception e) when (e is GreenSslException or TimeoutException or IOException)
                {
                    Hub.Current.ErrorWriter.WriteLine($"{this}: TLS handshake with {address} failed: {e.Message}");
                    return; // the failed handshake closed the connection
                }
            }

            if (_handleStreamTwin is { } twin)
            {
                await twin(stream, address);
            }
            else
            {
                _handleStream!(stream, address); // not a [Greenlet] method: it runs as plain code and must not wait
            }
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>Listens on the simulated network instead of the kernel: the acceptor, and so the handlers, run on the listening host.</summary>
    private void StartSimulated(SimulatedNetwork network)
    {
        var bindAddress = _bindAddress ?? GreenDns.ResolveBindAddress(_bindHost!, _bindPort);
        _simulated = network.Listen(bindAddress, Backlog);
        _address = _simulated.LocalEndPoint;
        _acceptor = _simulated.Host.Adopt(Greenlet.SpawnTwin(SimulatedAcceptLoopAsync));
    }

    private async GreenTask SimulatedAcceptLoopAsync()
    {
        var listener = _simulated!;
        while (!_handlers.IsStopping)
        {
            if (Pool is { } pool && pool.FreeCount == 0)
            {
                await pool.WaitAvailableAwaitable();
                continue;
            }

            (GreenStream Stream, IPEndPoint Address) accepted;
            try
            {
                accepted = await listener.AcceptAsync();
            }
            catch (ObjectDisposedException) when (_handlers.IsStopping)
            {
                return;
            }

            try
            {
                await _handlers.Running.SpawnAwaitable(_serveSimulated, accepted.Stream, accepted.Address);
            }
            catch
            {
                accepted.Stream.Dispose();
                throw;
            }
        }
    }

    private async GreenTask ServeSimulatedAsync(GreenStream stream, IPEndPoint address)
    {
        try
        {
            await ServeStreamAsync(stream, address);
        }
        finally
        {
            stream.Dispose();
        }
    }

    private static bool IsResourceShortage(SocketError error) =>
        error is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;
}
