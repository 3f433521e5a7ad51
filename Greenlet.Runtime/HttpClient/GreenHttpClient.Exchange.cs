using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenHttpClient
{
    private const int InlineBodyBytes = 8 * 1024;
    private const int StreamChunkBytes = 16 * 1024;
    private ConnectionPool? _lastPool;

    /// <summary>Sends a request, follows its redirects, and reads the body unless the caller streams it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="streaming">Whether the caller reads the body itself.</param>
    /// <param name="reuse">A response to fill again, its storage reused (for every response along the redirects); null for new ones.</param>
    private async GreenTask<GreenHttpResponse> SendCoreAsync(GreenHttpRequest request, bool streaming, GreenHttpResponse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_isDisposed, this);
        var clock = reuse is null
            ? new RequestClock(Hub.Current, ReadTimeout.InSeconds(), TotalTimeout.InSeconds())
            : reuse.ClockFor(Hub.Current, ReadTimeout.InSeconds(), TotalTimeout.InSeconds());
        var streamStart = request.BodyStream is { CanSeek: true } seekable ? seekable.Position : (long?)null;
        var current = request;
        var redirects = 0;
        while (true)
        {
            clock.Url = current.Url;
            var response = await ExchangeAsync(current, clock, streamStart, reuse);
            var next = MaxRedirects > 0 ? RedirectOf(current, response) : null;
            if (next is null)
            {
                response.RedirectCount = redirects;
                if (!streaming)
                {
                    await response.BufferEagerlyAsync();
                }

                return response;
            }

            if (redirects == MaxRedirects)
            {
                response.Dispose();
                throw new GreenHttpException($"more than {MaxRedirects} redirects, the last from {current.Url} to {next.Url}", current.Url);
            }

            await response.BufferEagerlyAsync(); // a redirect's body is small: read it so that its connection is reused
            current = next;
            redirects++;
        }
    }

    /// <summary>The request a redirect asks for, or null when <paramref name="response"/> is not one to follow.</summary>
    private static GreenHttpRequest? RedirectOf(GreenHttpRequest request, GreenHttpResponse response)
    {
        if (response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers["Location"] is not { } location
            || !Uri.TryCreate(request.Url, location, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        // 303 always becomes a GET; 301 and 302 turn a POST into a GET, as browsers and requests do; 307 and 308 repeat
        // the request as it was, body included, which needs a body that can be sent again.
        var method = response.StatusCode == 303 && request.Method != "HEAD" ? "GET"
            : response.StatusCode is 301 or 302 && request.Method == "POST" ? "GET"
            : request.Method;
        var keepBody = method == request.Method && response.StatusCode is 307 or 308;
        if (keepBody && !request.IsReplayable)
        {
            return null;
        }

        if (target.Fragment.Length == 0 && request.Url.Fragment.Length > 0)
        {
            target = new UriBuilder(target) { Fragment = request.Url.Fragment[1..] }.Uri;
        }

        return request.Redirected(method, target, keepBody, GreenHttpOrigin.Of(target) == GreenHttpOrigin.Of(request.Url));
    }

    /// <summary>One request and its response head, on a pooled connection; once more on a new one when a reused connection had gone stale.</summary>
    private async GreenTask<GreenHttpResponse> ExchangeAsync(GreenHttpRequest request, RequestClock clock, long? streamStart, GreenHttpResponse? reuse)
    {
        var pool = PoolFor(request.Url);
        var origin = pool.Origin;

        for (var attempt = 0; ; attempt++)
        {
            var connection = await RentAsync(pool, request.Url, clock);
            var isReused = connection.RequestCount > 0;
            connection.RequestCount++;
            connection.HasResponseBytes = false;
            var response = reuse is null ? new GreenHttpResponse(request.Url) : reuse.Refill(request.Url);
            bool askedForCompression;
            try
            {
                askedForCompression = await WriteRequestAsync(connection, request, clock, streamStart, pool);

                // Wait for the response head here, in this frame, rather than in helpers: each frame that suspends is
                // an allocation, and this wait is the one every request makes (five frames became two).
                while (!TryReadHead(connection, response))
                {
                    if (connection.End == connection.Buffer.Length)
                    {
                        connection.MakeRoom(int.MaxValue);
                    }

                    var received = connection.Stream.ReceiveAvailable(connection.Buffer.AsSpan(connection.End));
                    if (received > 0)
                    {
                        connection.End += received;
                        connection.HasResponseBytes = true;
                    }
                    else if (received == 0)
                    {
                        throw connection.HasResponseBytes
                            ? new GreenHttpProtocolException(response.Url, "the connection closed in the middle of the response head")
                            : new IOException("the server closed the connection without a response");
                    }
                    else if (!await connection.Stream.WaitReadableAsync(clock.ReadWait()))
                    {
                        throw clock.ReadTimedOut();
                    }
                }
            }
            catch (Exception e)
            {
                pool.Return(connection, keepAlive: false);
                if (e is IOException && isReused && attempt == 0 && !connection.HasResponseBytes && request.IsIdempotent && request.IsReplayable)
                {
                    continue; // the server closed the idle connection as the request went out: RFC 9112 section 9.3.1
                }

                if (e is IOException or SocketException)
                {
                    throw new GreenHttpException($"the connection to {origin} was lost ({e.Message}) for {request.Url}", request.Url, e);
                }

                throw;
            }

            if (Cookies is { } jar)
            {
                foreach (var cookie in response.Headers.GetValues("Set-Cookie"))
                {
                    try
                    {
                        jar.SetCookies(request.Url, cookie);
                    }
                    catch (CookieException)
                    {
                        // A cookie the jar refuses (wrong domain, malformed) is dropped, as browsers drop it.
                    }
                }
            }

            var (framing, length, keepAlive) = ResponseHeadParser.Frame(response, request.Method == "HEAD");
            var encoding = askedForCompression ? response.Headers.ReceivedValueOf("Content-Encoding"u8) : null; // no string unless there is one
            response.AttachBody(connection, pool, clock, framing, length, keepAlive, encoding, MaxResponseBodyBytes);
            return response;
        }
    }

    /// <summary>The pool of <paramref name="url"/>'s origin; the last one used is checked first, without building an origin.</summary>
    private ConnectionPool PoolFor(Uri url)
    {
        if (_lastPool is { } last && last.Origin.Port == url.Port && last.Origin.Scheme == url.Scheme && last.Origin.Host == url.IdnHost)
        {
            return last;
        }

        var origin = GreenHttpOrigin.Of(url);
        if (!_pools.TryGetValue(origin, out var pool))
        {
            _pools[origin] = pool = new ConnectionPool(origin, MaxConnectionsPerOrigin) { Proxy = _connector is null && _connectorTwin is null ? ProxyFor(url) : null };
            if (pool.Proxy is { } proxy && !origin.IsHttps)
            {
                pool.ProxyAuthorization = ProxyAuthorization(proxy);
            }
        }

        return _lastPool = pool;
    }

    /// <summary>Takes a slot in the origin's pool, then an idle live connection or a new one.</summary>
    private async GreenTask<ClientConnection> RentAsync(ConnectionPool pool, Uri url, RequestClock clock)
    {
        var poolTimeout = PoolTimeout.InSeconds();
        if (!await pool.TakeSlotAsync(clock.Shorter(poolTimeout)))
        {
            throw clock.TotalRanOut(poolTimeout)
                ? clock.TotalTimedOut()
                : new GreenHttpTimeoutException(url, $"no connection to {pool.Origin} came free within the pool timeout of {poolTimeout} s ({MaxConnectionsPerOrigin} in use)");
        }

        if (pool.TakeIdle() is { } idle)
        {
            return idle;
        }

        GreenStream stream;
        try
        {
            stream = await ConnectAsync(pool.Origin, url, clock, pool.Proxy);
        }
        catch
        {
            pool.ReleaseSlot();
            throw;
        }

        pool.Opened();
        return new ClientConnection(pool.Origin, stream);
    }

    /// <summary>
    /// Opens a new, unpooled connection to <paramref name="url"/>'s origin through the connector (for a WebSocket),
    /// through a tunnel when a proxy is on the way.
    /// </summary>
    internal GreenTask<GreenStream> OpenConnectionAsync(Uri url, RequestClock clock) =>
        ConnectAsync(GreenHttpOrigin.Of(url), url, clock, _connector is null && _connectorTwin is null ? ProxyFor(url) : null, tunnelAlways: true);

    /// <summary>
    /// A connection to <paramref name="origin"/>: over TCP, or to <paramref name="proxy"/> (a tunnel through it for
    /// https, or always with <paramref name="tunnelAlways"/>), then TLS for https; or from the connector.
    /// </summary>
    private async GreenTask<GreenStream> ConnectAsync(GreenHttpOrigin origin, Uri url, RequestClock clock, Uri? proxy = null, bool tunnelAlways = false)
    {
        var own = ConnectTimeout.InSeconds();
        var timeout = clock.Shorter(own);
        if (_connectorTwin is null && _connector is null)
        {
            try
            {
                var deadline = GreenStream.Deadline(timeout);
                GreenStream stream;
                if (proxy is null)
                {
                    stream = await ConnectTcpCoreAsync(origin, url, timeout);
                }
                else
                {
                    stream = await ConnectToProxyAsync(proxy, url, timeout);
                    if (origin.IsHttps || tunnelAlways)
                    {
                        await OpenTunnelAsync(stream, proxy, origin, url, GreenStream.Remaining(deadline));
                    }
                }

                return origin.IsHttps ? await HandshakeAsync(stream, origin, url, GreenStream.Remaining(deadline)) : stream;
            }
            catch (GreenHttpTimeoutException) when (clock.TotalRanOut(own))
            {
                throw clock.TotalTimedOut();
            }
        }

        try
        {
            GreenDuration? given = timeout;
            return _connectorTwin is not null ? await _connectorTwin(origin, given) : _connector!(origin, given);
        }
        catch (SocketException e)
        {
            throw new GreenHttpConnectException(url, e.Message, e);
        }
        catch (TimeoutException e) when (e is not GreenHttpTimeoutException)
        {
            throw clock.TotalRanOut(own) ? clock.TotalTimedOut() : new GreenHttpTimeoutException(url, $"connecting took longer than {timeout} s", e);
        }
    }

    /// <summary>TLS over a new connection: <see cref="Tls"/>'s options with the origin's host for SNI and the certificate check, and ALPN http/1.1.</summary>
    private async GreenTask<GreenStream> HandshakeAsync(GreenStream tcp, GreenHttpOrigin origin, Uri url, double? timeout)
    {
        var options = TlsClientDefaults.Copy(Tls ?? new SslClientAuthenticationOptions()); // the template is shared: never modified
        options.TargetHost ??= origin.Host;
        options.ApplicationProtocols ??= [SslApplicationProtocol.Http11];
        var tls = new GreenSslStream(tcp);
        try
        {
            await tls.AuthenticateAsClientAwaitable(options, timeout); // seconds lift to a GreenDuration?
            return tls;
        }
        catch (GreenSslException e)
        {
            throw new GreenHttpTlsException(url, e); // the stream closed itself, and the socket with it
        }
        catch (SocketTimeoutException e)
        {
            throw new GreenHttpTimeoutException(url, $"the TLS handshake took longer than the connect timeout of {timeout} s", e);
        }
    }

    private static async GreenTask<GreenStream> ConnectTcpCoreAsync(GreenHttpOrigin origin, Uri url, double? timeout)
    {
        var deadline = GreenStream.Deadline(timeout);
        IPAddress[] addresses;
        try
        {
            addresses = await GreenDns.GetHostAddressesAwaitable(origin.Host, GreenStream.Remaining(deadline));
        }
        catch (GreenTimeout e)
        {
            throw new GreenHttpTimeoutException(url, $"looking up {origin.Host} took longer than the connect timeout of {timeout} s", e);
        }
        catch (SocketException e)
        {
            throw new GreenHttpConnectException(url, $"{origin.Host} does not resolve ({e.Message})", e);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, origin.Port);
            try
            {
                if (SimulatedNetwork.Installed is { } network)
                {
                    return await network.ConnectAsync(endPoint, GreenStream.Remaining(deadline));
                }

                var socket = await GreenSocket.CreateConnectionAwaitable(endPoint, GreenStream.Remaining(deadline));
                socket.NoDelay = true;
                return socket.GetStream();
            }
            catch (SocketTimeoutException e)
            {
                throw new GreenHttpTimeoutException(url, $"connecting to {endPoint} took longer than the connect timeout of {timeout} s", e);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw new GreenHttpConnectException(url, last is null ? $"{origin.Host} has no address" : $"{origin.Host}:{origin.Port}: {last.Message}", last);
    }

    /// <summary>Writes the request head and body; returns whether it asked for a compressed response.</summary>
    private async GreenTask<bool> WriteRequestAsync(ClientConnection connection, GreenHttpRequest request, RequestClock clock, long? streamStart, ConnectionPool pool)
    {
        var headers = request.Headers;
        var url = request.Url;
        connection.ResetOutput();
        connection.Append(request.Method);
        connection.Append(" "u8);
        // Through a proxy (not a tunnel) the request names the whole URL: RFC 9112 section 3.2.2.
        connection.Append(pool.Proxy is not null && !pool.Origin.IsHttps ? url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped) : url.PathAndQuery);
        connection.Append(" HTTP/1.1\r\n"u8);
        if (pool.ProxyAuthorization is { } authorization && !headers.Contains("Proxy-Authorization"))
        {
            connection.AppendField("Proxy-Authorization", authorization);
        }

        if (!headers.Contains("Host"))
        {
            // Every URL of one origin has the same Host field: build it once.
            connection.AppendField("Host", pool.HostField ??= url.GetComponents(UriComponents.Host | UriComponents.Port, UriFormat.UriEscaped));
        }

        if (UserAgent is { } agent && !headers.Contains("User-Agent"))
        {
            connection.AppendField("User-Agent", agent);
        }

        var askedForCompression = IsDecompressionEnabled && !headers.Contains("Accept-Encoding");
        if (askedForCompression)
        {
            connection.AppendField("Accept-Encoding", "gzip, deflate, br");
        }

        if (Cookies is { } jar && !headers.Contains("Cookie") && jar.GetCookieHeader(url) is { Length: > 0 } cookies)
        {
            connection.AppendField("Cookie", cookies);
        }

        foreach (var field in headers)
        {
            if (!field.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !field.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                connection.AppendField(field.Key, field.Value);
            }
        }

        var stream = request.BodyStream;
        var chunked = false;
        long streamLength = 0;
        if (stream is not null)
        {
            if (stream.CanSeek)
            {
                if (streamStart is { } start)
                {
                    stream.Position = start;
                }

                streamLength = stream.Length - stream.Position;
                connection.Append("Content-Length: "u8);
                connection.AppendNumber(streamLength);
                connection.Append("\r\n"u8);
            }
            else
            {
                chunked = true;
                connection.Append("Transfer-Encoding: chunked\r\n"u8);
            }
        }
        else if (!request.Body.IsEmpty || request.Method is "POST" or "PUT" or "PATCH")
        {
            connection.Append("Content-Length: "u8);
            connection.AppendNumber(request.Body.Length);
            connection.Append("\r\n"u8);
        }

        connection.Append("\r\n"u8);
        if (stream is null && request.Body.Length <= InlineBodyBytes)
        {
            connection.Append(request.Body.Span);
            await connection.SendAsync(connection.Written, clock);
            return askedForCompression;
        }

        await connection.SendAsync(connection.Written, clock);
        if (stream is null)
        {
            await connection.SendAsync(request.Body, clock);
            return askedForCompression;
        }

        var buffer = new byte[StreamChunkBytes];
        var left = streamLength;
        while (chunked || left > 0)
        {
            var want = chunked ? buffer.Length : (int)Math.Min(buffer.Length, left);
            var n = stream is GreenStream green ? await green.ReadAwaitable(buffer.AsMemory(0, want)) : stream.Read(buffer, 0, want);
            if (n == 0)
            {
                if (!chunked)
                {
                    throw new IOException($"the body stream ended {left} bytes before its length");
                }

                await connection.SendAsync("0\r\n\r\n"u8.ToArray(), clock);
                break;
            }

            if (chunked)
            {
                connection.ResetOutput();
                connection.AppendNumber(n, "X");
                connection.Append("\r\n"u8);
                connection.Append(buffer.AsSpan(0, n));
                connection.Append("\r\n"u8);
                await connection.SendAsync(connection.Written, clock);
            }
            else
            {
                await connection.SendAsync(buffer.AsMemory(0, n), clock);
                left -= n;
            }
        }

        return askedForCompression;
    }

    /// <summary>Parses a response head from what is buffered; interim 1xx responses are skipped. False when more is needed.</summary>
    private bool TryReadHead(ClientConnection connection, GreenHttpResponse response)
    {
        while (connection.Buffered > 0 && ResponseHeadParser.TryParse(connection.Unread, MaxResponseHeadBytes, response, out var consumed))
        {
            connection.Start += consumed;
            if (response.StatusCode is not (>= 100 and < 200) || response.StatusCode == 101)
            {
                return true;
            }
        }

        return false;
    }
}
