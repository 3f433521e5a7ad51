using System.Net;
using System.Net.Sockets;

namespace Greenlets;

/// <summary>
/// A cooperative socket: TCP or UDP, IPv4 or IPv6. It reads like a blocking socket, but an operation that would
/// block parks only the calling greenlet (in plain code, the main greenlet runs the hub meanwhile), on the hub's
/// reactor. Every operation tries its non-blocking system call first, so one that can complete at once makes no
/// other call and allocates nothing. Waits are bounded by <see cref="Timeout"/>, and raise
/// <see cref="SocketTimeoutException"/> when it passes. One greenlet at a time may wait to read, and one to write.
/// Closing a socket that a greenlet waits on wakes that greenlet with <see cref="FileDescriptorClosedException"/>;
/// using a closed socket raises <see cref="ObjectDisposedException"/>. A socket belongs to the hub of the thread
/// that first waits on it.
/// </summary>
/// <remarks>gevent: <c>gevent.socket.socket</c>.</remarks>
public sealed partial class GreenSocket : IDisposable
{
    /// <summary>The descriptor number of a simulated socket, which has none: never a real one, and not negative (not closed).</summary>
    private const int SimulatedDescriptor = int.MaxValue;

    private readonly int _family;
    private readonly ISimulatedSocket? _simulated;
    private int _fd;
    private double? _timeout;
    private FdWatch? _watch;
    private SocketStream? _stream;

    /// <summary>Creates a socket: TCP (<see cref="SocketType.Stream"/>) or UDP (<see cref="SocketType.Dgram"/>), IPv4 or IPv6.</summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> (IPv4) or <see cref="AddressFamily.InterNetworkV6"/> (IPv6).</param>
    /// <param name="type"><see cref="SocketType.Stream"/> or <see cref="SocketType.Dgram"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another family or type.</exception>
    /// <exception cref="SocketException">The system refused (for example, too many open descriptors).</exception>
    /// <remarks>gevent: <c>socket.socket(family=AF_INET, type=SOCK_STREAM)</c>.</remarks>
    public GreenSocket(AddressFamily family = AddressFamily.InterNetwork, SocketType type = SocketType.Stream)
    {
        _family = family switch
        {
            AddressFamily.InterNetwork => SocketNative.AF_INET,
            AddressFamily.InterNetworkV6 => SocketNative.AF_INET6,
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Green sockets are IPv4 (InterNetwork) or IPv6 (InterNetworkV6)."),
        };
        var nativeType = type switch
        {
            SocketType.Stream => SocketNative.SOCK_STREAM,
            SocketType.Dgram => SocketNative.SOCK_DGRAM,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Green sockets are Stream (TCP) or Dgram (UDP)."),
        };
        if (Hub.CurrentIfAny?.Network is { } network)
        {
            // A simulated network is installed on this thread's hub: the socket is a port or an endpoint on it, with
            // no descriptor, so the same code reaches simulated hosts rather than the kernel.
            _simulated = type == SocketType.Dgram ? network.OpenDatagramSocket() : new SimulatedTcpSocket(network);
            _fd = SimulatedDescriptor;
        }
        else
        {
            _fd = SocketNative.Socket(_family, nativeType | SocketNative.SOCK_NONBLOCK | SocketNative.SOCK_CLOEXEC, 0);
            if (_fd < 0)
            {
                throw SocketErrors.Last("socket");
            }
        }

        AddressFamily = family;
        SocketType = type;
        _timeout = DefaultTimeout.InSeconds();
    }

    /// <summary>Wraps a descriptor accept(2) returned, non-blocking already.</summary>
    private GreenSocket(int fd, GreenSocket listener)
    {
        _fd = fd;
        _family = listener._family;
        AddressFamily = listener.AddressFamily;
        SocketType = listener.SocketType;
        _timeout = DefaultTimeout.InSeconds();
    }

    /// <summary>Wraps a connection a simulated listener accepted.</summary>
    private GreenSocket(SimulatedTcpSocket accepted, GreenSocket listener)
    {
        _simulated = accepted;
        _fd = SimulatedDescriptor;
        _family = listener._family;
        AddressFamily = listener.AddressFamily;
        SocketType = listener.SocketType;
        _timeout = DefaultTimeout.InSeconds();
    }

    /// <summary>
    /// The timeout new sockets start with, in seconds; null (the default) means operations wait as long as they take.
    /// </summary>
    /// <remarks>gevent: <c>socket.getdefaulttimeout()</c> and <c>socket.setdefaulttimeout(value)</c>.</remarks>
    public static GreenDuration? DefaultTimeout { get; set; }

    /// <summary>The address family: IPv4 or IPv6.</summary>
    /// <remarks>gevent: <c>socket.family</c>.</remarks>
    public AddressFamily AddressFamily { get; }

    /// <summary>Stream (TCP) or datagram (UDP).</summary>
    /// <remarks>gevent: <c>socket.type</c>.</remarks>
    public SocketType SocketType { get; }

