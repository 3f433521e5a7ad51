using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;

namespace Greenlets;

/// <summary>
/// The server end of a WebSocket connection (RFC 6455), at the message level. <see cref="Receive"/> waits
/// cooperatively for the next whole message, answering pings and checking every frame (client masking, reserved
/// bits, control-frame rules, UTF-8 text, size limits: a violation closes with 1002, 1007 or 1009).
/// </summary>
/// <remarks>gevent: geventwebsocket's <c>WebSocket</c> (<c>environ['wsgi.websocket']</c>).</remarks>
public sealed class GreenWebSocket
{
    private readonly GreenSocket _socket;
    private readonly WebSocketLimits _limits;
    private readonly OutputBuffer _output = new(256);
    private readonly double _ioTimeout;
    private byte[] _buffer;
    private int _start, _end;
    private bool _closeSent;

    internal GreenWebSocket(GreenSocket socket, HttpRequest request, ReadOnlySpan<byte> alreadyReceived, WebSocketLimits limits, double ioTimeout)
    {
        _socket = socket;
        Request = request;
        _limits = limits;
        _ioTimeout = ioTimeout;
        _buffer = new byte[Math.Max(4096, alreadyReceived.Length)];
        alreadyReceived.CopyTo(_buffer);
        _end = alreadyReceived.Length;
    }

    /// <summary>The upgrade request (path, query, headers), valid while the handler runs.</summary>
    /// <remarks>gevent: <c>ws.environ</c>.</remarks>
    public HttpRequest Request { get; }

    /// <summary>Whether the connection is closed, or its closing handshake has begun.</summary>
    /// <remarks>gevent: <c>ws.closed</c>.</remarks>
    public bool IsClosed { get; private set; }

    /// <summary>The status code of the peer's close frame (or 1005/1006), once closed.</summary>
    public WebSocketCloseCode? CloseCode { get; private set; }

    /// <summary>The reason text of the peer's close frame, once closed.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>
    /// Waits (cooperatively) for the next whole message; null once the connection is closed (by either side, or by a
    /// protocol violation). Pings are answered with pongs meanwhile.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The message, or null when closed.</returns>
    /// <exception cref="TimeoutException">No message within <paramref name="timeout"/>.</exception>
    /// <remarks>gevent: <c>ws.receive()</c>.</remarks>
    [Cooperative(nameof(ReceiveAwaitable))]
    public WebSocketMessage? Receive(GreenDuration? timeout = null) => PlainCallBridge.Run(() => ReceiveAwaitable(timeout));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Receive"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<WebSocketMessage?> ReceiveAwaitable(GreenDuration? timeout = null)
    {
        MemoryStream? message = null;
        var messageIsText = false;
        try
        {
            while (!IsClosed)
            {
                var header = await ReadHeaderAsync(timeout.InSeconds());
                if (header is not { } frame)
                {
                    return null;
                }

                await FillAsync(frame.HeaderLength + (int)frame.PayloadLength, timeout.InSeconds());
                var payload = _buffer.AsSpan(_start + frame.HeaderLength, (int)frame.PayloadLength);
                WebSocketFrameCodec.ApplyMask(payload, frame.MaskKey);
                _start += frame.HeaderLength + payload.Length;

                switch (frame.Opcode)
                {
                    case WebSocketOpcode.Ping:
                        await SendFrameAsync(WebSocketOpcode.Pong, payload.ToArray());
                        continue;
                    case WebSocketOpcode.Pong:
                        continue;
                    case WebSocketOpcode.Close:
                        await OnCloseFrameAsync(payload.ToArray());
                        return null;
                    case WebSocketOpcode.Continuation when message is null:
                        throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "continuation frame without a message to continue");
                    case WebSocketOpcode.Text or WebSocketOpcode.Binary when message is not null:
                        throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "new message before the previous one ended");
                    case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                        message = new MemoryStream();
                        messageIsText = frame.Opcode == WebSocketOpcode.Text;
                        break;
                }

                var current = message ?? throw new System.Diagnostics.UnreachableException("a data frame always starts or continues a message");
                if (current.Length + payload.Length > _limits.MaxMessageBytes)
                {
                    throw new WebSocketViolation(WebSocketCloseCode.MessageTooBig, "message over the size limit");
                }

                current.Write(payload);
                if (!frame.Fin)
                {
                    continue;
                }

                var data = current.ToArray();
                if (messageIsText && !System.Text.Unicode.Utf8.IsValid(data))
                {
                    throw new WebSocketViolation(WebSocketCloseCode.InvalidPayload, "text message is not valid UTF-8");
                }

                return new WebSocketMessage(messageIsText, data);
            }

