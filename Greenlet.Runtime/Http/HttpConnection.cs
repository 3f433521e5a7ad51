using System.Net;
using System.Text;

namespace Greenlets;

/// <summary>
/// One client connection: reads requests in place from one buffer, runs the handler for each, writes the
/// responses, and keeps the connection alive as HTTP says. Runs as the connection's greenlet.
/// </summary>
internal sealed partial class HttpConnection
{
    private const int InitialBufferBytes = 4096;
    private readonly HttpServer _server;
    private readonly GreenStream _stream;
    private readonly IPEndPoint _peer;
    private readonly HttpRequest _request = new();
    private readonly HttpResponse _response = new();
    private readonly OutputBuffer _output = new();
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start, _end; // unread bytes are _buffer[_start.._end)
    private bool _continueSent;
    private bool _closeLingers;
    private long _bytesSent;

    public HttpConnection(HttpServer server, GreenStream transport, GreenStream stream, IPEndPoint peer)
    {
        _server = server;
        _stream = stream;
        _peer = peer;
        SetNoDelay(transport);

        _request.Connection = this;
        _response.Connection = this;
    }

    private HttpLimits Limits => _server.Limits;

    /// <summary>Turns Nagle off on a socket's stream (a simulated stream sends each write as it comes anyway).</summary>
    public static void SetNoDelay(GreenStream transport)
    {
        if (transport is SocketStream { Socket: var socket })
        {
            try
            {
                socket.NoDelay = true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The peer has already reset the connection: the first read will find it closed.
            }
        }
    }

    private double Seconds(TimeSpan span) => span.TotalSeconds;

    public async GreenTask RunAsync()
    {
        try
        {
            while (true)
            {
                if (_start == _end)
                {
                    // Wait for the next request here, in the connection greenlet's own frame: a wait deep inside
                    // ServeOneAsync would allocate a frame for each nested call every time it suspends.
                    _bodyStart = -1;
                    if (_end == _buffer.Length)
                    {
                        MakeRoom();
                    }

                    var received = _stream.ReceiveAvailable(_buffer.AsSpan(_end));
                    if (received == 0)
                    {
                        break;
                    }

                    if (received < 0)
                    {
                        if (!await _stream.WaitReadableAsync(Seconds(Limits.KeepAliveTimeout)))
                        {
                            break;
                        }

                        continue;
                    }

                    _end += received;
                }

                if (!await ServeOneAsync())
                {
                    break;
                }
            }
        }
        catch (TimeoutException e) when (e is not DataRateTimeoutException)
        {
            // One receive of a body or one send of a response waited too long: drop the client (Kestrel does the same).
            _server.LogConnectionEvent(ConnectionLogLevel.Information, _peer, CurrentRequestLine(), $"timed out ({e.Message})");
        }
        catch (DataRateTimeoutException)
        {
            // Found too slow where nothing could answer it (logged there): drop the client.
        }
        catch (IOException e)
        {
            // The client went away mid-request or mid-response: an ordinary end, not a failure.
            _server.LogConnectionEvent(ConnectionLogLevel.Debug, _peer, CurrentRequestLine(), $"the client went away ({e.Message})");
        }
        finally
        {
            try
            {
                if (_closeLingers && !_server.IsStopping)
                {
                    await LingerAsync();
                }
            }
            finally
            {
                ReturnBufferedBytes();
                _stream.Dispose();
                _server.ConnectionClosed();
            }
        }
    }

