using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;

namespace Greenlets;

/// <summary>
/// The server end of a WebSocket connection (RFC 6455), at the message level. <see cref="Receive"/> waits
/// cooperatively for the next whole message, answering pings and checking every frame (client masking, reserved
/// bits, control-frame rules, UTF-8 text, size limits: a violation closes with 1002, 1007 or 1009). The server keeps
/// the connection honest meanwhile (<see cref="WebSocketLimits"/>): it pings a quiet client and closes one that stops
/// answering (1011), stops mid-frame (1008) or stays idle too long (1001).
/// </summary>
/// <remarks>
/// gevent: geventwebsocket's <c>WebSocket</c> (<c>environ['wsgi.websocket']</c>). A client that goes away is not an
/// error: <see cref="Receive"/> returns null and <see cref="Send(string)"/> raises <see cref="WebSocketClosedException"/>,
/// which the server takes as the handler's ordinary end.
/// </remarks>
public sealed partial class GreenWebSocket
{
    private readonly GreenStream _stream;
    private readonly WebSocketLimits _limits;
    private readonly OutputBuffer _output = new(256);
    private readonly GreenSemaphore _sendLock = new(1); // one frame on the wire at a time: the keep-alive pinger sends too
    private readonly double _ioTimeout;
    private readonly Hub _hub;
    private readonly Action<ConnectionLogLevel, string>? _log;
    private readonly BufferedBytesBudget? _budget;
    private long _budgetHeld; // taken from the server's budget for the message being received
    private byte[] _buffer;
    private int _start, _end;
    private bool _closeSent;
    private bool _peerEnded; // end of stream (or a reset) seen
    private bool _endLogged;
    private MemoryStream? _message; // the fragments of a message in progress, kept across a timed-out Receive
    private bool _messageIsText;
    private bool _isClient; // the client's end (GreenWebSocketClient): its frames are masked, the server's must not be

    internal GreenWebSocket(GreenStream stream, HttpRequest request, ReadOnlySpan<byte> alreadyReceived, WebSocketLimits limits, double ioTimeout, Action<ConnectionLogLevel, string>? log, BufferedBytesBudget? budget)
    {
        _budget = budget;
        _stream = stream;
        Request = request;
        _limits = limits;
        _ioTimeout = ioTimeout;
        _log = log;
        _hub = Hub.Current;
        _lastHeardAt = _lastMessageAt = _hub.Now;
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
    /// <param name="timeout">The most seconds to wait for the whole message; null waits as long as it takes. A message
    /// half received when the time runs out is kept for the next call.</param>
    /// <returns>The message, or null when closed.</returns>
    /// <exception cref="SocketTimeoutException">No whole message within <paramref name="timeout"/>.</exception>
    /// <remarks>gevent: <c>ws.receive()</c>.</remarks>
    [Cooperative(nameof(ReceiveAwaitable))]
    public WebSocketMessage? Receive(GreenDuration? timeout = null) => PlainCallBridge.Run(() => ReceiveAwaitable(timeout));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Receive"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<WebSocketMessage?> ReceiveAwaitable(GreenDuration? timeout = null)
    {
        var seconds = timeout.InSeconds();
        var callDeadline = seconds is { } limit ? _hub.Now + TimeSpan.FromSeconds(limit) : (TimeSpan?)null;
        _receiving = true;
        try
        {
            while (!IsClosed)
            {
                var header = await ReadHeaderAsync(callDeadline);
                if (header is not { } frame)
                {
                    return null;
                }

                if (frame.Opcode is WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Continuation)
                {
                    await TakeBufferedAsync(frame.PayloadLength);
                }

                await FillAsync(frame.HeaderLength + (int)frame.PayloadLength, callDeadline);
                var payload = _buffer.AsSpan(_start + frame.HeaderLength, (int)frame.PayloadLength);
                WebSocketFrameCodec.ApplyMask(payload, frame.MaskKey);
                _start += frame.HeaderLength + payload.Length;
                _frameDeadline = null;

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
                    case WebSocketOpcode.Continuation when _message is null:
                        throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "continuation frame without a message to continue");
                    case WebSocketOpcode.Text or WebSocketOpcode.Binary when _message is not null:
                        throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "new message before the previous one ended");
                    case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                        _message = new MemoryStream();
                        _messageIsText = frame.Opcode == WebSocketOpcode.Text;
                        break;
                }

                var current = _message ?? throw new System.Diagnostics.UnreachableException("a data frame always starts or continues a message");
                if (current.Length + payload.Length > _limits.MaxMessageBytes)
                {
                    throw new WebSocketViolation(WebSocketCloseCode.MessageTooBig, "message over the size limit");
                }

                current.Write(payload);
                if (!frame.Fin)
                {
                    continue;
                }

                _message = null;
                ReturnBufferedBytes(); // the message is the handler's now
                var data = current.ToArray();
                if (_messageIsText && !System.Text.Unicode.Utf8.IsValid(data))
                {
                    throw new WebSocketViolation(WebSocketCloseCode.InvalidPayload, "text message is not valid UTF-8");
                }

                _lastMessageAt = _hub.Now;
                return new WebSocketMessage(_messageIsText, data);
            }

