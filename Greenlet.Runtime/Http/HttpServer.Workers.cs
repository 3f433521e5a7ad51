using System.Net;

namespace Greenlets;

public sealed partial class HttpServer : IWorkerServer
{
    /// <summary>The listening socket's backlog, on one hub or per hub.</summary>
    private const int ListenBacklog = 1024;

    private readonly GreenSocket? _givenListener;
    private readonly ServerWorkers? _hubs;

    /// <summary>
    /// Creates a server for <paramref name="handler"/> accepting on <paramref name="listener"/>, a socket bound and
    /// listening already: a parent process's, or systemd's (<see cref="GreenSocket.FromSystemd"/>). The server closes
    /// it when it stops.
    /// </summary>
    /// <param name="listener">The listening socket.</param>
    /// <param name="handler">A <c>[Greenlet]</c> method (it runs cooperatively), or a plain function that never waits.</param>
    /// <param name="limits">Size limits and timeouts; <see cref="HttpLimits.Default"/> when null.</param>
    /// <remarks>gevent: <c>WSGIServer(listener_socket, application)</c>.</remarks>
    public HttpServer(GreenSocket listener, Func<HttpRequest, HttpResponse, HttpBody> handler, HttpLimits? limits = null)
        : this(handler, limits)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _givenListener = listener;
    }

    /// <summary>Creates a server that dispatches through <paramref name="router"/>, accepting on <paramref name="listener"/>, a socket bound and listening already.</summary>
    /// <param name="listener">The listening socket; the server closes it when it stops.</param>
    /// <param name="router">The routes.</param>
    /// <param name="limits">Size limits and timeouts; <see cref="HttpLimits.Default"/> when null.</param>
    /// <remarks>gevent: <c>WSGIServer(listener_socket, flask_app)</c>.</remarks>
    public HttpServer(GreenSocket listener, HttpRouter router, HttpLimits? limits = null)
        : this("", 0, router, limits)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _givenListener = listener;
    }

    /// <summary>One hub's copy of <paramref name="template"/>, accepting on <paramref name="listener"/>.</summary>
    private HttpServer(HttpServer template, GreenSocket listener)
    {
        _twin = template._twin;
        _plain = template._plain;
        _givenListener = listener;
        Limits = template.Limits;
        BufferBudget = new BufferedBytesBudget(Limits.MaxBufferedBytes);
        Hub = Hub.Current;
        Tls = template.Tls;
        AccessLog = template.AccessLog;
        ConnectionLog = template.ConnectionLog;
        ConnectionLogLevel = template.ConnectionLogLevel;
        WebSocketHandler = template.WebSocketHandler;
        _webSocketLimits = template._webSocketLimits;
    }

    /// <summary>
    /// How many hubs serve, each on its own thread (a <see cref="HubGroup"/>) with its own listening socket bound to
    /// the same address with <c>SO_REUSEPORT</c>, the kernel spreading new connections over them. 1, the default,
    /// serves on the calling thread's hub. Going from one hub to every core is this one line:
    /// <c>new HttpServer("", 8080, Handle) { Workers = Environment.ProcessorCount }</c>.
    /// </summary>
    /// <remarks>
    /// <para>gevent: none; gunicorn's <c>--workers N -k gevent</c> runs N processes, which this does with hubs in one process.</para>
    /// <para>
    /// Each hub has its own server, with this one's handler and settings; <see cref="HttpLimits.MaxConcurrentConnections"/>
    /// and <see cref="HttpLimits.MaxBufferedBytes"/> apply per hub. <see cref="Start"/> starts the hubs and returns;
    /// <see cref="ServeForever"/> waits until every hub has ended, and raises the <see cref="AggregateException"/> of
    /// <see cref="HubFailedException"/>s when one failed (which stops the others). <see cref="Stop"/>, from any thread
    /// or hub, asks every hub to stop and returns at once. A listening socket given to the constructor is shared
    /// instead: each hub waits on a duplicate of its descriptor. Handlers learn their hub from
    /// <see cref="HubGroup.CurrentIndex"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Workers
    {
        get => _hubs?.Count ?? 1;
        init => _hubs = ServerWorkers.For(value, this);
    }

    /// <summary>The listening socket of a server on one hub: the given one, or a new one bound to <paramref name="address"/>.</summary>
    private StreamServer CreateListener(Func<IPEndPoint> address, Pool pool) => _givenListener is { } given
        ? new StreamServer(given, ServeConnectionAsync, pool)
        : new StreamServer(address(), ServeConnectionAsync, pool, ListenBacklog);

    GreenSocket? IWorkerServer.GivenListener => _givenListener;

    int IWorkerServer.ListenBacklog => ListenBacklog;

    IPEndPoint IWorkerServer.ResolveBindAddress() => _requested ?? GreenDns.ResolveBindAddress(_requestedHost!, _requestedPort);

    (Func<GreenTask> Serve, Func<GreenDuration?, GreenTask> Stop) IWorkerServer.CreateOnHub(GreenSocket listener)
    {
        var server = new HttpServer(this, listener);
        return (server.ServeForeverAwaitable, server.StopAwaitable);
    }
}