    /// <summary>The descriptor, or -1 once closed.</summary>
    /// <exception cref="NotSupportedException">The socket is a simulated one (<see cref="SimulatedNetwork"/>), which has no descriptor.</exception>
    /// <remarks>gevent: <c>socket.fileno()</c>.</remarks>
    public int FileNo => _fd == SimulatedDescriptor ? throw NotSimulated("FileNo") : _fd;

    /// <summary>True once <see cref="Close"/> ran.</summary>
    /// <remarks>gevent: <c>socket.closed</c>.</remarks>
    public bool IsClosed => _fd < 0;

    /// <summary>
    /// How long each wait of an operation may last, in seconds or as a <see cref="TimeSpan"/>: null (or
    /// <see cref="Timeout.InfiniteTimeSpan"/>) waits as long as it takes; 0 makes the socket
    /// non-blocking (an operation that would wait raises <see cref="SocketException"/> with
    /// <see cref="SocketError.WouldBlock"/>); otherwise a wait that lasts longer raises <see cref="SocketTimeoutException"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or NaN value.</exception>
    /// <remarks>gevent: <c>socket.settimeout(value)</c> and <c>socket.gettimeout()</c>.</remarks>
    public GreenDuration? Timeout
    {
        get => _timeout;
        set
        {
            if (value.InSeconds() is { } seconds && (double.IsNaN(seconds) || seconds < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A socket timeout is null, zero or a positive number of seconds.");
            }

            _timeout = value.InSeconds();
        }
    }

    /// <summary>The address the socket is bound to (after <see cref="Bind"/>, <see cref="Connect"/> or accept).</summary>
    /// <remarks>gevent: <c>socket.getsockname()</c>.</remarks>
    public IPEndPoint LocalEndPoint => QueryAddress(peer: false);

    /// <summary>The address of the connected peer.</summary>
    /// <exception cref="SocketException">The socket is not connected.</exception>
    /// <remarks>gevent: <c>socket.getpeername()</c>.</remarks>
    public IPEndPoint RemoteEndPoint => QueryAddress(peer: true);

    /// <summary>Binds the socket to a local address; port 0 picks a free port (read it back from <see cref="LocalEndPoint"/>).</summary>
    /// <param name="address">The local address.</param>
    /// <exception cref="SocketException">The address is in use or not local.</exception>
    /// <remarks>gevent: <c>socket.bind(address)</c>.</remarks>
    public unsafe void Bind(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_simulated is { } simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            simulated.Bind(address);
            return;
        }

        var fd = LiveFd();
        Span<byte> buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        var length = SocketAddressCodec.Write(address, _family, buffer);
        fixed (byte* native = buffer)
        {
            if (SocketNative.Bind(fd, native, length) != 0)
            {
                throw SocketErrors.Last($"bind to {address}");
            }
        }
    }

    /// <summary>Makes a TCP socket accept connections.</summary>
    /// <param name="backlog">How many connections the kernel queues before <see cref="Accept"/> takes them.</param>
    /// <remarks>gevent: <c>socket.listen(backlog)</c>.</remarks>
    public void Listen(int backlog = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        if (SimulatedTcp("listen") is { } simulated)
        {
            simulated.Listen(backlog);
            return;
        }

        if (SocketNative.Listen(LiveFd(), backlog) != 0)
        {
            throw SocketErrors.Last("listen");
        }
    }

    /// <summary>Shuts down reading, writing or both; the peer sees end of stream once writing is shut.</summary>
    /// <param name="how">Which directions to shut.</param>
    /// <remarks>gevent: <c>socket.shutdown(how)</c>.</remarks>
    public void Shutdown(SocketShutdown how)
    {
        var native = how switch
        {
            SocketShutdown.Receive => 0,
            SocketShutdown.Send => 1,
            SocketShutdown.Both => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
        if (SimulatedTcp("shutdown") is { } simulated)
        {
            simulated.Shutdown(how);
            return;
        }

        if (SocketNative.Shutdown(LiveFd(), native) != 0)
        {
            throw SocketErrors.Last("shutdown");
        }
    }

    /// <summary>
    /// Closes the socket. A greenlet waiting on it wakes with <see cref="FileDescriptorClosedException"/>; later calls
    /// raise <see cref="ObjectDisposedException"/>. Closing twice does nothing.
    /// </summary>
    /// <remarks>gevent: <c>socket.close()</c>.</remarks>
    public void Close()
    {
        var fd = _fd;
        if (fd < 0)
        {
            return;
        }

        _fd = -1;
        if (_simulated is { } simulated)
        {
            simulated.Close(); // wakes a waiting reader, whose retry then finds the socket closed
            return;
        }

        // First drop the reactor's registration: the kernel may hand this number to the next socket at once.
        _watch?.Close();
        _watch = null;
        SocketNative.Close(fd);
    }

    /// <summary>
    /// gevent: <c>socket.makefile('rwb')</c>; .NET: <c>TcpClient.GetStream()</c>. The connected socket as a
    /// <see cref="GreenStream"/>, for code written against streams (TLS, the HTTP client, a line reader). The same
    /// stream every call; it shares <see cref="Timeout"/> with the socket, and closing it closes the socket.
    /// </summary>
    /// <returns>The socket's stream.</returns>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="NotSupportedException">The socket is not a stream socket.</exception>
    public GreenStream GetStream()
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this); // a simulated TCP socket has a stream too, though no descriptor
        if (SocketType != SocketType.Stream)
        {
            throw new NotSupportedException($"Only a stream socket has a stream; this one is {SocketType}.");
        }

