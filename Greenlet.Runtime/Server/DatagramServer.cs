using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A UDP server on the hub: one greenlet reads datagrams and spawns, for each, a greenlet running the handler with the
/// datagram's bytes and its sender's address; the handler answers with <see cref="SendTo(byte[], IPEndPoint)"/>. Give
/// the handler as a <see cref="GreenletAttribute">[Greenlet]</see> method so that it runs cooperatively. With a
/// <see cref="Greenlets.Pool"/>, at most its size of handlers run at once and reading pauses while it is full
/// (datagrams wait in the kernel's receive buffer meanwhile, and past its size the kernel drops them, as UDP does). A
/// handler that throws is reported like any failed greenlet; the server keeps serving.
/// </summary>
/// <remarks>
/// gevent: <c>gevent.server.DatagramServer</c>. gevent reads at most 8,192 bytes of a datagram and drops the rest
/// silently; this server reads whole datagrams, up to UDP's 65,507.
/// </remarks>
public sealed class DatagramServer : IDisposable
{
    private const int LargestDatagram = 65_507;
    private readonly IPEndPoint? _bindAddress;
    private readonly string? _bindHost;
    private readonly int _bindPort;
    private readonly Action<byte[], IPEndPoint> _handle;
    private readonly Func<byte[], IPEndPoint, GreenTask>? _handleTwin;
    private readonly Func<byte[], IPEndPoint, GreenTask> _serveDatagram;
    private readonly ServerHandlers _handlers;
    private readonly GreenSemaphore _sendLock = new(1); // a socket has one pending send at a time
    private GreenSocket? _socket;
    private Greenlet? _reader;
    private IPEndPoint? _address;

    /// <summary>Creates a server that will receive on <paramref name="address"/> once started (port 0 picks a free port).</summary>
    /// <param name="address">Where to receive.</param>
    /// <param name="handle">The handler, called with each datagram and its sender's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per datagram without limit.</param>
    /// <remarks>gevent: <c>DatagramServer(address, handle, spawn='default')</c>.</remarks>
    public DatagramServer(IPEndPoint address, Action<byte[], IPEndPoint> handle, Pool? pool = null)
        : this(handle, pool)
    {
        ArgumentNullException.ThrowIfNull(address);
        _bindAddress = address;
    }

