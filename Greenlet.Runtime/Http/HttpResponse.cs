namespace Greenlets;

/// <summary>
/// The response a handler builds: status and header fields, then either a returned <see cref="HttpBody"/> or
/// incremental <c>Write</c> calls (streamed chunked). The server adds Date, the framing fields and
/// Connection. Reused for every request of a connection.
/// </summary>
/// <remarks>gevent: WSGI's <c>start_response(status, headers)</c> and its <c>write</c> callable.</remarks>
public sealed partial class HttpResponse
{
    private readonly List<KeyValuePair<string, string>> _headers = new(8);
    private int _statusCode = 200;

    /// <summary>The status code, 200 unless set; can no longer change once the head is sent.</summary>
    /// <remarks>gevent: the status string given to <c>start_response</c>.</remarks>
    public int StatusCode
    {
        get => _statusCode;
        set
        {
            if (value is < 100 or > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "an HTTP status is 100 to 599");
            }

            ThrowIfHeadSent();
            _statusCode = value;
        }
    }

    /// <summary>The header fields set so far, in order (without the ones the server adds).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Whether the status line and headers have gone to the client.</summary>
    public bool IsHeadSent { get; private set; }

    /// <summary>The Content-Type field; null when not set.</summary>
    public string? ContentType
    {
        get => Find("Content-Type") is var i and >= 0 ? _headers[i].Value : null;
        set
        {
            if (value is null)
            {
                RemoveHeader("Content-Type");
            }
            else
            {
                SetHeader("Content-Type", value);
            }
        }
    }

    /// <summary>Adds a header field, keeping any others of the same name.</summary>
    /// <param name="name">A token, such as <c>Set-Cookie</c>.</param>
    /// <param name="value">The value; CR, LF, NUL and characters above U+00FF are refused.</param>
    /// <remarks>gevent: an entry of the headers list given to <c>start_response</c>.</remarks>
    public void AddHeader(string name, string value)
    {
        ValidateHeader(name, value);
        ThrowIfHeadSent();
        _headers.Add(new(name, value));
    }

    /// <summary>Sets a header field, replacing every other of the same name.</summary>
    /// <param name="name">A token, such as <c>Content-Type</c>.</param>
    /// <param name="value">The value; CR, LF, NUL and characters above U+00FF are refused.</param>
    public void SetHeader(string name, string value)
    {
        ValidateHeader(name, value);
        ThrowIfHeadSent();
        var index = Find(name);
        if (index < 0)
        {
            _headers.Add(new(name, value));
            return;
        }

        _headers[index] = new(name, value);
        for (var i = _headers.Count - 1; i > index; i--)
        {
            if (IsNamed(_headers[i], name))
            {
                _headers.RemoveAt(i);
            }
        }
    }

    /// <summary>Removes every header field named <paramref name="name"/>.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns>Whether any was removed.</returns>
    public bool RemoveHeader(string name)
    {
        ThrowIfHeadSent();
        var removed = false;
        for (var i = _headers.Count - 1; i >= 0; i--)
        {
            if (!IsNamed(_headers[i], name))
            {
                continue;
            }

            _headers.RemoveAt(i);
            removed = true;
        }

        return removed;
    }

    internal void ResetForRequest()
    {
        _headers.Clear();
        _statusCode = 200;
        IsHeadSent = false;
        HandlerClosesConnection = false;
        ResetStreaming();
    }

    /// <summary>
    /// How the body is framed, given what is known when the head is written. A HEAD response is framed as its GET
    /// would be (the server then sends no body), as RFC 9110 asks and pywsgi does.
    /// </summary>
    internal static BodyFraming ChooseFraming(int status, bool lengthKnown, HttpProtocolVersion version)
    {
        if (status < 200 || status is 204 or 304)
        {
            return BodyFraming.None;
        }

        if (lengthKnown)
        {
            return BodyFraming.ContentLength;
        }

        return version == HttpProtocolVersion.Http11 ? BodyFraming.Chunked : BodyFraming.UntilClose;
    }

    /// <summary>
    /// Whether the handler's own <c>Connection</c> field says <c>close</c>: the server then closes after this response,
    /// whatever the client asked. Known once the head is written.
    /// </summary>
    internal bool HandlerClosesConnection { get; private set; }

    /// <summary>
    /// Writes the status line and header fields in pywsgi's order: the handler's, as it set them (its own
    /// <c>Date</c>, <c>Connection</c> and <c>Content-Length</c> included); then, unless the handler set
    /// <c>Connection</c>, <c>Connection: close</c> or <c>keep-alive</c> for an HTTP/1.0 request, and
    /// <c>Connection: close</c> for a later version when the server closes a connection the client meant to keep;
    /// then <c>Date</c>
    /// unless the handler set one; then the framing field unless the handler set <c>Content-Length</c>.
    /// </summary>
    internal void WriteHead(OutputBuffer output, BodyFraming framing, long contentLength, bool keepAlive, HttpRequest request)
    {
        output.Write(HttpStatusLines.Line(_statusCode));
        var handlerFields = ServerField.None;
        HandlerClosesConnection = false;
        foreach (var (name, value) in _headers)
        {
            var field = Classify(name);
            handlerFields |= field;
            if (field == ServerField.Connection && ListsToken(value, "close"))
            {
                HandlerClosesConnection = true;
            }

            output.WriteLatin1(name);
            output.Write(": "u8);
            output.WriteLatin1(value);
            output.WriteCrlf();
        }

        // The upgrade response's own Upgrade/Connection fields are written by the WebSocket handshake.
        if ((handlerFields & ServerField.Connection) == 0 && _statusCode != 101)
        {
            if (request.Version == HttpProtocolVersion.Http10)
            {
                output.Write(keepAlive ? "Connection: keep-alive\r\n"u8 : "Connection: close\r\n"u8);
            }
            else if (!keepAlive && request.IsKeepAlive)
            {
                // The server closes a connection the client means to keep (it is stopping, say): unlike pywsgi, say
                // so (RFC 9112 section 9.6), or a keep-alive client sends its next request into the close. When the
                // client asked for the close, pywsgi's silence stays: that client must not send another request.
                output.Write("Connection: close\r\n"u8);
            }
        }

        if ((handlerFields & ServerField.Date) == 0)
        {
            output.Write(HttpDateHeader.Current);
        }

        if (framing == BodyFraming.ContentLength && (handlerFields & ServerField.ContentLength) == 0)
        {
            output.Write("Content-Length: "u8);
            output.WriteDecimal(contentLength);
            output.WriteCrlf();
        }
        else if (framing == BodyFraming.Chunked)
        {
            output.Write("Transfer-Encoding: chunked\r\n"u8);
        }

        output.WriteCrlf();
        IsHeadSent = true;
    }

    /// <summary>Whether the comma-separated <paramref name="list"/> holds <paramref name="token"/> (any case), as in <c>Connection: keep-alive, close</c>.</summary>
    private static bool ListsToken(string list, string token)
    {
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Header names compared without allocating; the plaintext path classifies one field per request.
    private static ServerField Classify(string name) => name.Length switch
    {
        4 when string.Equals(name, "Date", StringComparison.OrdinalIgnoreCase) => ServerField.Date,
        10 when string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase) => ServerField.Connection,
        14 when string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) => ServerField.ContentLength,
        _ => ServerField.None,
    };

    /// <summary>The Content-Length the handler set itself, if any.</summary>
    internal long? DeclaredContentLength =>
        Find("Content-Length") is var i and >= 0 ? long.Parse(_headers[i].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    // Plain loops, not FindIndex/RemoveAll with a lambda: a lambda capturing the name is an allocation per call,
    // and the plaintext path sets a header on every request.
    private int Find(string name)
    {
        for (var i = 0; i < _headers.Count; i++)
        {
            if (IsNamed(_headers[i], name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNamed(KeyValuePair<string, string> header, string name) =>
        string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase);

    private void ThrowIfHeadSent()
    {
        if (IsHeadSent)
        {
            throw new InvalidOperationException("the response head has already been sent");
        }
    }

    private static void ValidateHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in name)
        {
            if (c > 0x7f || !HttpCharacterClasses.IsToken((byte)c))
            {
                throw new ArgumentException($"'{name}' is not a valid header name", nameof(name));
            }
        }

        if (name.Length == 0)
        {
            throw new ArgumentException("a header name cannot be empty", nameof(name));
        }

        foreach (var c in value)
        {
            if (c > 0xff || (c < 0x20 && c != '\t') || c == 0x7f)
            {
                throw new ArgumentException($"the value of '{name}' has a control character or one above U+00FF", nameof(value));
            }
        }

        if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("the server sets Transfer-Encoding itself: return HttpBody.Stream or call Write for a chunked body, or set Content-Length", nameof(name));
        }

        if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) && !long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"Content-Length must be a non-negative integer, not '{value}'", nameof(value));
        }
    }
}

/// <summary>The header fields the server writes itself unless the handler set them.</summary>
[Flags]
internal enum ServerField
{
    None = 0,
    Date = 1,
    Connection = 2,
    ContentLength = 4,
}

/// <summary>How a response body is delimited on the wire.</summary>
internal enum BodyFraming
{
    None,
    ContentLength,
    Chunked,
    UntilClose,
}