    /// <summary>Serves one request; returns whether the connection stays open for another.</summary>
    private async GreenTask<bool> ServeOneAsync()
    {
        _bytesSent = 0;
        ResetDataRates();
        if (!await ReadHeadAsync())
        {
            return false;
        }

        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _request.BeginBody();
        _response.ResetForRequest();
        _continueSent = false;
        _keepAliveAfterStream = true;
        var keepAlive = _request.IsKeepAlive;

        if (_request.IsWebSocketUpgrade && _server.WebSocketHandler is not null)
        {
            await ServeWebSocketAsync();
            return false;
        }

        HttpBody body;
        try
        {
            body = await _server.InvokeHandlerAsync(_request, _response);
            // A stopping server closes the connection after this response: the head says so (see HttpResponse.WriteHead).
            await SendBodyAsync(body, keepAlive && !_cutForRate && !_server.IsStopping);
            keepAlive &= _keepAliveAfterStream && !_response.HandlerClosesConnection && !_cutForRate;
        }
        catch (DataRateTimeoutException)
        {
            // A body too slow (logged where found): 408 unless the response has started. A response too slow: nothing to send.
            keepAlive = false;
            await SendErrorIfNothingSentAsync(408);
        }
        catch (Exception e) when (e is not GreenletExit and not TimeoutException and not IOException and not GreenHttpProtocolException)
        {
            _server.Hub.ErrorWriter.WriteLine($"HTTP handler failed for \"{RequestLine()}\": {e}");
            keepAlive = false;
            await SendErrorIfNothingSentAsync(500);
        }
        catch (GreenHttpProtocolException e)
        {
            // Raised while the handler read a malformed or oversized body; or, with a URL, by the HTTP client inside the
            // handler when an upstream answered badly (502): that one is the handler's failure, and is reported as such.
            if (e.Url is not null)
            {
                _server.Hub.ErrorWriter.WriteLine($"HTTP handler failed for \"{RequestLine()}\": {e}");
            }

            keepAlive = false;
            await SendErrorIfNothingSentAsync(e.StatusCode);
        }

        if (keepAlive && !_request.IsBodyComplete)
        {
            // Unread body: drain a bounded amount of it, else close (lingering) rather than read a big upload nobody wants.
            keepAlive = _request.IsContinueExpected && !_continueSent ? false : await DrainBodyAsync(Limits.MaxUnreadBodyDrainBytes);
        }

        ReturnBufferedBytes();

        // Closing with the client's bytes still unread (a body, or what followed a refused one) lingers: see LingerAsync.
        _closeLingers = !keepAlive && (!_request.IsBodyComplete || _end > _start) && !_abortAfterCut;

        // One line per request, failed ones included. Without a log, build no request line: the plaintext path
        // allocates nothing per request.
        if (_server.AccessLog is not null)
        {
            _server.LogRequest(_peer, RequestLine(), _response.StatusCode, _bytesSent, System.Diagnostics.Stopwatch.GetElapsedTime(startedAt));
        }
        return keepAlive && !_server.IsStopping;
    }

    /// <summary>Reads until a whole head is parsed. False when the client closed (or idled out) between requests.</summary>
    private async GreenTask<bool> ReadHeadAsync()
    {
        _bodyStart = -1;
        var idleDeadline = _server.Hub.Now + Limits.KeepAliveTimeout;
        TimeSpan? headDeadline = null;
        while (true)
        {
            if (_end > _start)
            {
                try
                {
                    if (HttpRequestParser.TryParse(_buffer, _start, _end - _start, Limits, _request, out var consumed))
                    {
                        _start += consumed;
                        _bodyStart = _start;
                        return true;
                    }
                }
                catch (GreenHttpProtocolException e)
                {
                    var requestLine = RawRequestLine();
                    _request.Reset(_buffer);
                    await RejectAsync(e.StatusCode, requestLine);
                    return false;
                }

                headDeadline ??= _server.Hub.Now + Limits.HeaderReadTimeout;
            }

            var remaining = Seconds((headDeadline ?? idleDeadline) - _server.Hub.Now);
            var received = -1; // -1: the deadline passed
            try
            {
                if (remaining > 0)
                {
                    received = await FillAsync(remaining);
                }
            }
            catch (SocketTimeoutException)
            {
            }

            if (received < 0 && headDeadline is not null)
            {
                await HeadTimedOutAsync();
                return false;
            }

            if (received <= 0)
            {
                return false; // the client closed, or stayed idle between requests for the keep-alive timeout: close quietly
            }
        }
    }

    private int _bodyStart = -1; // where the current request's body begins in the buffer; -1 while reading a head

