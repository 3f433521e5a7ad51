using System.Text;

namespace Greenlets;

/// <summary>
/// One HTTP request as the handler sees it. The server parses the head in place in the connection's buffer and
/// reuses this object for every request of a connection, so strings (path, query, header values) are made only
/// when the handler asks for them. Valid until the handler returns.
/// </summary>
/// <remarks>gevent: the WSGI <c>environ</c> dictionary (<c>REQUEST_METHOD</c>, <c>PATH_INFO</c>, <c>QUERY_STRING</c>, <c>HTTP_*</c>, <c>wsgi.input</c>).</remarks>
public sealed partial class HttpRequest
{
    private byte[] _buffer = [];
    private HeaderRange[] _headers = new HeaderRange[16];
    private int _headerCount;
    private string? _method;
    private (int Start, int Length) _methodRange, _targetRange, _pathRange, _queryRange;
    private string? _path, _query, _target;

    internal HttpRequest()
    {
    }

    /// <summary>The request method, such as <c>GET</c>; common methods are shared strings.</summary>
    /// <remarks>gevent: <c>environ['REQUEST_METHOD']</c>.</remarks>
    public string Method => _method ??= Encoding.ASCII.GetString(Slice(_methodRange));

    /// <summary>The path, percent-decoded as UTF-8, without the query string. For <c>OPTIONS *</c> it is <c>*</c>.</summary>
    /// <remarks>gevent: <c>environ['PATH_INFO']</c>.</remarks>
    public string Path => _path ??= PercentDecoding.Decode(Slice(_pathRange));

    /// <summary>The query string after <c>?</c>, still encoded; empty when there is none.</summary>
    /// <remarks>gevent: <c>environ['QUERY_STRING']</c>.</remarks>
    public string QueryString => _query ??= Encoding.ASCII.GetString(Slice(_queryRange));

    /// <summary>The request target exactly as the client sent it.</summary>
    /// <remarks>gevent: <c>environ['RAW_URI']</c>.</remarks>
    public string RawTarget => _target ??= Encoding.ASCII.GetString(Slice(_targetRange));

    /// <summary>The raw (still percent-encoded) path bytes, for matching without making a string.</summary>
    public ReadOnlySpan<byte> RawPath => Slice(_pathRange);

    /// <summary>The protocol version of the request.</summary>
    /// <remarks>gevent: <c>environ['SERVER_PROTOCOL']</c>.</remarks>
    public HttpProtocolVersion Version { get; private set; }

    /// <summary>The request's header fields.</summary>
    /// <remarks>gevent: the <c>HTTP_*</c> keys of <c>environ</c>, plus <c>CONTENT_TYPE</c> and <c>CONTENT_LENGTH</c>.</remarks>
    public HttpRequestHeaders Headers => new(this);

    /// <summary>The declared body length, or null when the body is chunked or absent.</summary>
    /// <remarks>gevent: <c>environ['CONTENT_LENGTH']</c>.</remarks>
    public long? ContentLength { get; private set; }

    /// <summary>Whether the body is sent with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool IsChunked { get; private set; }

    /// <summary>Whether the request has a body at all (a positive Content-Length, or chunked framing).</summary>
    public bool HasBody => IsChunked || ContentLength > 0;

    /// <summary>Whether the client allows the connection to stay open after the response (HTTP/1.1 default, HTTP/1.0 opt-in).</summary>
    public bool IsKeepAlive { get; private set; }

    /// <summary>Whether the client sent <c>Expect: 100-continue</c> and waits for <c>100 Continue</c> before sending the body.</summary>
    public bool IsContinueExpected { get; private set; }

    /// <summary>Whether this is a WebSocket opening handshake (<c>GET</c> with <c>Upgrade: websocket</c> and <c>Connection: Upgrade</c>).</summary>
    public bool IsWebSocketUpgrade { get; private set; }

    /// <summary>The values of a route's <c>&lt;name&gt;</c> segments, set by <see cref="HttpRouter"/>; empty otherwise.</summary>
    /// <remarks>gevent: the keyword arguments Flask passes to a view.</remarks>
    public IReadOnlyDictionary<string, string> RouteValues { get; internal set; } = s_noRouteValues;

    private static readonly IReadOnlyDictionary<string, string> s_noRouteValues = new Dictionary<string, string>();

    /// <summary>True when the raw path equals <paramref name="path"/> byte for byte (ASCII), without making a string.</summary>
    /// <param name="path">The path to compare with, such as <c>/</c>.</param>
    /// <returns>Whether they are equal.</returns>
    public bool PathEquals(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var raw = RawPath;
        if (raw.Length != path.Length)
        {
            return false;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != path[i])
            {
                return false;
            }
        }

        return true;
    }

    internal int HeaderCount => _headerCount;

    internal ReadOnlySpan<byte> HeaderName(int index) => Slice(_headers[index].Name);

    internal ReadOnlySpan<byte> HeaderValue(int index) => Slice(_headers[index].Value);

    private ReadOnlySpan<byte> Slice((int Start, int Length) range) => _buffer.AsSpan(range.Start, range.Length);

    /// <summary>Forgets the previous request and points at a new head in <paramref name="buffer"/>.</summary>
    internal void Reset(byte[] buffer)
    {
        _buffer = buffer;
        _headerCount = 0;
        _method = _path = _query = _target = null;
        _methodRange = _targetRange = _pathRange = _queryRange = default;
        Version = HttpProtocolVersion.Http11;
        ContentLength = null;
        IsChunked = IsKeepAlive = IsContinueExpected = IsWebSocketUpgrade = false;
        RouteValues = s_noRouteValues;
        ResetBody();
    }

    /// <summary>Moves the head's offsets when the connection compacts its buffer.</summary>
    internal void Rebase(byte[] buffer, int shift)
    {
        _buffer = buffer;
        Shift(ref _methodRange, shift);
        Shift(ref _targetRange, shift);
        Shift(ref _pathRange, shift);
        Shift(ref _queryRange, shift);
        for (var i = 0; i < _headerCount; i++)
        {
            Shift(ref _headers[i].Name, shift);
            Shift(ref _headers[i].Value, shift);
        }

        static void Shift(ref (int Start, int Length) range, int shift) => range.Start -= shift;
    }

    internal void SetRequestLine((int, int) method, string? knownMethod, (int, int) target, (int, int) path, (int, int) query, HttpProtocolVersion version)
    {
        _methodRange = method;
        _method = knownMethod;
        _targetRange = target;
        _pathRange = path;
        _queryRange = query;
        Version = version;
    }

    internal void AddHeader((int, int) name, (int, int) value)
    {
        if (_headerCount == _headers.Length)
        {
            Array.Resize(ref _headers, _headers.Length * 2);
        }

        _headers[_headerCount++] = new HeaderRange { Name = name, Value = value };
    }

    internal void SetFraming(long? contentLength, bool chunked, bool keepAlive, bool expectsContinue, bool webSocketUpgrade)
    {
        ContentLength = contentLength;
        IsChunked = chunked;
        IsKeepAlive = keepAlive;
        IsContinueExpected = expectsContinue;
        IsWebSocketUpgrade = webSocketUpgrade;
    }

    private struct HeaderRange
    {
        public (int Start, int Length) Name;
        public (int Start, int Length) Value;
    }
}
