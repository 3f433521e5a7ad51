using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Greenlets;

public sealed partial class GreenSocket
{
    private ConnectWait? _connectWait;
    private AcceptWait? _acceptWait;

    /// <summary>
    /// Creates a TCP socket of <paramref name="address"/>'s family, with <paramref name="timeout"/> as its
    /// <see cref="Timeout"/>, and connects it.
    /// </summary>
    /// <param name="address">The peer.</param>
    /// <param name="timeout">The socket's timeout, which also bounds the connect; null waits as long as it takes.</param>
    /// <returns>The connected socket.</returns>
    /// <exception cref="SocketTimeoutException">The connection took longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="SocketException">The peer refused, or could not be reached.</exception>
    /// <remarks>gevent: <c>socket.create_connection(address, timeout)</c>.</remarks>
    [Cooperative(nameof(CreateConnectionAwaitable))]
    public static GreenSocket CreateConnection(IPEndPoint address, GreenDuration? timeout = null)
    {
        var socket = NewClient(address, timeout.InSeconds());
        try
        {
            socket.Connect(address);
            return socket;
        }
        catch
        {
            socket.Close();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="CreateConnection(IPEndPoint, GreenDuration?)"/> instead.</summary>
    /// <param name="address">The peer.</param>
    /// <param name="timeout">The socket's timeout.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<GreenSocket> CreateConnectionAwaitable(IPEndPoint address, GreenDuration? timeout = null)
    {
        var socket = NewClient(address, timeout.InSeconds());
        try
        {
            await socket.ConnectAwaitable(address);
            return socket;
        }
        catch
        {
            socket.Close();
            throw;
        }
    }

    /// <summary>Connects to <paramref name="address"/>, waiting up to <see cref="Timeout"/>.</summary>
    /// <param name="address">The peer (an IPv4 address on an IPv6 socket is reached as a mapped address).</param>
    /// <exception cref="SocketTimeoutException">The connection took longer than the timeout.</exception>
    /// <exception cref="SocketException">The peer refused, or could not be reached.</exception>
    /// <remarks>gevent: <c>socket.connect(address)</c>.</remarks>
    [Cooperative(nameof(ConnectAwaitable))]
    public void Connect(IPEndPoint address)
    {
        if (!StartConnect(address))
        {
            do
            {
                Block(IoEvents.Write, ConnectWait.Name);
            }
            while (!ConnectFinished());
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Connect"/> instead.</summary>
    /// <param name="address">The peer.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask ConnectAwaitable(IPEndPoint address) =>
        StartConnect(address) ? default : new GreenTask((_connectWait ??= new ConnectWait(this)).Start());

    /// <summary>
    /// Takes the next connection from a listening socket, waiting up to <see cref="Timeout"/> for one.
    /// The new socket starts with <see cref="DefaultTimeout"/>.
    /// </summary>
    /// <returns>The connected socket and the peer's address.</returns>
    /// <exception cref="SocketTimeoutException">No connection came in time.</exception>
    /// <exception cref="SocketException">The system refused (for example <see cref="SocketError.TooManyOpenSockets"/>).</exception>
    /// <remarks>gevent: <c>socket.accept()</c>.</remarks>
    [Cooperative(nameof(AcceptAwaitable))]
    public (GreenSocket Socket, IPEndPoint Address) Accept()
    {
        (GreenSocket, IPEndPoint) accepted;
        while (!TryAccept(out accepted))
        {
            Block(IoEvents.Read, AcceptWait.Name);
        }

        return accepted;
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Accept"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<(GreenSocket Socket, IPEndPoint Address)> AcceptAwaitable() =>
        TryAccept(out var accepted) ? new GreenTask<(GreenSocket, IPEndPoint)>(accepted) : new GreenTask<(GreenSocket, IPEndPoint)>((_acceptWait ??= new AcceptWait(this)).Start());

    /// <summary>Takes the next connection if one is queued, without waiting.</summary>
    /// <param name="accepted">The connected socket and the peer's address.</param>
    /// <returns>False when no connection is queued.</returns>
    /// <remarks>gevent: <c>socket.accept()</c> on a non-blocking socket.</remarks>
    public unsafe bool TryAccept(out (GreenSocket Socket, IPEndPoint Address) accepted)
    {
        if (SimulatedTcp("accept") is { } simulated)
        {
            accepted = default;
            if (!simulated.TryAccept(out var connection))
            {
                return false;
            }

            accepted = (new GreenSocket(new SimulatedTcpSocket(simulated.Network, connection.Stream), this), connection.Peer);
            return true;
        }

        var fd = LiveFd();
        byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
        while (true)
        {
            var length = SocketAddressCodec.MaxSize;
            var client = SocketNative.Accept4(fd, address, &length, SocketNative.SOCK_NONBLOCK | SocketNative.SOCK_CLOEXEC);
            if (client >= 0)
            {
                var peer = SocketAddressCodec.Read(new ReadOnlySpan<byte>(address, SocketAddressCodec.MaxSize), length)
                    ?? new IPEndPoint(AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
                accepted = (new GreenSocket(client, this), peer);
                return true;
            }

            var errno = SocketNative.LastError;
            if (errno == SocketNative.EINTR)
            {
                continue;
            }

            accepted = default;
            return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, "accept");
        }
    }

    private static GreenSocket NewClient(IPEndPoint address, double? timeout)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GreenSocket(address.AddressFamily) { Timeout = timeout };
    }

    /// <summary>Starts a non-blocking connect: true when it completed at once.</summary>
    private unsafe bool StartConnect(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (SimulatedTcp("connect") is { } simulated)
        {
            simulated.StartConnect(address);
            return false; // the SYN takes the link's latency: the answer comes as a write wake
        }

        var fd = LiveFd();
        Span<byte> buffer = stackalloc byte[SocketAddressCodec.MaxSize];
        var length = SocketAddressCodec.Write(address, _family, buffer);
        fixed (byte* native = buffer)
        {
            while (SocketNative.Connect(fd, native, length) != 0)
            {
                var errno = SocketNative.LastError;
                if (errno == SocketNative.EINPROGRESS || errno == SocketNative.EINTR)
                {
                    return false; // EINTR: the connect goes on in the background, as EINPROGRESS
                }

                if (errno == SocketNative.EAGAIN && SocketType == SocketType.Dgram)
                {
                    continue;
                }

                throw SocketErrors.FromErrno(errno, $"connect to {address}");
            }
        }

        return true;
    }

    /// <summary>After a write wake: true once connected; raises the connect's error; false while it is still going.</summary>
    private unsafe bool ConnectFinished()
    {
        if (SimulatedTcp("connect") is { } simulated)
        {
            return simulated.ConnectFinished();
        }

        var fd = LiveFd();
        int error;
        var length = sizeof(int);
        if (SocketNative.GetSockOpt(fd, SocketNative.SOL_SOCKET, SocketNative.SO_ERROR, (byte*)&error, &length) != 0)
        {
            throw SocketErrors.Last("connect");
        }

        if (error != 0)
        {
            throw SocketErrors.FromErrno(error, "connect");
        }

        byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
        var addressLength = SocketAddressCodec.MaxSize;
        return SocketNative.GetPeerName(fd, address, &addressLength) == 0; // ENOTCONN: the wake came early
    }

    private sealed class ConnectWait(GreenSocket socket) : SocketWait<VoidResult>(socket, IoEvents.Write)
    {
        public const string Name = "GreenSocket.Connect";

        protected override string Operation => Name;

        protected override bool TryComplete(out VoidResult result)
        {
            result = default;
            return Socket.ConnectFinished();
        }
    }

    private sealed class AcceptWait(GreenSocket socket) : SocketWait<(GreenSocket, IPEndPoint)>(socket, IoEvents.Read)
    {
        public const string Name = "GreenSocket.Accept";

        protected override string Operation => Name;

        protected override bool TryComplete(out (GreenSocket, IPEndPoint) result) => Socket.TryAccept(out result);
    }
}
