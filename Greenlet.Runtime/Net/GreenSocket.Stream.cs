using System.Net;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    private ConnectWait? _connectWait;
    private AcceptWait? _acceptWait;
    private RecvWait? _recvWait;
    private SendWait? _sendWait;
    private SendAllWait? _sendAllWait;

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
    [Cooperative(nameof(CreateConnectionAsync))]
    public static GreenSocket CreateConnection(IPEndPoint address, double? timeout = null)
    {
        var socket = NewClient(address, timeout);
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

    /// <summary>The awaitable form of <see cref="CreateConnection(IPEndPoint, double?)"/>, used by rewritten code.</summary>
    /// <param name="address">The peer.</param>
    /// <param name="timeout">The socket's timeout.</param>
    /// <returns>The awaitable operation.</returns>
    public static async GreenTask<GreenSocket> CreateConnectionAsync(IPEndPoint address, double? timeout = null)
    {
        var socket = NewClient(address, timeout);
        try
        {
            await socket.ConnectAsync(address);
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
    [Cooperative(nameof(ConnectAsync))]
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

    /// <summary>The awaitable form of <see cref="Connect"/>, used by rewritten code.</summary>
    /// <param name="address">The peer.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask ConnectAsync(IPEndPoint address) =>
        StartConnect(address) ? default : new GreenTask((_connectWait ??= new ConnectWait(this)).Start());

    /// <summary>
    /// Takes the next connection from a listening socket, waiting up to <see cref="Timeout"/> for one.
    /// The new socket starts with <see cref="DefaultTimeout"/>.
    /// </summary>
    /// <returns>The connected socket and the peer's address.</returns>
    /// <exception cref="SocketTimeoutException">No connection came in time.</exception>
    /// <exception cref="SocketException">The system refused (for example <see cref="SocketError.TooManyOpenSockets"/>).</exception>
    /// <remarks>gevent: <c>socket.accept()</c>.</remarks>
    [Cooperative(nameof(AcceptAsync))]
    public (GreenSocket Socket, IPEndPoint Address) Accept()
    {
        (GreenSocket, IPEndPoint) accepted;
        while (!TryAccept(out accepted))
        {
            Block(IoEvents.Read, AcceptWait.Name);
        }

        return accepted;
    }

    /// <summary>The awaitable form of <see cref="Accept"/>, used by rewritten code.</summary>
    /// <returns>The awaitable operation.</returns>
    public GreenTask<(GreenSocket Socket, IPEndPoint Address)> AcceptAsync() =>
        TryAccept(out var accepted) ? new GreenTask<(GreenSocket, IPEndPoint)>(accepted) : new GreenTask<(GreenSocket, IPEndPoint)>((_acceptWait ??= new AcceptWait(this)).Start());

    /// <summary>Takes the next connection if one is queued, without waiting.</summary>
    /// <param name="accepted">The connected socket and the peer's address.</param>
    /// <returns>False when no connection is queued.</returns>
    /// <remarks>gevent: <c>socket.accept()</c> on a non-blocking socket.</remarks>
    public unsafe bool TryAccept(out (GreenSocket Socket, IPEndPoint Address) accepted)
    {
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

    /// <summary>Sends what the socket buffer takes now (at least one byte), waiting up to <see cref="Timeout"/> for room.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>How many bytes were sent.</returns>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.send(data)</c>.</remarks>
    [Cooperative(nameof(SendAsync))]
    public int Send(ReadOnlyMemory<byte> data)
    {
        int sent;
        while (!TrySend(data.Span, out sent))
        {
            Block(IoEvents.Write, SendWait.Name);
        }

        return sent;
    }

    /// <inheritdoc cref="Send(ReadOnlyMemory{byte})"/>
    [Cooperative(nameof(SendAsync))]
    public int Send(byte[] data) => Send(new ReadOnlyMemory<byte>(data));

    /// <summary>The awaitable form of <see cref="Send(ReadOnlyMemory{byte})"/>, used by rewritten code.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        if (TrySend(data.Span, out var sent))
        {
            return new GreenTask<int>(sent);
        }

        var wait = _sendWait ??= new SendWait(this);
        wait.Data = data;
        return new GreenTask<int>(wait.Start());
    }

    /// <summary>The awaitable form of <see cref="Send(byte[])"/>, used by rewritten code.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask<int> SendAsync(byte[] data) => SendAsync(new ReadOnlyMemory<byte>(data));

    /// <summary>
    /// Sends every byte of <paramref name="data"/>, waiting for room as often as needed; each wait is bounded by
    /// <see cref="Timeout"/>. On a timeout or error some of the data may have been sent.
    /// </summary>
    /// <param name="data">The bytes to send.</param>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.sendall(data)</c>.</remarks>
    [Cooperative(nameof(SendAllAsync))]
    public void SendAll(ReadOnlyMemory<byte> data)
    {
        while (!TrySendAll(ref data))
        {
            Block(IoEvents.Write, SendAllWait.Name);
        }
    }

    /// <inheritdoc cref="SendAll(ReadOnlyMemory{byte})"/>
    [Cooperative(nameof(SendAllAsync))]
    public void SendAll(byte[] data) => SendAll(new ReadOnlyMemory<byte>(data));

    /// <summary>Sends all of <paramref name="text"/>, encoded as UTF-8.</summary>
    /// <param name="text">The text to send.</param>
    /// <remarks>gevent: <c>socket.sendall(text.encode())</c>.</remarks>
    [Cooperative(nameof(SendAllAsync))]
    public void SendAll(string text) => SendAll(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The awaitable form of <see cref="SendAll(ReadOnlyMemory{byte})"/>, used by rewritten code.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask SendAllAsync(ReadOnlyMemory<byte> data)
    {
        if (TrySendAll(ref data))
        {
            return default;
        }

        var wait = _sendAllWait ??= new SendAllWait(this);
        wait.Remaining = data;
        return new GreenTask(wait.Start());
    }

    /// <summary>The awaitable form of <see cref="SendAll(byte[])"/>, used by rewritten code.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask SendAllAsync(byte[] data) => SendAllAsync(new ReadOnlyMemory<byte>(data));

    /// <summary>The awaitable form of <see cref="SendAll(string)"/>, used by rewritten code.</summary>
    /// <param name="text">The text to send.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask SendAllAsync(string text) => SendAllAsync(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Sends what the socket buffer takes now, without waiting.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="sent">How many were sent.</param>
    /// <returns>False when the buffer is full (nothing was sent).</returns>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.send(data)</c> on a non-blocking socket.</remarks>
    public unsafe bool TrySend(ReadOnlySpan<byte> data, out int sent)
    {
        var fd = LiveFd();
        fixed (byte* bytes = data)
        {
            while (true)
            {
                var result = SocketNative.Send(fd, bytes, (nuint)data.Length, SocketNative.MSG_NOSIGNAL);
                if (result >= 0)
                {
                    sent = (int)result;
                    return true;
                }

                var errno = SocketNative.LastError;
                if (errno != SocketNative.EINTR)
                {
                    sent = 0;
                    return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, "send");
                }
            }
        }
    }

    /// <summary>
    /// Receives up to <paramref name="maxBytes"/> bytes, waiting up to <see cref="Timeout"/> for some.
    /// An empty array means the peer closed its end.
    /// </summary>
    /// <param name="maxBytes">The most bytes to return.</param>
    /// <returns>The bytes received; empty at end of stream.</returns>
    /// <remarks>gevent: <c>socket.recv(bufsize)</c>.</remarks>
    [Cooperative(nameof(RecvAsync))]
    public byte[] Recv(int maxBytes)
    {
        var buffer = new byte[maxBytes];
        var count = RecvInto(buffer);
        return count == maxBytes ? buffer : buffer[..count];
    }

    /// <summary>The awaitable form of <see cref="Recv(int)"/>, used by rewritten code.</summary>
    /// <param name="maxBytes">The most bytes to return.</param>
    /// <returns>The awaitable operation.</returns>
    public async GreenTask<byte[]> RecvAsync(int maxBytes)
    {
        var buffer = new byte[maxBytes];
        var count = await RecvIntoAsync(buffer);
        return count == maxBytes ? buffer : buffer[..count];
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/>, waiting up to <see cref="Timeout"/> for data.
    /// Returns 0 when the peer closed its end (or the buffer is empty).
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>How many bytes were received; 0 at end of stream.</returns>
    /// <exception cref="SocketTimeoutException">No data came in time.</exception>
    /// <exception cref="SocketException">The connection was reset.</exception>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c>.</remarks>
    [Cooperative(nameof(RecvIntoAsync))]
    public int RecvInto(Memory<byte> buffer)
    {
        int count;
        while (!TryRecv(buffer.Span, out count))
        {
            Block(IoEvents.Read, RecvWait.Name);
        }

        return count;
    }

    /// <inheritdoc cref="RecvInto(Memory{byte})"/>
    [Cooperative(nameof(RecvIntoAsync))]
    public int RecvInto(byte[] buffer) => RecvInto(new Memory<byte>(buffer));

    /// <summary>The awaitable form of <see cref="RecvInto(Memory{byte})"/>, used by rewritten code.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask<int> RecvIntoAsync(Memory<byte> buffer)
    {
        if (TryRecv(buffer.Span, out var count))
        {
            return new GreenTask<int>(count);
        }

        var wait = _recvWait ??= new RecvWait(this);
        wait.Buffer = buffer;
        return new GreenTask<int>(wait.Start());
    }

    /// <summary>The awaitable form of <see cref="RecvInto(byte[])"/>, used by rewritten code.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    public GreenTask<int> RecvIntoAsync(byte[] buffer) => RecvIntoAsync(new Memory<byte>(buffer));

    /// <summary>Receives what has arrived, without waiting.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="count">How many bytes were received; 0 at end of stream.</param>
    /// <returns>False when nothing has arrived yet.</returns>
    /// <exception cref="SocketException">The connection was reset.</exception>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c> on a non-blocking socket.</remarks>
    public unsafe bool TryRecv(Span<byte> buffer, out int count)
    {
        var fd = LiveFd();
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var result = SocketNative.Recv(fd, bytes, (nuint)buffer.Length, 0);
                if (result >= 0)
                {
                    count = (int)result;
                    return true;
                }

                var errno = SocketNative.LastError;
                if (errno != SocketNative.EINTR)
                {
                    count = 0;
                    return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, "recv");
                }
            }
        }
    }

    private static GreenSocket NewClient(IPEndPoint address, double? timeout)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GreenSocket(address.AddressFamily) { Timeout = timeout };
    }

    /// <summary>Sends as much as the buffer takes; true once nothing is left.</summary>
    private bool TrySendAll(ref ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            if (!TrySend(data.Span, out var sent))
            {
                return false;
            }

            data = data[sent..];
        }

        return true;
    }

    /// <summary>Starts a non-blocking connect: true when it completed at once.</summary>
    private unsafe bool StartConnect(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
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

    private sealed class RecvWait(GreenSocket socket) : SocketWait<int>(socket, IoEvents.Read)
    {
        public const string Name = "GreenSocket.Recv";

        public Memory<byte> Buffer;

        protected override string Operation => Name;

        protected override bool TryComplete(out int result)
        {
            var done = Socket.TryRecv(Buffer.Span, out result);
            if (done)
            {
                Buffer = default; // the caller's buffer is not kept past the call
            }

            return done;
        }
    }

    private sealed class SendWait(GreenSocket socket) : SocketWait<int>(socket, IoEvents.Write)
    {
        public const string Name = "GreenSocket.Send";

        public ReadOnlyMemory<byte> Data;

        protected override string Operation => Name;

        protected override bool TryComplete(out int result)
        {
            var done = Socket.TrySend(Data.Span, out result);
            if (done)
            {
                Data = default;
            }

            return done;
        }
    }

    private sealed class SendAllWait(GreenSocket socket) : SocketWait<VoidResult>(socket, IoEvents.Write)
    {
        public const string Name = "GreenSocket.SendAll";

        public ReadOnlyMemory<byte> Remaining;

        protected override string Operation => Name;

        protected override bool TryComplete(out VoidResult result)
        {
            result = default;
            if (!Socket.TrySendAll(ref Remaining))
            {
                return false;
            }

            Remaining = default;
            return true;
        }
    }
}
