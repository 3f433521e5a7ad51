using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// An HTTP/1.1 server on the hub: one greenlet per connection, each request handled by a <c>[Greenlet]</c> method
/// that gets the request and response and returns the body. Keep-alive, pipelining, chunked bodies both ways,
/// <c>100-continue</c>, limits and timeouts (<see cref="HttpLimits"/>), a pywsgi-style access log, and WebSocket
/// upgrades (<see cref="WebSocketHandler"/>).
/// </summary>
/// <remarks>gevent: <c>gevent.pywsgi.WSGIServer(listener, application)</c>.</remarks>
public sealed partial class HttpServer : IDisposable
{
    private readonly Func<HttpRequest, HttpResponse, GreenTask<HttpBody>>? _twin;
    private readonly Func<HttpRequest, HttpResponse, HttpBody>? _plain;
    private readonly IPEndPoint? _requested;
    private readonly string? _requestedHost;
    private readonly int _requestedPort;
    private StreamServer? _listener;
    private SslServerAuthenticationOptions? _tls;
    private int _connectionCount;

    /// <summary>Creates a server for <paramref name="handler"/>, listening on <paramref name="host"/>:<paramref name="port"/> once started.</summary>
    /// <param name="host">A numeric address (<c>127.0.0.1</c>, <c>::1</c>), a host name such as <c>localhost</c>
    /// (resolved when the server starts, as gevent does; see <see cref="StreamServer.Start"/>), or <c>""</c> for every interface.</param>
    /// <param name="port">The port; 0 picks a free one (see <see cref="Port"/>).</param>
    /// <param name="handler">A <c>[Greenlet]</c> method (it runs cooperatively), or a plain function that never waits.</param>
    /// <param name="limits">Size limits and timeouts; <see cref="HttpLimits.Default"/> when null.</param>
    /// <remarks>gevent: <c>WSGIServer((host, port), application)</c>.</remarks>
    public HttpServer(string host, int port, Func<HttpRequest, HttpResponse, HttpBody> handler, HttpLimits? limits = null)
        : this(handler, limits)
    {
        (_requestedHost, _requestedPort) = ValidateHostAndPort(host, port);
    }

