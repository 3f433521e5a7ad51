using System.ComponentModel;
using System.Net;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    private SendWait? _sendWait;
    private SendAllWait? _sendAllWait;

    /// <summary>Sends what the socket buffer takes now (at least one byte), waiting up to <see cref="Timeout"/> for room.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>How many bytes were sent.</returns>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.send(data)</c>.</remarks>
    [Cooperative(nameof(SendAwaitable))]
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
    [Cooperative(nameof(SendAwaitable))]
    public int Send(byte[] data) => Send(new ReadOnlyMemory<byte>(data));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(ReadOnlyMemory{byte})"/> instead.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> SendAwaitable(ReadOnlyMemory<byte> data)
    {
        if (TrySend(data.Span, out var sent))
        {
            return new GreenTask<int>(sent);
        }

        var wait = _sendWait ??= new SendWait(this);
        wait.Data = data;
        return new GreenTask<int>(wait.Start());
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(byte[])"/> instead.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> SendAwaitable(byte[] data) => SendAwaitable(new ReadOnlyMemory<byte>(data));

    /// <summary>
    /// Sends every byte of <paramref name="data"/>, waiting for room as often as needed; each wait is bounded by
    /// <see cref="Timeout"/>. On a timeout or error some of the data may have been sent.
    /// </summary>
    /// <param name="data">The bytes to send.</param>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.sendall(data)</c>.</remarks>
    [Cooperative(nameof(SendAllAwaitable))]
    public void SendAll(ReadOnlyMemory<byte> data)
    {
        while (!TrySendAll(ref data))
        {
            Block(IoEvents.Write, SendAllWait.Name);
        }
    }

    /// <inheritdoc cref="SendAll(ReadOnlyMemory{byte})"/>
    [Cooperative(nameof(SendAllAwaitable))]
    public void SendAll(byte[] data) => SendAll(new ReadOnlyMemory<byte>(data));

    /// <summary>Sends all of <paramref name="text"/>, encoded as UTF-8.</summary>
    /// <param name="text">The text to send.</param>
    /// <remarks>gevent: <c>socket.sendall(text.encode())</c>.</remarks>
    [Cooperative(nameof(SendAllAwaitable))]
    public void SendAll(string text) => SendAll(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendAll(ReadOnlyMemory{byte})"/> instead.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask SendAllAwaitable(ReadOnlyMemory<byte> data)
    {
        if (TrySendAll(ref data))
        {
            return default;
        }

        var wait = _sendAllWait ??= new SendAllWait(this);
        wait.Remaining = data;
        return new GreenTask(wait.Start());
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendAll(byte[])"/> instead.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask SendAllAwaitable(byte[] data) => SendAllAwaitable(new ReadOnlyMemory<byte>(data));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendAll(string)"/> instead.</summary>
    /// <param name="text">The text to send.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask SendAllAwaitable(string text) => SendAllAwaitable(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Sends what the socket buffer takes now, without waiting.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="sent">How many were sent.</param>
    /// <returns>False when the buffer is full (nothing was sent).</returns>
    /// <exception cref="SocketException">The connection was reset or shut down.</exception>
    /// <remarks>gevent: <c>socket.send(data)</c> on a non-blocking socket.</remarks>
    public unsafe bool TrySend(ReadOnlySpan<byte> data, out int sent)
    {
        if (SimulatedTcp("send") is { } simulated)
        {
            return simulated.TrySend(data, out sent);
        }

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