    /// <summary>
    /// Creates a server that will receive on <paramref name="host"/>:<paramref name="port"/> once started; the host is
    /// resolved when the server starts, as <see cref="StreamServer.Start"/> does.
    /// </summary>
    /// <param name="host">A numeric address, a host name such as <c>localhost</c>, or <c>""</c> for every interface.</param>
    /// <param name="port">The port; 0 picks a free one (see <see cref="Address"/>).</param>
    /// <param name="handle">The handler, called with each datagram and its sender's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per datagram without limit.</param>
    /// <remarks>gevent: <c>DatagramServer((host, port), handle)</c>.</remarks>
    public DatagramServer(string host, int port, Action<byte[], IPEndPoint> handle, Pool? pool = null)
        : this(handle, pool)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _bindHost = host;
        _bindPort = port;
    }

    /// <summary>Creates a server reading from <paramref name="socket"/>, a datagram socket already bound.</summary>
    /// <param name="socket">The socket; the server closes it when it stops.</param>
    /// <param name="handle">The handler, called with each datagram and its sender's address; a [Greenlet] method.</param>
    /// <param name="pool">Caps how many handlers run at once; null spawns one greenlet per datagram without limit.</param>
    /// <exception cref="ArgumentException"><paramref name="socket"/> is not a datagram socket.</exception>
    /// <remarks>gevent: <c>DatagramServer(socket, handle)</c>.</remarks>
    public DatagramServer(GreenSocket socket, Action<byte[], IPEndPoint> handle, Pool? pool = null)
        : this(handle, pool)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Dgram)
        {
            throw new ArgumentException($"a DatagramServer needs a datagram socket, not a {socket.SocketType} one", nameof(socket));
        }

        _socket = socket;
    }

    private DatagramServer(Action<byte[], IPEndPoint> handle, Pool? pool)
    {
        _handle = handle ?? throw new ArgumentNullException(nameof(handle));
        _handleTwin = GreenletTwin.Find<Func<byte[], IPEndPoint, GreenTask>>(handle);
        _serveDatagram = ServeDatagramAsync;
        _handlers = new ServerHandlers(pool, () => _socket?.Close());
        Pool = pool;
    }

    /// <summary>The pool capping the handlers, if one was given.</summary>
    /// <remarks>gevent: <c>DatagramServer.pool</c>.</remarks>
    public Pool? Pool { get; }

    /// <summary>How long <see cref="Stop"/> waits for handlers by default before killing them.</summary>
    /// <remarks>gevent: <c>DatagramServer.stop_timeout</c> (1 second).</remarks>
    public GreenDuration StopTimeout { get; set; } = 1;

    /// <summary>The address the server receives on, with the port the system picked for port 0. Known once started.</summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    /// <remarks>gevent: <c>DatagramServer.address</c>.</remarks>
    public IPEndPoint Address => _address ?? throw new InvalidOperationException("The server's address is known once it has started.");

    /// <summary>True while the server reads datagrams.</summary>
    /// <remarks>gevent: <c>DatagramServer.started</c>.</remarks>
    public bool IsStarted => _reader is not null && !_handlers.IsStopping;

    /// <summary>True once the server was stopped.</summary>
    /// <remarks>gevent: <c>DatagramServer.closed</c>.</remarks>
    public bool IsClosed => _handlers.IsClosed;

    /// <summary>The greenlets running handlers now.</summary>
    public int ActiveHandlers => _handlers.Running.Count;

    /// <summary>Creates and binds the socket (unless one was given) and starts reading in a new greenlet. Never switches.</summary>
    /// <exception cref="InvalidOperationException">The server was started already, or stopped.</exception>
    /// <exception cref="SocketException">The address is in use, or the host name does not resolve.</exception>
    /// <remarks>gevent: <c>DatagramServer.start()</c>.</remarks>
    public void Start()
    {
        if (_reader is not null || _handlers.IsStopping)
        {
            throw new InvalidOperationException(_handlers.IsStopping ? "The server was stopped; create a new one." : "The server is already started.");
        }

        if (_socket is null)
        {
            var bindAddress = _bindAddress ?? GreenDns.ResolveBindAddress(_bindHost!, _bindPort);
            var socket = new GreenSocket(bindAddress.AddressFamily, SocketType.Dgram) { ReuseAddress = true };
            try
            {
                socket.Bind(bindAddress);
            }
            catch
            {
                socket.Close();
                throw;
            }

            _socket = socket;
        }

        _address = _socket.LocalEndPoint;
        _reader = Greenlet.SpawnTwin(ReadLoopAsync);
    }

    /// <summary>Sends <paramref name="data"/> to <paramref name="address"/> from the server's socket (a handler's reply).</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it, usually the address the handler was given.</param>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    /// <remarks>gevent: <c>DatagramServer.sendto(data, address)</c>.</remarks>
    [Cooperative(nameof(SendToAwaitable))]
    public void SendTo(byte[] data, IPEndPoint address) => PlainCallBridge.Run(() => SendToAwaitable(data, address));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendTo"/> instead.</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask SendToAwaitable(byte[] data, IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(address);
        var socket = _socket ?? throw new InvalidOperationException("The server sends once it has started.");
        using var turn = await _sendLock.LockAwaitable();
        await socket.SendToAwaitable(data, address);
    }

    /// <summary>Starts the server if it is not started, then waits until it is stopped.</summary>
    /// <param name="stopTimeout">How long the stop waits for handlers if the waiting greenlet is killed; null uses <see cref="StopTimeout"/>.</param>
    /// <remarks>gevent: <c>DatagramServer.serve_forever(stop_timeout=None)</c>.</remarks>
    [Cooperative(nameof(ServeForeverAwaitable))]
    public void ServeForever(GreenDuration? stopTimeout = null)
    {
        if (_reader is null)
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
        if (_reader is null)
        {
            Start();
        }

        return _handlers.ServeUntilStoppedAsync(stopTimeout ?? StopTimeout);
    }

    /// <summary>
    /// Stops reading (the socket is closed), waits up to <paramref name="timeout"/> for the running handlers, then
    /// kills those still running. Stopping a stopped server does nothing.
    /// </summary>
    /// <param name="timeout">How long to wait for handlers; null uses <see cref="StopTimeout"/>.</param>
    /// <remarks>gevent: <c>DatagramServer.stop(timeout=None)</c>.</remarks>
    [Cooperative(nameof(StopAwaitable))]
    public void Stop(GreenDuration? timeout = null) => _handlers.Stop(timeout ?? StopTimeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Stop"/> instead.</summary>
    /// <param name="timeout">How long to wait for handlers.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask StopAwaitable(GreenDuration? timeout = null) => _handlers.StopAsync(timeout ?? StopTimeout);

    /// <summary>Stops at once: closes the socket and kills the handlers without waiting for them.</summary>
    public void Dispose() => _handlers.StopNow();

    /// <inheritdoc/>
    public override string ToString() => $"<DatagramServer at {_address?.ToString() ?? _bindAddress?.ToString() ?? (_bindHost is null ? "?" : $"{_bindHost}:{_bindPort}")}>";

    private async GreenTask ReadLoopAsync()
    {
        var socket = _socket!;
        var buffer = new byte[LargestDatagram];
        while (!_handlers.IsStopping)
        {
            if (Pool is { } pool && pool.FreeCount == 0)
            {
                await pool.WaitAvailableAwaitable(); // full: leave datagrams in the kernel's buffer
                continue;
            }

            (int Count, IPEndPoint Address) received;
            try
            {
                received = await socket.RecvFromIntoAwaitable(buffer);
            }
            catch (Exception exception) when (_handlers.IsStopping && exception is FileDescriptorClosedException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                continue; // an ICMP "port unreachable" for an earlier reply: nothing to serve
            }

            await _handlers.Running.SpawnAwaitable(_serveDatagram, buffer[..received.Count], received.Address);
        }
    }

    private async GreenTask ServeDatagramAsync(byte[] data, IPEndPoint address)
    {
        if (_handleTwin is { } twin)
        {
            await twin(data, address);
        }
        else
        {
            _handle(data, address); // not a [Greenlet] method: it runs as plain code and must not wait
        }
    }
}
