namespace Greenlets;

/// <summary>
/// A ZeroMQ socket whose sends and receives are cooperative: one that would block parks the greenlet (the main
/// greenlet in plain code) while the hub runs the others, and resumes it when libzmq can go on. Create it with
/// <see cref="ZmqContext.Socket"/>. Wire-compatible with every libzmq peer, because it is libzmq.
/// </summary>
/// <remarks>
/// <para>A socket belongs to the hub (thread) that created it: libzmq sockets are not thread-safe, and its waits are
/// registered with that hub's reactor. Using it from another thread throws. To talk between hubs, give each its own
/// sockets, connected over <c>inproc://</c>.</para>
/// <para>Waits use the socket's <c>ZMQ_FD</c> and <c>ZMQ_EVENTS</c>, never libzmq's blocking calls, so that
/// <see cref="SendTimeout"/> and <see cref="ReceiveTimeout"/> run on the hub's clock.</para>
/// <para>gevent: <c>zmq.green.Socket</c>.</para>
/// </remarks>
public sealed partial class ZmqSocket : IDisposable
{
    private readonly ZmqContext _context;
    private readonly Hub _hub;
    private readonly ZmqReadiness _readiness;
    private nint _handle;
    private TimeSpan? _sendTimeout;
    private TimeSpan? _receiveTimeout;

    internal ZmqSocket(ZmqContext context, nint handle, ZmqSocketType type, Hub hub)
    {
        _context = context;
        _handle = handle;
        _hub = hub;
        Type = type;
        _readiness = new ZmqReadiness(GetInt32Option(ZmqNative.ZMQ_FD));
    }

    /// <summary>The kind of socket.</summary>
    /// <remarks>gevent: <c>socket.type</c>.</remarks>
    public ZmqSocketType Type { get; }

    /// <summary>True once <see cref="Close"/> (or <see cref="Dispose"/>, or the context's disposal) closed it.</summary>
    /// <remarks>gevent: <c>socket.closed</c>.</remarks>
    public bool IsClosed => _handle == 0;

    /// <summary>Binds to <paramref name="endpoint"/>: <c>tcp://127.0.0.1:5555</c>, <c>tcp://*:*</c>, <c>ipc:///tmp/x</c>, <c>inproc://name</c>.</summary>
    /// <param name="endpoint">A libzmq endpoint. A tcp port of <c>*</c> takes a free one: read it from <see cref="LastEndpoint"/>.</param>
    /// <exception cref="ZmqException">libzmq refused it (the address is in use, the transport is unknown, ...).</exception>
    /// <remarks>gevent: <c>socket.bind(addr)</c>.</remarks>
    public void Bind(string endpoint) => CheckEndpointCall(ZmqNative.zmq_bind(Handle, Endpoint(endpoint)), "Bind", endpoint);

    /// <summary>
    /// Binds to a free tcp port of <paramref name="address"/> (such as <c>tcp://127.0.0.1</c>) and returns the port.
    /// </summary>
    /// <param name="address">A tcp endpoint without its port.</param>
    /// <returns>The port bound.</returns>
    /// <remarks>gevent: <c>socket.bind_to_random_port(addr)</c>.</remarks>
    public int BindToRandomPort(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        Bind(address + ":*");
        var endpoint = LastEndpoint;
        return int.Parse(endpoint.AsSpan(endpoint.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Connects to <paramref name="endpoint"/>. libzmq connects (and reconnects) in the background: this never waits.</summary>
    /// <param name="endpoint">A libzmq endpoint, such as <c>tcp://127.0.0.1:5555</c>.</param>
    /// <remarks>gevent: <c>socket.connect(addr)</c>.</remarks>
    public void Connect(string endpoint) => CheckEndpointCall(ZmqNative.zmq_connect(Handle, Endpoint(endpoint)), "Connect", endpoint);

    /// <summary>Stops listening on an endpoint given to <see cref="Bind"/> (for a <c>*</c> port, the one <see cref="LastEndpoint"/> names).</summary>
    /// <param name="endpoint">The endpoint bound.</param>
    /// <remarks>gevent: <c>socket.unbind(addr)</c>.</remarks>
    public void Unbind(string endpoint) => CheckEndpointCall(ZmqNative.zmq_unbind(Handle, Endpoint(endpoint)), "Unbind", endpoint);

    /// <summary>Drops a connection made by <see cref="Connect"/>.</summary>
    /// <param name="endpoint">The endpoint connected to.</param>
    /// <remarks>gevent: <c>socket.disconnect(addr)</c>.</remarks>
    public void Disconnect(string endpoint) => CheckEndpointCall(ZmqNative.zmq_disconnect(Handle, Endpoint(endpoint)), "Disconnect", endpoint);

    /// <summary>
    /// Closes the socket. It never waits: libzmq keeps delivering what was sent, for up to <see cref="Linger"/>, in
    /// the background, and the context's disposal waits for that. Greenlets waiting on the socket wake with
    /// <see cref="ObjectDisposedException"/>. Closing twice does nothing.
    /// </summary>
    /// <param name="linger">Replaces <see cref="Linger"/> first, when given (<see cref="TimeSpan.Zero"/> drops what is unsent).</param>
    /// <remarks>gevent: <c>socket.close(linger=None)</c>.</remarks>
    public void Close(TimeSpan? linger = null)
    {
        if (IsClosed)
        {
            return;
        }

        ThrowIfOtherHub();
        if (linger is not null)
        {
            Linger = linger;
        }

        // The reactor forgets ZMQ_FD before libzmq closes it: the number may be handed out again at once.
        _readiness.Close();
        var handle = _handle;
        _handle = 0;
        ZmqNative.zmq_close(handle);
        _context.Forget(this);
    }

    /// <summary>Closes the socket with its <see cref="Linger"/>, as <see cref="Close"/> does.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => $"ZmqSocket({Type}{(IsClosed ? ", closed" : string.Empty)})";

    /// <summary>Whether the socket was created on <paramref name="hub"/>.</summary>
    internal bool BelongsTo(Hub hub) => ReferenceEquals(hub, _hub);

    /// <summary>The libzmq handle, for a socket still open on this hub.</summary>
    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            ThrowIfOtherHub();
            return _handle;
        }
    }

    private void ThrowIfOtherHub()
    {
        if (!ReferenceEquals(Hub.Current, _hub))
        {
            throw new InvalidOperationException(
                $"{this} belongs to the hub of the thread that created it; libzmq sockets cannot be shared between threads. Create a socket per hub and connect them over inproc://.");
        }
    }

    private static string Endpoint(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        return endpoint;
    }

    private void CheckEndpointCall(int result, string operation, string endpoint)
    {
        if (result != 0)
        {
            var error = ZmqNative.zmq_errno();
            throw new ZmqException(error, $"{operation}(\"{endpoint}\") failed: {ZmqNative.ErrorText(error)} (libzmq error {error}).");
        }

        // A new connection is a new pipe that libzmq has not looked at for the greenlets already waiting: until
        // ZMQ_EVENTS looks (and marks it as read dry), messages written into it raise no edge on ZMQ_FD.
        AfterTransfer();
    }
}
