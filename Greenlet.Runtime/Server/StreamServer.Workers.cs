using System.Net;

namespace Greenlets;

public sealed partial class StreamServer : IWorkerServer
{
    private readonly ServerWorkers? _hubs;

    /// <summary>
    /// How many hubs serve, each on its own thread (a <see cref="HubGroup"/>) with its own listening socket bound to
    /// the same address with <c>SO_REUSEPORT</c>, the kernel spreading new connections over them. 1, the default,
    /// serves on the calling thread's hub. Going from one hub to every core is this one line:
    /// <c>new StreamServer(address, Handle) { Workers = Environment.ProcessorCount }</c>.
    /// </summary>
    /// <remarks>
    /// <para>gevent: none; gunicorn's <c>--workers N</c> runs N processes, which this does with hubs in one process.</para>
    /// <para>
    /// Each hub has its own server: a copy of this one's handler and settings, its own <see cref="Pool"/> of the same
    /// size when one was given (the cap is per hub), and its own handlers. <see cref="Start"/> starts the hubs and
    /// returns; <see cref="ServeForever"/> waits until every hub has ended, and raises the
    /// <see cref="AggregateException"/> of <see cref="HubFailedException"/>s when one failed (which stops the others).
    /// <see cref="Stop"/>, from any thread or hub, asks every hub to stop and returns at once. A listening socket given
    /// to the constructor is shared instead: each hub waits on a duplicate of its descriptor. Handlers learn their hub
    /// from <see cref="HubGroup.CurrentIndex"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Workers
    {
        get => _hubs?.Count ?? 1;
        init => _hubs = ServerWorkers.For(value, this);
    }

    /// <summary>One hub's copy of <paramref name="template"/>, accepting on <paramref name="listener"/>.</summary>
    private StreamServer(StreamServer template, GreenSocket listener)
        : this(template._handle, template._handleTwin, template.Pool is { } pool ? new Pool(pool.Size) : null, backlog: 0)
    {
        _listener = listener;
        _handleStream = template._handleStream;
        _handleStreamTwin = template._handleStreamTwin;
        Tls = template.Tls;
        TlsHandshakeTimeout = template.TlsHandshakeTimeout;
        StopTimeout = template.StopTimeout;
        MinAcceptDelay = template.MinAcceptDelay;
        MaxAcceptDelay = template.MaxAcceptDelay;
    }

    GreenSocket? IWorkerServer.GivenListener => _listener;

    int IWorkerServer.ListenBacklog => Backlog;

    IPEndPoint IWorkerServer.ResolveBindAddress() => _bindAddress ?? GreenDns.ResolveBindAddress(_bindHost!, _bindPort);

    (Func<GreenTask> Serve, Func<GreenDuration?, GreenTask> Stop) IWorkerServer.CreateOnHub(GreenSocket listener)
    {
        var server = new StreamServer(this, listener);
        return (() => server.ServeForeverAwaitable(), server.StopAwaitable);
    }
}
