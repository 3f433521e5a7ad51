using System.ComponentModel;
using System.Net;

namespace Greenlets;

/// <summary>
/// geventhttpclient: <c>HTTPClient</c> / <c>PoolManager</c>; requests: <c>requests.Session</c> under
/// <c>gevent.monkey</c>. A green HTTP/1.1 client: each request suspends only the calling greenlet, so one hub runs
/// many at once, and a <see cref="Pool"/> of greenlets can share one client.
/// </summary>
/// <remarks>
/// <para>
/// Connections are kept alive and pooled per origin (scheme, host, port), at most
/// <see cref="MaxConnectionsPerOrigin"/> of them; a request waits (up to <see cref="PoolTimeout"/>) for a free one. A
/// request on a reused connection that the server had closed goes again, once, on a new connection when it is
/// idempotent. Redirects are followed, compressed bodies (gzip, deflate, br) decompressed, and cookies kept when
/// <see cref="Cookies"/> is set. Every timeout runs on the hub's clock, so on the virtual clock a test is exact.
/// </para>
/// <para>
/// An <c>https</c> URL gets TLS on the hub (<see cref="GreenSslStream"/>, options from <see cref="Tls"/>); a failed
/// handshake is a <see cref="GreenHttpTlsException"/>.
/// </para>
/// </remarks>
public sealed partial class GreenHttpClient : IDisposable
{
    private readonly Dictionary<GreenHttpOrigin, ConnectionPool> _pools = [];
    private Func<GreenHttpOrigin, GreenDuration?, GreenTask<GreenStream>>? _connectorTwin;
    private Func<GreenHttpOrigin, GreenDuration?, GreenStream>? _connector;
    private int _maxConnectionsPerOrigin = 10;
    private int _maxRedirects = 10;
    private bool _isDisposed;