    /// <summary>Creates a server for <paramref name="handler"/> on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">Where to listen; port 0 picks a free one.</param>
    /// <param name="handler">A <c>[Greenlet]</c> method (it runs cooperatively), or a plain function that never waits.</param>
    /// <param name="limits">Size limits and timeouts; <see cref="HttpLimits.Default"/> when null.</param>
    /// <remarks>gevent: <c>WSGIServer(listener, application)</c>.</remarks>
    public HttpServer(IPEndPoint endPoint, Func<HttpRequest, HttpResponse, HttpBody> handler, HttpLimits? limits = null)
        : this(handler, limits)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _requested = endPoint;
    }

    /// <summary>Creates a server that dispatches through <paramref name="router"/>.</summary>
    /// <param name="host">A numeric address, a host name such as <c>localhost</c>, or <c>""</c> for every interface.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="router">The routes.</param>
    /// <param name="limits">Size limits and timeouts; <see cref="HttpLimits.Default"/> when null.</param>
    /// <remarks>gevent: <c>WSGIServer((host, port), flask_app)</c>.</remarks>
    public HttpServer(string host, int port, HttpRouter router, HttpLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        (limits ?? HttpLimits.Default).Validate();
        (_requestedHost, _requestedPort) = ValidateHostAndPort(host, port);
        _twin = router.DispatchAsync;
        Limits = limits ?? HttpLimits.Default;
        BufferBudget = new BufferedBytesBudget(Limits.MaxBufferedBytes);
        Hub = Hub.Current;
    }

    private HttpServer(Func<HttpRequest, HttpResponse, HttpBody> handler, HttpLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(handler);
        (limits ?? HttpLimits.Default).Validate();
        _twin = GreenletTwin.Find<Func<HttpRequest, HttpResponse, GreenTask<HttpBody>>>(handler);
        _plain = _twin is null ? handler : null;
        Limits = limits ?? HttpLimits.Default;
        BufferBudget = new BufferedBytesBudget(Limits.MaxBufferedBytes);
        Hub = Hub.Current;
    }

    private static (string Host, int Port) ValidateHostAndPort(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        return (host, port);
    }

    /// <summary>The limits and timeouts.</summary>
    public HttpLimits Limits { get; }

    /// <summary>
    /// The bytes held now for request bodies read whole and WebSocket messages being received, across every
    /// connection; at most <see cref="HttpLimits.MaxBufferedBytes"/>.
    /// </summary>
    /// <remarks>gevent: none.</remarks>
    public long BufferedBytes => BufferBudget.Held;

    internal BufferedBytesBudget BufferBudget { get; }

    /// <summary>
    /// Where each request's access-log line goes (pywsgi's format: <c>127.0.0.1 - - [2026-01-01 12:00:00] "GET / HTTP/1.1" 200 42 0.000120</c>);
    /// standard error by default, null for none.
    /// </summary>
    /// <remarks>gevent: <c>WSGIServer(..., log=None)</c> turns it off.</remarks>
    public TextWriter? AccessLog { get; set; } = Console.Error;

    /// <summary>
    /// Where connection events go, one line each, when they are at <see cref="ConnectionLogLevel"/> or above: a
    /// connection the server cut (a deadline, a dead WebSocket peer) at information level, a client that went away
    /// mid-request or mid-message at debug level. Standard error by default, null for none. A handler's own exception
    /// is not a connection event: it goes to <see cref="Hub.ErrorWriter"/> with its stack trace.
    /// </summary>
    /// <remarks>gevent: none; pywsgi writes only its access log.</remarks>
    public TextWriter? ConnectionLog { get; set; } = Console.Error;

    /// <summary>The least level of event <see cref="ConnectionLog"/> writes; <see cref="ConnectionLogLevel.Information"/> by default.</summary>
    /// <remarks>gevent: none.</remarks>
    public ConnectionLogLevel ConnectionLogLevel { get; set; } = ConnectionLogLevel.Information;

    /// <summary>
    /// A <c>[Greenlet]</c> method that runs each WebSocket connection when a request upgrades (after the handshake);
    /// null answers upgrade requests as plain requests.
    /// </summary>
    /// <remarks>gevent: gevent-websocket's <c>WebSocketHandler</c> and <c>environ['wsgi.websocket']</c>.</remarks>
    public Action<GreenWebSocket>? WebSocketHandler
    {
        get => _webSocketPlain;
        set
        {
            _webSocketPlain = value;
            _webSocketTwin = value is null ? null : GreenletTwin.Find<Func<GreenWebSocket, GreenTask>>(value);
        }
    }

    /// <summary>Size limits and deadlines of WebSocket connections (pings, pong, frame and idle timeouts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range (a zero or negative time, a frame limit under 125 bytes).</exception>
    public WebSocketLimits WebSocketLimits
    {
        get => _webSocketLimits;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _webSocketLimits = value;
        }
    }

    private WebSocketLimits _webSocketLimits = WebSocketLimits.Default;

    private Action<GreenWebSocket>? _webSocketPlain;
    private Func<GreenWebSocket, GreenTask>? _webSocketTwin;

    internal GreenTask InvokeWebSocketHandlerAsync(GreenWebSocket socket)
    {
        if (_webSocketTwin is not null)
        {
            return _webSocketTwin(socket);
        }

        _webSocketPlain!(socket);
        return default;
    }

    /// <summary>
    /// Serves HTTPS with these options when set: each connection's greenlet runs the TLS handshake (bounded by
    /// <see cref="HttpLimits.TlsHandshakeTimeout"/>) before its first request, on the hub thread like everything else.
    /// Build them with <see cref="GreenSslStream.CreateServerOptions"/>. They are not modified: when they carry a
    /// certificate but no certificate context, the server builds the context once, offline, at start; when they name
    /// no ALPN protocol, the server offers <c>http/1.1</c>. A handshake that fails writes one line to
    /// <see cref="ConnectionLog"/> and closes the connection.
    /// </summary>
    /// <remarks>gevent: <c>WSGIServer(..., keyfile=..., certfile=...)</c> or <c>ssl_context=...</c>.</remarks>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>The bound port, once started (the chosen one when 0 was asked).</summary>
    /// <remarks>gevent: <c>server.server_port</c>.</remarks>
    public int Port => LocalEndPoint.Port;

    /// <summary>The bound address, once started.</summary>
    /// <remarks>gevent: <c>server.address</c>.</remarks>
    public IPEndPoint LocalEndPoint => _listener?.Address ?? _hubs?.Address ?? throw new InvalidOperationException("the server is not started");

    /// <summary>How many connections are open now.</summary>
    public int ConnectionCount => _connectionCount;

    internal Hub Hub { get; }

    /// <summary>True once stopping began: each connection closes after the response it is writing.</summary>
    internal bool IsStopping => _listener is { IsStarted: false };

    /// <summary>Binds, listens, and starts accepting in a greenlet of its own. Returns at once.</summary>
    /// <remarks>gevent: <c>server.start()</c>.</remarks>
    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        if (_hubs is { } hubs)
        {
            hubs.Start();
            return;
        }

        // The pool caps open connections: while it is full, accepting pauses and the kernel's backlog holds the rest.
        // A host name resolves here, as gevent's start() binds: see GreenDns.ResolveBindAddress for why it blocks.
        _tls = Tls is null ? null : TlsServerDefaults.Prepare(Tls, SslApplicationProtocol.Http11);
        _listener = CreateListener(() => _requested ?? GreenDns.ResolveBindAddress(_requestedHost!, _requestedPort), new Pool(Limits.MaxConcurrentConnections));
        _listener.Start();
    }

    /// <summary>
    /// Starts (if needed) and waits (cooperatively) until the server is stopped. If the waiting greenlet is killed,
    /// the server stops first, as <see cref="Stop"/> with no timeout.
    /// </summary>
    /// <remarks>gevent: <c>server.serve_forever()</c>.</remarks>
    [Cooperative(nameof(ServeForeverAwaitable))]
    public void ServeForever()
    {
        if (_hubs is { } hubs)
        {
            hubs.Wait(stopTimeout: 0);
            return;
        }

        if (_listener is null)
        {
            Start();
        }

        _listener!.ServeForever(stopTimeout: 0);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ServeForever"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask ServeForeverAwaitable()
    {
        if (_hubs is { } hubs)
        {
            return hubs.WaitAsync(stopTimeout: 0);
        }

        if (_listener is null)
        {
            Start();
        }

        return _listener!.ServeForeverAwaitable(stopTimeout: 0);
    }

    /// <summary>
    /// Stops accepting, lets open connections finish their current request for up to <paramref name="timeout"/>
    /// seconds (kept-alive ones close after it), then kills the rest.
    /// </summary>
    /// <param name="timeout">The most seconds to wait for connections; null closes them at once.</param>
    /// <remarks>gevent: <c>server.stop(timeout=None)</c>.</remarks>
    [Cooperative(nameof(StopAwaitable))]
    public void Stop(GreenDuration? timeout = null)
    {
        if (_hubs is { } hubs)
        {
            hubs.Stop(timeout ?? 0);
        }
        else
        {
            _listener?.Stop(timeout ?? 0);
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Stop"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait for connections.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask StopAwaitable(GreenDuration? timeout = null)
    {
        if (_hubs is { } hubs)
        {
            hubs.Stop(timeout ?? 0);
            return default;
        }

        return _listener?.StopAwaitable(timeout ?? 0) ?? default;
    }

    /// <summary>Stops at once: closes the listening socket and kills every connection (their sockets close as they die).</summary>
    /// <remarks>gevent: <c>server.close()</c>.</remarks>
    public void Dispose() => Stop();

    private GreenTask ServeConnectionAsync(GreenStream stream, IPEndPoint peer)
    {
        if (_tls is not null)
        {
            return ServeTlsConnectionAsync(stream, peer, _tls);
        }

        var connection = new HttpConnection(this, stream, stream, peer);
        _connectionCount++; // RunAsync counts it out, however it ends
        return connection.RunAsync();
    }

    /// <summary>Runs the TLS handshake in the connection's greenlet, then serves HTTP over the TLS stream.</summary>
    private async GreenTask ServeTlsConnectionAsync(GreenStream transport, IPEndPoint peer, SslServerAuthenticationOptions options)
    {
        HttpConnection.SetNoDelay(transport); // the handshake's flights go out as they are written
        var stream = new GreenSslStream(transport);
        try
        {
            await stream.AuthenticateAsServerAwaitable(options, Limits.TlsHandshakeTimeout);
        }
        catch (Exception e) when (e is GreenSslException or TimeoutException or IOException)
        {
            // The failed handshake closed the connection. A client that went away is an ordinary end; the rest
            // (a deadline, plaintext to this port, no protocol in common) are the server refusing it.
            var level = e is IOException || e.InnerException is IOException ? ConnectionLogLevel.Debug : ConnectionLogLevel.Information;
            LogConnectionEvent(level, peer, "-", e is TimeoutException ? $"TLS handshake not complete within {Limits.TlsHandshakeTimeout.Seconds} s: closed" : e.Message);
            return;
        }

        var connection = new HttpConnection(this, transport, stream, peer);
        _connectionCount++; // RunAsync counts it out, however it ends
        await connection.RunAsync();
    }

    internal void ConnectionClosed() => _connectionCount--;

    internal GreenTask<HttpBody> InvokeHandlerAsync(HttpRequest request, HttpResponse response) =>
        _twin is not null ? _twin(request, response) : new GreenTask<HttpBody>(_plain!(request, response));

    /// <summary>Writes one connection event, when its level is logged: <c>info [2026-01-01 12:00:00] 127.0.0.1:50000 "GET /ws HTTP/1.1": what happened</c>.</summary>
    internal void LogConnectionEvent(ConnectionLogLevel level, EndPoint? client, string requestLine, string what)
    {
        var log = ConnectionLog;
        if (log is null || level < ConnectionLogLevel || level == ConnectionLogLevel.None)
        {
            return;
        }

        var name = level == ConnectionLogLevel.Debug ? "debug" : "info";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} [{DateTime.Now:yyyy-MM-dd HH:mm:ss}] {client?.ToString() ?? "-"} \"{requestLine}\": {what}"));
    }

    internal void LogRequest(EndPoint? client, string requestLine, int status, long length, TimeSpan elapsed)
    {
        var log = AccessLog;
        if (log is null)
        {
            return;
        }

        var address = client is IPEndPoint ip ? ip.Address.ToString() : "-";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{address} - - [{DateTime.Now:yyyy-MM-dd HH:mm:ss}] \"{requestLine}\" {status} {(length > 0 ? length.ToString(CultureInfo.InvariantCulture) : "-")} {elapsed.TotalSeconds:F6}"));
    }
}
