using System.ComponentModel;
using System.Net;

namespace Greenlets;

public sealed partial class GreenSocket
{
    private RecvFromWait? _recvFromWait;
    private SendToWait? _sendToWait;

    /// <summary>Sends one datagram to <paramref name="address"/>, waiting up to <see cref="Timeout"/> for room.</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it.</param>
    /// <returns>How many bytes were sent.</returns>
    /// <remarks>gevent: <c>socket.sendto(data, address)</c>.</remarks>
    [Cooperative(nameof(SendToAwaitable))]
    public int SendTo(ReadOnlyMemory<byte> data, IPEndPoint address)
    {
        int sent;
        while (!TrySendTo(data.Span, address, out sent))
        {
            Block(IoEvents.Write, SendToWait.Name);
        }

        return sent;
    }

    /// <inheritdoc cref="SendTo(ReadOnlyMemory{byte}, IPEndPoint)"/>
    [Cooperative(nameof(SendToAwaitable))]
    public int SendTo(byte[] data, IPEndPoint address) => SendTo(new ReadOnlyMemory<byte>(data), address);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendTo(ReadOnlyMemory{byte}, IPEndPoint)"/> instead.</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> SendToAwaitable(ReadOnlyMemory<byte> data, IPEndPoint address)
    {
        if (TrySendTo(data.Span, address, out var sent))
        {
            return new GreenTask<int>(sent);
        }

        var wait = _sendToWait ??= new SendToWait(this);
        wait.Data = data;
        wait.Address = address;
        return new GreenTask<int>(wait.Start());
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendTo(byte[], IPEndPoint)"/> instead.</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> SendToAwaitable(byte[] data, IPEndPoint address) => SendToAwaitable(new ReadOnlyMemory<byte>(data), address);

    /// <summary>Receives one datagram of up to <paramref name="maxBytes"/> bytes (the rest is dropped), waiting up to <see cref="Timeout"/>.</summary>
    /// <param name="maxBytes">The most bytes to keep.</param>
    /// <returns>The datagram and its sender.</returns>
    /// <remarks>gevent: <c>socket.recvfrom(bufsize)</c>.</remarks>
    [Cooperative(nameof(RecvFromAwaitable))]
    public (byte[] Data, IPEndPoint Address) RecvFrom(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var buffer = new byte[maxBytes];
        var (count, address) = RecvFromInto(buffer);
        return (count == maxBytes ? buffer : buffer[..count], address);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvFrom(int)"/> instead.</summary>
    /// <param name="maxBytes">The most bytes to keep.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<(byte[] Data, IPEndPoint Address)> RecvFromAwaitable(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var buffer = new byte[maxBytes];
        var (count, address) = await RecvFromIntoAwaitable(buffer);
        return (count == maxBytes ? buffer : buffer[..count], address);
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/>, waiting up to <see cref="Timeout"/>.</summary>
    /// <param name="buffer">Where the datagram goes (what does not fit is dropped).</param>
    /// <returns>How many bytes were kept, and the sender.</returns>
    /// <remarks>gevent: <c>socket.recvfrom_into(buffer)</c>.</remarks>
    [Cooperative(nameof(RecvFromIntoAwaitable))]
    public (int Count, IPEndPoint Address) RecvFromInto(Memory<byte> buffer)
    {
        (int, IPEndPoint) received;
        while (!TryRecvFrom(buffer.Span, out received))
        {
            Block(IoEvents.Read, RecvFromWait.Name);
        }

        return received;
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvFromInto(Memory{byte})"/> instead.</summary>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<(int Count, IPEndPoint Address)> RecvFromIntoAwaitable(Memory<byte> buffer)
    {
        if (TryRecvFrom(buffer.Span, out var received))
        {
            return new GreenTask<(int, IPEndPoint)>(received);
        }

        var wait = _recvFromWait ??= new RecvFromWait(this);
        wait.Buffer = buffer;
        return new GreenTask<(int, IPEndPoint)>(wait.Start());
    }

    /// <summary>Sends one datagram without waiting.</summary>
    /// <param name="data">The datagram.</param>
    /// <param name="address">Where to send it.</param>
    /// <param name="sent">How many bytes were sent.</param>
    /// <returns>False when the socket buffer is full.</returns>
    /// <remarks>gevent: <c>socket.sendto(data, address)</c> on a non-blocking socket.</remarks>
    public unsafe bool TrySendTo(ReadOnlySpan<byte> data, IPEndPoint address, out int sent)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_simulated is SimulatedDatagramSocket simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            sent = simulated.SendTo(data, address); // a simulated send never waits for room
            return true;
        }

        var fd = LiveFd();
        Span<byte> addressBuffer = stackalloc byte[SocketAddressCodec.MaxSize];
        var length = SocketAddressCodec.Write(address, _family, addressBuffer);
        fixed (byte* bytes = data)
        fixed (byte* native = addressBuffer)
        {
            while (true)
            {
                var result = SocketNative.SendTo(fd, bytes, (nuint)data.Length, SocketNative.MSG_NOSIGNAL, native, length);
                if (result >= 0)
                {
                    sent = (int)result;
                    return true;
                }

                var errno = SocketNative.LastError;
                if (errno != SocketNative.EINTR)
                {
                    sent = 0;
                    return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, $"sendto {address}");
                }
            }
        }
    }

    /// <summary>Receives one datagram if one has arrived, without waiting.</summary>
    /// <param name="buffer">Where the datagram goes.</param>
    /// <param name="received">How many bytes were kept, and the sender.</param>
    /// <returns>False when no datagram is waiting.</returns>
    /// <remarks>gevent: <c>socket.recvfrom_into(buffer)</c> on a non-blocking socket.</remarks>
    public unsafe bool TryRecvFrom(Span<byte> buffer, out (int Count, IPEndPoint Address) received)
    {
        if (_simulated is SimulatedDatagramSocket simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return simulated.TryReceive(buffer, out received);
        }

        var fd = LiveFd();
        byte* address = stackalloc byte[SocketAddressCodec.MaxSize];
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var length = SocketAddressCodec.MaxSize;
                var result = SocketNative.RecvFrom(fd, bytes, (nuint)buffer.Length, 0, address, &length);
                if (result >= 0)
                {
                    var sender = SocketAddressCodec.Read(new ReadOnlySpan<byte>(address, SocketAddressCodec.MaxSize), length)
                        ?? new IPEndPoint(IPAddress.None, 0);
                    received = ((int)result, sender);
                    return true;
                }

                var errno = SocketNative.LastError;
                if (errno != SocketNative.EINTR)
                {
                    received = default;
                    return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, "recvfrom");
                }
            }
        }
    }

    private sealed class SendToWait(GreenSocket socket) : SocketWait<int>(socket, IoEvents.Write)
    {
        public const string Name = "GreenSocket.SendTo";

        public ReadOnlyMemory<byte> Data;

        public IPEndPoint Address = null!;

        protected override string Operation => Name;

        protected override bool TryComplete(out int result) => Socket.TrySendTo(Data.Span, Address, out result);
    }

    private sealed class RecvFromWait(GreenSocket socket) : SocketWait<(int, IPEndPoint)>(socket, IoEvents.Read)
    {
        public const string Name = "GreenSocket.RecvFrom";

        public Memory<byte> Buffer;

        protected override string Operation => Name;

        protected override bool TryComplete(out (int, IPEndPoint) result) => Socket.TryRecvFrom(Buffer.Span, out result);
    }
}