            return null;
        }
        catch (WebSocketViolation violation)
        {
            await FailAsync(violation.Code, violation.Message);
            return null;
        }
        catch (IOException)
        {
            MarkDropped();
            return null;
        }
    }

    /// <summary>Sends a text message (UTF-8), waiting (cooperatively) while the client is slow to read.</summary>
    /// <param name="text">The message.</param>
    /// <exception cref="WebSocketClosedException">The connection is closed.</exception>
    /// <remarks>gevent: <c>ws.send(text)</c>.</remarks>
    [Cooperative(nameof(SendAwaitable))]
    public void Send(string text) => PlainCallBridge.Run(() => SendAwaitable(text));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(string)"/> instead.</summary>
    /// <param name="text">The message.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask SendAwaitable(string text) => SendMessageAsync(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    /// <summary>Sends a binary message, waiting (cooperatively) while the client is slow to read.</summary>
    /// <param name="data">The message.</param>
    /// <exception cref="WebSocketClosedException">The connection is closed.</exception>
    /// <remarks>gevent: <c>ws.send(data, binary=True)</c>.</remarks>
    [Cooperative(nameof(SendAwaitable))]
    public void Send(ReadOnlyMemory<byte> data) => PlainCallBridge.Run(() => SendAwaitable(data));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(ReadOnlyMemory{byte})"/> instead.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask SendAwaitable(ReadOnlyMemory<byte> data) => SendMessageAsync(WebSocketOpcode.Binary, data);

    /// <summary>Starts the closing handshake with <paramref name="code"/>, then waits (cooperatively, up to the I/O timeout) for the client's close frame.</summary>
    /// <param name="code">The status to send.</param>
    /// <param name="reason">A short reason (at most 123 bytes of UTF-8).</param>
    /// <remarks>gevent: <c>ws.close(code=1000, message=b'')</c>.</remarks>
    [Cooperative(nameof(CloseAwaitable))]
    public void Close(WebSocketCloseCode code = WebSocketCloseCode.Normal, string reason = "") => PlainCallBridge.Run(() => CloseAwaitable(code, reason));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Close"/> instead.</summary>
    /// <param name="code">The status to send.</param>
    /// <param name="reason">A short reason.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask CloseAwaitable(WebSocketCloseCode code = WebSocketCloseCode.Normal, string reason = "")
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!WebSocketFrameCodec.IsValidCloseCode((int)code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "this status cannot be sent in a close frame");
        }

        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        if (reasonBytes.Length > 123)
        {
            throw new ArgumentException("a close reason is at most 123 bytes of UTF-8", nameof(reason));
        }

        if (IsClosed)
        {
            return;
        }

        await SendCloseAsync(code, reasonBytes);
        try
        {
            // Wait for the client's close frame, discarding whatever data comes first.
            while (!IsClosed && await ReceiveAfterCloseAsync())
            {
            }
        }
        catch (TimeoutException)
        {
        }

        IsClosed = true;
    }

    /// <summary>Called when the handler returns: closes politely if it did not.</summary>
    internal async GreenTask FinishAsync(bool handlerFailed)
    {
        if (IsClosed)
        {
            return;
        }

        try
        {
            await CloseAwaitable(handlerFailed ? WebSocketCloseCode.InternalError : WebSocketCloseCode.Normal);
        }
        catch (IOException)
        {
        }
    }

    private async GreenTask<bool> ReceiveAfterCloseAsync()
    {
        var received = await ReceiveAwaitable(_ioTimeout);
        return received is not null;
    }

    private async GreenTask SendMessageAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload)
    {
        if (IsClosed)
        {
            throw new WebSocketClosedException("the WebSocket is closed");
        }

        try
        {
            await SendFrameAsync(opcode, payload);
        }
        catch (IOException e)
        {
            MarkDropped();
            throw new WebSocketClosedException($"the connection dropped: {e.Message}");
        }
    }

    private async GreenTask SendFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload)
    {
        _output.Clear();
        WebSocketFrameCodec.WriteFrame(_output, opcode, fin: true, payload.Span);
        await _socket.SendAllWithinAsync(_output.WrittenMemory, _ioTimeout);
    }

    private async GreenTask OnCloseFrameAsync(byte[] payload)
    {
        if (payload.Length == 1)
        {
            throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "close frame with a one-byte payload");
        }

        var code = WebSocketCloseCode.NoStatus;
        if (payload.Length >= 2)
        {
            var raw = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!WebSocketFrameCodec.IsValidCloseCode(raw))
            {
                throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, $"invalid close code {raw}");
            }

            if (!System.Text.Unicode.Utf8.IsValid(payload.AsSpan(2)))
            {
                throw new WebSocketViolation(WebSocketCloseCode.InvalidPayload, "close reason is not valid UTF-8");
            }

            code = (WebSocketCloseCode)raw;
            CloseReason = Encoding.UTF8.GetString(payload, 2, payload.Length - 2);
        }

        CloseCode = code;
        if (!_closeSent)
        {
            // Echo the status (RFC 6455 section 5.5.1); a close without status is answered without one.
            await SendCloseAsync(code == WebSocketCloseCode.NoStatus ? null : code, []);
        }

        IsClosed = true;
    }

    private async GreenTask SendCloseAsync(WebSocketCloseCode? code, byte[] reason)
    {
        _closeSent = true;
        var payload = new byte[code is null ? 0 : 2 + reason.Length];
        if (code is { } c)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)c);
            reason.CopyTo(payload, 2);
        }

        try
        {
            await SendFrameAsync(WebSocketOpcode.Close, payload);
        }
        catch (IOException)
        {
            MarkDropped();
        }
    }

    private async GreenTask FailAsync(WebSocketCloseCode code, string reason)
    {
        CloseCode = code;
        CloseReason = reason;
        if (!_closeSent)
        {
            await SendCloseAsync(code, []);
        }

        IsClosed = true;
    }

    private void MarkDropped()
    {
        CloseCode ??= WebSocketCloseCode.Abnormal;
        IsClosed = true;
    }

    private async GreenTask<WebSocketFrameHeader?> ReadHeaderAsync(double? timeout)
    {
        while (true)
        {
            if (WebSocketFrameCodec.TryReadHeader(_buffer.AsSpan(_start, _end - _start), requireMask: true, _limits.MaxFrameBytes, out var header))
            {
                return header;
            }

            if (!await ReceiveMoreAsync(timeout))
            {
                MarkDropped();
                return null;
            }
        }
    }

    /// <summary>Makes sure at least <paramref name="count"/> bytes are buffered from the current frame's start.</summary>
    private async GreenTask FillAsync(int count, double? timeout)
    {
        while (_end - _start < count)
        {
            if (_buffer.Length - _start < count)
            {
                var bigger = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, _buffer.Length * 2)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                _buffer = bigger;
                _end -= _start;
                _start = 0;
            }

            if (!await ReceiveMoreAsync(timeout))
            {
                throw new IOException("the connection dropped inside a frame");
            }
        }
    }

    private async GreenTask<bool> ReceiveMoreAsync(double? timeout)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        var n = await _socket.ReceiveWithinAsync(_buffer.AsMemory(_end), timeout);
        _end += n;
        return n > 0;
    }
}