            return null;
        }
        catch (WebSocketViolation violation)
        {
            await FailAsync(violation.Code, violation.Message);
            return null;
        }
        catch (NoRoomException)
        {
            Abort(WebSocketCloseCode.TryAgainLater, "server busy",
                $"no room for the message within the server's MaxBufferedBytes ({_budget?.Held} bytes held); closed with 1013");
            return null;
        }
        catch (FrameStalledException)
        {
            Abort(WebSocketCloseCode.PolicyViolation, "frame not completed in time",
                $"a frame was not completed within {_limits.FrameReceiveTimeout} of its first byte; closed with 1008");
            return null;
        }
        catch (SocketTimeoutException) when (callDeadline is { } deadline && _hub.Now >= deadline)
        {
            throw new SocketTimeoutException("GreenWebSocket.Receive", seconds ?? 0);
        }
        catch (SocketTimeoutException e)
        {
            // A pong or a close that the client would not take within the I/O timeout: it is not reading any more.
            MarkDropped(e.Message);
            return null;
        }
        catch (IOException e)
        {
            MarkDropped(e.Message);
            return null;
        }
        finally
        {
            _receiving = false;
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
            _lastMessageAt = _hub.Now;
        }
        catch (IOException e)
        {
            MarkDropped(e.Message);
            throw new WebSocketClosedException($"the connection dropped: {e.Message}");
        }
    }

    private async GreenTask SendFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload)
    {
        using var turn = await _sendLock.LockAwaitable();
        if (_aborted)
        {
            throw new IOException("the connection was cut");
        }

        _output.Clear();
        WebSocketFrameCodec.WriteFrame(_output, opcode, fin: true, payload.Span, MaskKey());
        await _stream.SendAllWithinAsync(_output.WrittenMemory, _ioTimeout);
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
        try
        {
            await SendFrameAsync(WebSocketOpcode.Close, CloseFramePayload(code, reason));
        }
        catch (IOException e)
        {
            MarkDropped(e.Message);
        }
    }

    /// <summary>A close frame's payload: the status code, big-endian, then the reason; empty without a code.</summary>
    private static byte[] CloseFramePayload(WebSocketCloseCode? code, byte[] reason)
    {
        var payload = new byte[code is null ? 0 : 2 + reason.Length];
        if (code is { } c)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)c);
            reason.CopyTo(payload, 2);
        }

        return payload;
    }

    private async GreenTask FailAsync(WebSocketCloseCode code, string reason)
    {
        CloseCode = code;
        CloseReason = reason;
        LogEnd(ConnectionLogLevel.Information, $"the client broke the protocol ({reason}); closed with {(int)code}");
        if (!_closeSent)
        {
            await SendCloseAsync(code, []);
        }

        IsClosed = true;
    }

    /// <summary>The connection ended without a close frame: an ordinary end (a tab closed, a network lost), not a failure.</summary>
    private void MarkDropped(string how)
    {
        if (CloseCode is null)
        {
            LogEnd(ConnectionLogLevel.Debug, $"the client went away without a close frame ({how})");
        }

        CloseCode ??= WebSocketCloseCode.Abnormal;
        IsClosed = true;
    }

    /// <summary>Writes the one connection-log line of this connection's end; later ones are the same end seen again.</summary>
    /// <summary>Makes this the client's end of the connection (RFC 6455 section 5.1): frames sent are masked, frames received must not be.</summary>
    internal void ActAsClient() => _isClient = true;

    /// <summary>A fresh, unpredictable mask key for a client frame (section 5.3); null on the server's end.</summary>
    private uint? MaskKey()
    {
        if (!_isClient)
        {
            return null;
        }

        Span<byte> key = stackalloc byte[4];
        System.Security.Cryptography.RandomNumberGenerator.Fill(key);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(key);
    }

    internal void LogEnd(ConnectionLogLevel level, string what)
    {
        if (!_endLogged)
        {
            _endLogged = true;
            _log?.Invoke(level, what);
        }
    }
}
