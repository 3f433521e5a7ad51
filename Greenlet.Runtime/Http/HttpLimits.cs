namespace Greenlets;

/// <summary>
/// Size limits and timeouts of an <c>HttpServer</c>. The defaults follow Kestrel's: an 8 KB request line,
/// 32 KB of headers, 100 headers, a 30 MB body, 30 s to read a request's head, 120 s of keep-alive idleness, and
/// request bodies and responses that move at 240 bytes/s at least after a 5 s grace period.
/// </summary>
/// <remarks>gevent: <c>pywsgi.WSGIHandler.MAX_REQUEST_LINE</c> and friends (gevent has no timeouts of its own).</remarks>
public sealed record HttpLimits
{
    /// <summary>The longest request line accepted, CRLF excluded; a longer one gets 414 URI Too Long.</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>The most bytes of header lines accepted in one request head; more gets 431.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>The most header fields accepted in one request head; more gets 431.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>The largest request body accepted, however it is framed; a larger one gets 413 Content Too Large.</summary>
    public long MaxBodyBytes { get; init; } = 30_000_000;

    /// <summary>How long a client may take to send a whole request head, from its first byte; then the connection closes.</summary>
    public TimeSpan HeaderReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a kept-alive connection may stay idle between requests; then it closes.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long one receive of the request body, or one send of the response, may wait.</summary>
    public TimeSpan BodyIoTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a client of an HTTPS server (<see cref="HttpServer.Tls"/>) may take over the whole TLS handshake;
    /// then the connection closes. Kestrel's default: 10 s.
    /// </summary>
    /// <remarks>gevent: none; the listener's socket timeout bounds each read of <c>do_handshake()</c>.</remarks>
    public GreenDuration TlsHandshakeTimeout { get; init; } = 10;

    /// <summary>
    /// The least average rate at which a client must send a request body, measured from the body's first read and
    /// counting only the time the handler waits for body bytes (time it spends doing other things is not the
    /// client's). Once the grace period has passed and the average falls below the rate, the read raises a
    /// <see cref="TimeoutException"/>, the client gets 408 Request Timeout (or, if the response has started, the
    /// connection is aborted), one line goes to <see cref="HttpServer.ConnectionLog"/>, and the connection closes.
    /// Null turns the check off. Kestrel's default: 240 bytes/s after a 5 s grace period.
    /// </summary>
    /// <remarks>gevent: none; pywsgi bounds each receive only (its socket timeout).</remarks>
    public MinDataRate? MinRequestBodyDataRate { get; init; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>
    /// The least rate at which a client must take a response, the head included, as Kestrel enforces it: each send
    /// must be done within the grace period or within its size divided by the rate, whichever is longer (a
    /// deadline that accumulates over consecutive sends). A client that falls behind has its connection aborted and
    /// one line goes to <see cref="HttpServer.ConnectionLog"/>. Null turns the check off. Kestrel's default: 240
    /// bytes/s with a 5 s grace period.
    /// </summary>
    /// <remarks>gevent: none.</remarks>
    public MinDataRate? MinResponseDataRate { get; init; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>
    /// The most bytes of a request body the handler left unread that the server reads and discards after the response,
    /// so that the connection can serve another request; a longer remainder closes the connection instead (through a
    /// lingering close). Kestrel drains up to its body size limit; the default here, 1 MB, bounds what one ignored
    /// upload costs.
    /// </summary>
    public long MaxUnreadBodyDrainBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How long a connection closed with input still unread (after a 400, a 413, or a response to a request whose body
    /// was not read) goes on reading and discarding before it closes, once its response is out and its sending side
    /// shut down (RFC 9112 section 9.6). Closing at once would send a reset, and a client still sending would lose the
    /// response. Zero closes at once.
    /// </summary>
    public TimeSpan LingeringCloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most bytes a lingering close reads and discards before it closes anyway.</summary>
    public long MaxLingeringCloseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The most bytes the whole server holds at once for request bodies read whole (<c>ReadToEnd</c>, <c>ReadText</c>,
    /// <c>ReadForm</c>) and WebSocket messages being received, beyond each one's own limit. A connection that finds no
    /// room waits, not reading, so its client is slowed by TCP's flow control; after <see cref="BodyIoTimeout"/> (a
    /// body) or <see cref="WebSocketLimits.FrameReceiveTimeout"/> (a message) it gets 503, or a close with 1013. Bodies
    /// and messages of unknown length (chunked) take room as they grow, so the bound can fill with partial ones that all
    /// wait for more: none could ever go on, and the one that finds this gets its 503 (or 1013) at once, which frees
    /// its bytes for the others. 256 MiB by default.
    /// </summary>
    public long MaxBufferedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most connections served at once; further connections wait in the listen backlog.</summary>
    public int MaxConcurrentConnections { get; init; } = 10_000;

    /// <summary>The defaults.</summary>
    public static HttpLimits Default { get; } = new();

    internal void Validate()
    {
        if (MaxRequestLineBytes < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestLineBytes), MaxRequestLineBytes, "must be at least 16 bytes");
        }

        if (MaxHeaderBytes < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHeaderBytes), MaxHeaderBytes, "must be at least 64 bytes");
        }

        if (MaxHeaderCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHeaderCount), MaxHeaderCount, "must be positive");
        }

        if (MaxBodyBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), MaxBodyBytes, "must not be negative");
        }

        foreach (var (name, value) in new[] { (nameof(MaxUnreadBodyDrainBytes), MaxUnreadBodyDrainBytes), (nameof(MaxLingeringCloseBytes), MaxLingeringCloseBytes) })
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, "must not be negative");
            }
        }

        if (LingeringCloseTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LingeringCloseTimeout), LingeringCloseTimeout, "must not be negative");
        }

        if (!(TlsHandshakeTimeout.Seconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TlsHandshakeTimeout), TlsHandshakeTimeout, "must be positive");
        }

        if (MaxBufferedBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), MaxBufferedBytes, "must be positive");
        }

        if (MaxConcurrentConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentConnections), MaxConcurrentConnections, "must be positive");
        }

        foreach (var (name, value) in new[] { (nameof(HeaderReadTimeout), HeaderReadTimeout), (nameof(KeepAliveTimeout), KeepAliveTimeout), (nameof(BodyIoTimeout), BodyIoTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }
        }
    }
}