    /// <summary>
    /// geventhttpclient: <c>concurrency=</c>; requests: <c>HTTPAdapter(pool_maxsize=)</c> with <c>pool_block=True</c>.
    /// The most connections open to one origin at once, in use or idle (10 by default).
    /// </summary>
    public int MaxConnectionsPerOrigin
    {
        get => _maxConnectionsPerOrigin;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxConnectionsPerOrigin = value;
        }
    }

    /// <summary>
    /// geventhttpclient: <c>connection_timeout=</c>; requests: the first of <c>timeout=(connect, read)</c>. The longest
    /// a name lookup and a connect may take; null (the default) waits as long as they take.
    /// </summary>
    public GreenDuration? ConnectTimeout { get; init; }

    /// <summary>
    /// geventhttpclient: <c>network_timeout=</c>; requests: the second of <c>timeout=(connect, read)</c>. The longest
    /// any one wait for the server (to take request bytes, or to send response bytes) may take; null (the default)
    /// waits as long as it takes.
    /// </summary>
    public GreenDuration? ReadTimeout { get; init; }

    /// <summary>
    /// gevent: <c>with gevent.Timeout(seconds):</c> around the request. The longest a whole request may take, from
    /// waiting for a connection to the last byte of a buffered body, redirects included; null (the default) for no
    /// bound. For a streamed response the time to read its body counts too.
    /// </summary>
    public GreenDuration? TotalTimeout { get; init; }

    /// <summary>
    /// urllib3: <c>PoolManager(timeout=)</c> of a blocking pool. The longest a request waits for a free connection when
    /// <see cref="MaxConnectionsPerOrigin"/> are in use; null (the default) waits as long as it takes (within
    /// <see cref="TotalTimeout"/>).
    /// </summary>
    public GreenDuration? PoolTimeout { get; init; }

    /// <summary>
    /// requests: <c>Session.max_redirects</c> (30 there). How many redirects (301, 302, 303, 307, 308) a request follows
    /// (10 by default); 0 returns the redirect itself. One more raises <see cref="GreenHttpException"/>.
    /// </summary>
    public int MaxRedirects
    {
        get => _maxRedirects;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxRedirects = value;
        }
    }

    /// <summary>
    /// requests: always on. Whether to send <c>Accept-Encoding: gzip, deflate, br</c> (unless a request sets its own)
    /// and decompress what comes back (true by default). The response keeps its <c>Content-Encoding</c> field.
    /// </summary>
    public bool IsDecompressionEnabled { get; init; } = true;

    /// <summary>
    /// requests: <c>Session.cookies</c>. Where cookies are kept: <c>Set-Cookie</c> fields go in, and a request sends
    /// the ones its URL matches. Null (the default) keeps none.
    /// </summary>
    public CookieContainer? Cookies { get; init; }

    /// <summary>requests: the default <c>User-Agent</c>. Sent unless a request sets its own; null sends none.</summary>
    public string? UserAgent { get; init; } = "Greenlet";

    /// <summary>The largest body <see cref="Send(GreenHttpRequest)"/> or <see cref="GreenHttpResponse.ReadBody"/> reads into memory (64 MiB by default).</summary>
    public long MaxResponseBodyBytes { get; init; } = 64L << 20;

    /// <summary>The largest response head (status line and fields) read (64 KiB by default).</summary>
    public int MaxResponseHeadBytes { get; init; } = 64 << 10;

    /// <summary>
    /// requests: <c>verify=</c> and <c>cert=</c>; gevent: the <c>SSLContext</c> given to the connection. The TLS options
    /// for https origins, used as a template: the origin's host is the SNI name and the name checked unless
    /// <see cref="System.Net.Security.SslClientAuthenticationOptions.TargetHost"/> is set, ALPN offers http/1.1 unless it names protocols,
    /// and <see cref="GreenSslStream"/>'s defaults apply (the system trust store, no certificate downloads). Null
    /// (the default) is those defaults. A <see cref="Connector"/>, when set, replaces all this.
    /// </summary>
    public System.Net.Security.SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>
    /// requests: a transport adapter (<c>Session.mount</c>). Opens the stream a new connection runs on, given the
    /// origin and the connect timeout (null for none); null (the default) connects over TCP with
    /// <see cref="ConnectTcp"/>. A <c>[Greenlet]</c> method runs cooperatively; a plain function must not wait. This
    /// is where TLS goes (a TLS stream over <see cref="ConnectTcp"/>), and where a test puts one end of
    /// <see cref="GreenStream.CreatePair"/>.
    /// </summary>
    public Func<GreenHttpOrigin, GreenDuration?, GreenStream>? Connector
    {
        get => _connector;
        init
        {
            _connector = value;
            _connectorTwin = value is null ? null : LowLevel.GreenletTwin.Find<Func<GreenHttpOrigin, GreenDuration?, GreenTask<GreenStream>>>(value);
        }
    }

    /// <summary>requests: <c>session.get(url)</c>; geventhttpclient: <c>client.get(path)</c>. Sends a GET and reads the whole response.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The response, its body read.</returns>
    /// <exception cref="GreenHttpConnectException">The connection could not be opened.</exception>
    /// <exception cref="GreenHttpTimeoutException">A timeout ran out.</exception>
    /// <exception cref="GreenHttpProtocolException">The response is malformed.</exception>
    /// <exception cref="GreenHttpException">The connection was lost, or the redirects did not end.</exception>
    [Cooperative(nameof(GetAwaitable))]
    public GreenHttpResponse Get(string url) => Send(new GreenHttpRequest("GET", url));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Get"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> GetAwaitable(string url) => SendAwaitable(new GreenHttpRequest("GET", url));

    /// <summary>requests: <c>session.head(url)</c>. Sends a HEAD; the response has no body.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The response.</returns>
    [Cooperative(nameof(HeadAwaitable))]
    public GreenHttpResponse Head(string url) => Send(new GreenHttpRequest("HEAD", url));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Head"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> HeadAwaitable(string url) => SendAwaitable(new GreenHttpRequest("HEAD", url));

    /// <summary>requests: <c>session.delete(url)</c>. Sends a DELETE and reads the whole response.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The response, its body read.</returns>
    [Cooperative(nameof(DeleteAwaitable))]
    public GreenHttpResponse Delete(string url) => Send(new GreenHttpRequest("DELETE", url));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Delete"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> DeleteAwaitable(string url) => SendAwaitable(new GreenHttpRequest("DELETE", url));

    /// <summary>requests: <c>session.post(url, data=body)</c>. Sends a POST with <paramref name="body"/> and reads the whole response.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The response, its body read.</returns>
    [Cooperative(nameof(PostAwaitable))]
    public GreenHttpResponse Post(string url, ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") =>
        Send(WithBody("POST", url, body, contentType));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Post(string, ReadOnlyMemory{byte}, string)"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> PostAwaitable(string url, ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") =>
        SendAwaitable(WithBody("POST", url, body, contentType));

    /// <summary>requests: <c>session.post(url, data="text")</c>. Sends a POST with <paramref name="text"/> in UTF-8.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="text">The body.</param>
    /// <param name="contentType">Its media type, sent with <c>; charset=utf-8</c>.</param>
    /// <returns>The response, its body read.</returns>
    [Cooperative(nameof(PostAwaitable))]
    public GreenHttpResponse Post(string url, string text, string contentType = "text/plain") =>
        Send(new GreenHttpRequest("POST", url).WithText(text, contentType));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Post(string, string, string)"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="text">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> PostAwaitable(string url, string text, string contentType = "text/plain") =>
        SendAwaitable(new GreenHttpRequest("POST", url).WithText(text, contentType));

    /// <summary>requests: <c>session.put(url, data=body)</c>. Sends a PUT with <paramref name="body"/> and reads the whole response.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The response, its body read.</returns>
    [Cooperative(nameof(PutAwaitable))]
    public GreenHttpResponse Put(string url, ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") =>
        Send(WithBody("PUT", url, body, contentType));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Put"/> instead.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> PutAwaitable(string url, ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") =>
        SendAwaitable(WithBody("PUT", url, body, contentType));

    /// <summary>requests: <c>session.send(prepared)</c>. Sends <paramref name="request"/> and reads the whole response.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The response, its body read and its connection back in the pool.</returns>
    /// <exception cref="GreenHttpConnectException">The connection could not be opened.</exception>
    /// <exception cref="GreenHttpTimeoutException">A timeout ran out.</exception>
    /// <exception cref="GreenHttpProtocolException">The response is malformed.</exception>
    /// <exception cref="GreenHttpException">The connection was lost, or the redirects did not end.</exception>
    /// <exception cref="GreenHttpTlsException">The TLS handshake with an https origin failed.</exception>
    [Cooperative(nameof(SendAwaitable))]
    public GreenHttpResponse Send(GreenHttpRequest request) => PlainCallBridge.Run(() => SendCoreAsync(request, streaming: false));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(GreenHttpRequest)"/> instead.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> SendAwaitable(GreenHttpRequest request) => SendCoreAsync(request, streaming: false);

    /// <summary>
    /// requests: <c>session.send(prepared)</c>, with the response's storage reused. Sends <paramref name="request"/> and
    /// reads the whole response into <paramref name="reuse"/>, a response an earlier call returned and the caller is
    /// done with; null makes a new one. A loop that passes the same request and, each time, the response the last call
    /// returned allocates nothing per request on a pooled connection: the header fields stay bytes until read, and a
    /// body as long as the last one goes into the last one's array.
    /// </summary>
    /// <param name="request">The request; it may be sent again and again.</param>
    /// <param name="reuse">The response to fill again, or null. What it held is overwritten: its header values, and
    /// the array <see cref="GreenHttpResponse.ReadBody"/> gave, when the new body has the same length. A body it had
    /// not read to the end lets its connection go, closed.</param>
    /// <returns><paramref name="reuse"/> (or a new response), its body read and its connection back in the pool.</returns>
    /// <exception cref="GreenHttpConnectException">The connection could not be opened.</exception>
    /// <exception cref="GreenHttpTimeoutException">A timeout ran out.</exception>
    /// <exception cref="GreenHttpProtocolException">The response is malformed.</exception>
    /// <exception cref="GreenHttpException">The connection was lost, or the redirects did not end.</exception>
    /// <exception cref="GreenHttpTlsException">The TLS handshake with an https origin failed.</exception>
    [Cooperative(nameof(SendAwaitable))]
    public GreenHttpResponse Send(GreenHttpRequest request, GreenHttpResponse? reuse) =>
        PlainCallBridge.Run(() => SendCoreAsync(request, streaming: false, reuse));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send(GreenHttpRequest, GreenHttpResponse?)"/> instead.</summary>
    /// <param name="request">The request.</param>
    /// <param name="reuse">The response to fill again, or null.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> SendAwaitable(GreenHttpRequest request, GreenHttpResponse? reuse) =>
        SendCoreAsync(request, streaming: false, reuse);

    /// <summary>
    /// requests: <c>session.send(prepared, stream=True)</c>; geventhttpclient: <c>client.request(...)</c> before
    /// <c>read()</c>. Sends <paramref name="request"/> and returns once the response head has arrived; read the body
    /// with <see cref="GreenHttpResponse.Read"/>, and dispose the response.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The response, holding its connection until its body is read or it is disposed.</returns>
    [Cooperative(nameof(SendStreamingAwaitable))]
    public GreenHttpResponse SendStreaming(GreenHttpRequest request) => PlainCallBridge.Run(() => SendCoreAsync(request, streaming: true));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendStreaming"/> instead.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<GreenHttpResponse> SendStreamingAwaitable(GreenHttpRequest request) => SendCoreAsync(request, streaming: true);

    /// <summary>
    /// gevent: <c>socket.create_connection((host, port), timeout)</c>. The default connector: resolves the origin's
    /// host with <see cref="GreenDns"/> and connects to its addresses in turn, over TCP (no TLS, whatever the scheme).
    /// A TLS connector calls it and wraps the result.
    /// </summary>
    /// <param name="origin">Where to connect.</param>
    /// <param name="timeout">The longest the lookup and each connect may take; null for no bound.</param>
    /// <returns>The connection's stream.</returns>
    /// <exception cref="GreenHttpConnectException">The name does not resolve, or no address accepted.</exception>
    /// <exception cref="GreenHttpTimeoutException">The lookup or a connect took too long.</exception>
    [Cooperative(nameof(ConnectTcpAwaitable))]
    public static GreenStream ConnectTcp(GreenHttpOrigin origin, GreenDuration? timeout) => PlainCallBridge.Run(() => ConnectTcpCoreAsync(origin ?? throw new ArgumentNullException(nameof(origin)), new Uri(origin.ToString()), timeout.InSeconds()));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ConnectTcp"/> instead.</summary>
    /// <param name="origin">Where to connect.</param>
    /// <param name="timeout">The longest the lookup and each connect may take.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<GreenStream> ConnectTcpAwaitable(GreenHttpOrigin origin, GreenDuration? timeout)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return ConnectTcpCoreAsync(origin, new Uri(origin.ToString()), timeout.InSeconds());
    }

    /// <summary>requests: <c>session.close()</c>. Closes the idle connections; ones in use close when their response is done.</summary>
    public void Dispose()
    {
        _isDisposed = true;
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }

        _pools.Clear();
        _lastPool = null;
    }

    /// <summary>Connections opened to <paramref name="origin"/> so far.</summary>
    internal int OpenedConnections(GreenHttpOrigin origin) => _pools.TryGetValue(origin, out var pool) ? pool.OpenedCount : 0;

    /// <summary>Idle connections to <paramref name="origin"/> now.</summary>
    internal int IdleConnections(GreenHttpOrigin origin) => _pools.TryGetValue(origin, out var pool) ? pool.IdleCount : 0;

    private static GreenHttpRequest WithBody(string method, string url, ReadOnlyMemory<byte> body, string contentType)
    {
        var request = new GreenHttpRequest(method, url) { Body = body };
        request.Headers.Set("Content-Type", contentType);
        return request;
    }
}