        return _stream ??= new SocketStream(this);
    }

    /// <summary>Closes the socket: the same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => _fd < 0
        ? $"<GreenSocket closed {SocketType}>"
        : _simulated is { } simulated ? $"<GreenSocket simulated {AddressFamily} {SocketType} {simulated.Host?.Name} {simulated.LocalEndPoint}>"
        : $"<GreenSocket fd={_fd} {AddressFamily} {SocketType}>";

    internal int LiveFd()
    {
        var fd = _fd;
        ObjectDisposedException.ThrowIf(fd < 0, this);
        return fd != SimulatedDescriptor ? fd : throw NotSimulated("this operation");
    }

    /// <summary>Parks until the socket may be ready in <paramref name="direction"/>: on the reactor, or on the simulated network.</summary>
    internal GreenAwaitable<bool> WaitReadyAwaitable(IoEvents direction, double? seconds)
    {
        if (_simulated is { } simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return simulated.WaitAwaitable(direction, seconds);
        }

        return WatchForWaiting().WaitAwaitable(direction, seconds);
    }

    private NotSupportedException NotSimulated(string operation) => new(_simulated is SimulatedTcpSocket
        ? $"{operation} is not simulated: a TCP socket on a SimulatedNetwork has no descriptor, and supports Bind, Listen, Accept, " +
          "Connect, Send, Recv, Shutdown, GetStream, its end points, Timeout, options and Close (docs/simulated-network.md)."
        : $"{operation} is not simulated: a datagram socket on a SimulatedNetwork supports Bind, SendTo, RecvFrom, RecvFromInto, " +
          "TrySendTo, TryRecvFrom, LocalEndPoint, Timeout, options and Close (docs/simulated-network.md).");

    /// <summary>The simulated TCP side of this socket, if it has one (checked open); null for a kernel socket.</summary>
    private SimulatedTcpSocket? SimulatedTcp(string operation)
    {
        if (_simulated is null)
        {
            return null;
        }

        ObjectDisposedException.ThrowIf(_fd < 0, this);
        return _simulated as SimulatedTcpSocket ?? throw NotSimulated(operation);
    }

    /// <summary>The socket's registration with the hub's reactor, made the first time an operation has to wait.</summary>
    internal FdWatch WatchForWaiting()
    {
        var fd = LiveFd();
        return _watch ??= Hub.Current.Reactor.Watch(fd);
    }

    /// <summary>How long a wait of <paramref name="operation"/> may last; a non-blocking socket may not wait at all.</summary>
    internal double? WaitSeconds(string operation) => _timeout is 0
        ? throw SocketErrors.FromErrno(SocketNative.EAGAIN, operation)
        : _timeout;

    internal SocketTimeoutException TimedOut(string operation) => new(operation, _timeout ?? 0);

    /// <summary>Waits, as the main greenlet running the hub, until the socket is ready in <paramref name="direction"/>.</summary>
    private void Block(IoEvents direction, string operation)
    {
        var seconds = WaitSeconds(operation);
        var hub = Hub.Current.BeginBlockingCall(operation);
        if (!WaitReadyAwaitable(direction, seconds).Block(hub))
        {
            throw TimedOut(operation);
        }
    }

    private unsafe IPEndPoint QueryAddress(bool peer)
    {
        if (_simulated is { } simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return !peer ? simulated.LocalEndPoint
                : simulated is SimulatedTcpSocket tcp ? tcp.RemoteEndPoint
                : throw new SocketException((int)SocketError.NotConnected, "a simulated datagram socket is never connected");
        }

        var fd = LiveFd();
        byte* buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        var length = SocketAddressCodec.MaxSize;
        var result = peer ? SocketNative.GetPeerName(fd, buffer, &length) : SocketNative.GetSockName(fd, buffer, &length);
        if (result != 0)
        {
            throw SocketErrors.Last(peer ? "getpeername" : "getsockname");
        }

        return SocketAddressCodec.Read(new ReadOnlySpan<byte>(buffer, SocketAddressCodec.MaxSize), length)
            ?? throw new SocketException((int)SocketError.AddressFamilyNotSupported);
    }
}