    /// <summary>Receives more bytes after the unread ones, compacting or growing the buffer first. 0 at end of stream.</summary>
    private async GreenTask<int> FillAsync(double timeout)
    {
        if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        var n = await _stream.ReceiveWithinAsync(_buffer.AsMemory(_end), timeout);
        _end += n;
        return n;
    }

    private void MakeRoom()
    {
        // Reading a head: nothing before _start is needed any more. Reading a body: the head before _bodyStart must
        // stay where it is (its fields point into the buffer), the body bytes after it can move.
        var keepFrom = _bodyStart < 0 ? 0 : _bodyStart;
        if (_start > keepFrom)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, keepFrom, _end - _start);
            _end -= _start - keepFrom;
            _start = keepFrom;
            return;
        }

        // Full of one head (the parser's limits bound it) or of head plus unread body: grow.
        Array.Resize(ref _buffer, _buffer.Length * 2);
        _request.Rebase(_buffer, 0);
    }

    /// <summary>Reads body bytes for the handler; 0 at the end of the body.</summary>
    internal async GreenTask<int> ReadBodyAsync(Memory<byte> destination)
    {
        if (_request.IsBodyComplete || destination.IsEmpty)
        {
            return 0;
        }

        if (_request.IsContinueExpected && !_continueSent)
        {
            _continueSent = true;
            await _stream.SendAllWithinAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), Seconds(Limits.BodyIoTimeout));
        }

        while (true)
        {
            if (_end > _start)
            {
                var used = _request.DecodeBody(_buffer.AsSpan(_start, _end - _start), destination.Span, Limits.MaxBodyBytes, out var written);
                _start += used;
                if (written > 0 || _request.IsBodyComplete)
                {
                    return written;
                }
            }

            if (_start == _end)
            {
                // Everything buffered is consumed: receive into the space right after the head again.
                _start = _end = _bodyStart;
            }

            if (await ReceiveBodyAsync() == 0)
            {
                throw new IOException("the client closed the connection inside the body");
            }
        }
    }

    private async GreenTask<bool> DrainBodyAsync(long budget)
    {
        var scratch = new byte[4096];
        try
        {
            while (!_request.IsBodyComplete)
            {
                var n = await ReadBodyAsync(scratch);
                budget -= n;
                if (budget < 0)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is GreenHttpProtocolException or DataRateTimeoutException)
        {
            return false;
        }
    }

    private async GreenTask SendBodyAsync(HttpBody body, bool keepAlive)
    {
        var isHead = _request.Method == "HEAD";
        if (_response.IsHeadSent)
        {
            // The handler streamed with Write: end the body.
            _output.Clear();
            _response.FrameEnd(_output);
            await FlushAsync();
            return;
        }

        if (!body.IsStream)
        {
            var bytes = body.Bytes;
            var framing = HttpResponse.ChooseFraming(_response.StatusCode, lengthKnown: true, _request.Version);
            _output.Clear();
            _response.WriteHead(_output, framing, bytes.Length, keepAlive, _request);
            if (!isHead && framing != BodyFraming.None)
            {
                _output.Write(bytes.Span);
            }

            await FlushAsync();
            return;
        }

        BeginStream(keepAlive);
        if (!isHead)
        {
            if (body.Texts is { } texts)
            {
                foreach (var text in texts)
                {
                    await WritePieceAsync(Encoding.UTF8.GetBytes(text));
                }
            }
            else
            {
                foreach (var chunk in body.Chunks!)
                {
                    await WritePieceAsync(chunk);
                }
            }
        }

        _response.FrameEnd(_output);
        await FlushAsync();
    }

    /// <summary>Writes the head of a streamed response into the output buffer (sent with the first piece).</summary>
    private void BeginStream(bool keepAlive)
    {
        var declared = _response.DeclaredContentLength;
        var framing = HttpResponse.ChooseFraming(_response.StatusCode, declared is not null, _request.Version);
        if (framing == BodyFraming.UntilClose)
        {
            keepAlive = false;
        }

        _keepAliveAfterStream = keepAlive;
        _output.Clear();
        _response.WriteHead(_output, framing, declared ?? 0, keepAlive, _request);
        _response.SetFraming(_request.Method == "HEAD" ? BodyFraming.None : framing);
    }

    private bool _keepAliveAfterStream = true;

    internal async GreenTask WritePieceAsync(ReadOnlyMemory<byte> piece)
    {
        // The head of a streamed response goes out with its first piece (the output buffer is empty after each flush).
        if (!_response.IsHeadSent)
        {
            BeginStream(_request.IsKeepAlive && !_server.IsStopping);
        }

        _response.FramePiece(_output, piece.Span);
        await FlushAsync();
    }

    private async GreenTask FlushAsync()
    {
        if (_output.Length == 0)
        {
            return;
        }

        _bytesSent += _output.Length;
        await SendWithinRateAsync(_output.WrittenMemory);
        _output.Clear();
    }

    /// <summary>
    /// Answers a request that failed before any byte of its response went out: pywsgi's 500 (or, for a body the
    /// client got wrong, its 400) as a handler would have sent it, with <c>Connection: close</c>. The caller logs it.
    /// Once bytes have gone, the connection just closes (the client sees a truncated response), as in pywsgi.
    /// </summary>
    private async GreenTask SendErrorIfNothingSentAsync(int status)
    {
        if (_bytesSent > 0)
        {
            return;
        }

        var body = status == 500 ? "Internal Server Error"u8 : default;
        _response.ResetForRequest();
        _response.StatusCode = status;
        _response.AddHeader("Content-Type", "text/plain");
        _response.AddHeader("Connection", "close");
        _response.AddHeader("Content-Length", status == 500 ? "21" : "0");
        _output.Clear();
        _response.WriteHead(_output, BodyFraming.ContentLength, body.Length, keepAlive: false, _request);
        if (_request.Method != "HEAD")
        {
            _output.Write(body);
        }

        try
        {
            await FlushAsync();
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            _abortAfterCut = true; // the client takes nothing: no point lingering
        }
    }

    /// <summary>
    /// Refuses a request whose head is malformed or too big, with pywsgi's bytes for such a refusal (no Date, no body),
    /// logs it, and leaves the connection to close.
    /// </summary>
    private async GreenTask RejectAsync(int status, string requestLine, KeyValuePair<string, string>? extraHeader = null)
    {
        _output.Clear();
        _output.Write(HttpStatusLines.Line(status));
        if (extraHeader is { } header)
        {
            _output.WriteLatin1(header.Key);
            _output.Write(": "u8);
            _output.WriteLatin1(header.Value);
            _output.WriteCrlf();
        }

        _output.Write("Connection: close\r\nContent-length: 0\r\n\r\n"u8); // pywsgi's spelling, byte for byte
        _closeLingers = true; // a refused head may have a body behind it, still on its way
        try
        {
            await FlushAsync();
        }
        catch (IOException)
        {
        }

        _server.LogRequest(_peer, requestLine, status, _bytesSent, TimeSpan.Zero);
    }

    /// <summary>
    /// The request line as the client sent it (up to its CR LF, at most <see cref="HttpLimits.MaxRequestLineBytes"/>),
    /// read from the buffer for the access log of a request that did not parse, as pywsgi logs it.
    /// </summary>
    private string RawRequestLine()
    {
        var unread = _buffer.AsSpan(_start, _end - _start);
        while (unread.StartsWith("\r\n"u8))
        {
            unread = unread[2..];
        }

        var end = unread.IndexOf((byte)'\n');
        var line = unread[..Math.Min(end >= 0 ? end : unread.Length, Limits.MaxRequestLineBytes)];
        return Encoding.Latin1.GetString(line.TrimEnd(" \t\r\n"u8));
    }

    /// <summary>The request line of the request being served, or "-" between requests.</summary>
    private string CurrentRequestLine() => _bodyStart >= 0 ? RequestLine() : "-";

    private string RequestLine() => $"{_request.Method} {_request.RawTarget} HTTP/{(_request.Version == HttpProtocolVersion.Http11 ? "1.1" : "1.0")}";
}
