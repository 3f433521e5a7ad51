namespace Greenlets;

/// <summary>
/// requests: <c>requests.exceptions.RequestException</c>; geventhttpclient: the socket and parse errors it raises.
/// A request <see cref="GreenHttpClient"/> could not complete: the connection failed
/// (<see cref="GreenHttpConnectException"/>), the response broke the protocol (<see cref="GreenHttpProtocolException"/>),
/// the connection was lost midway, or the redirects did not end. Timeouts are <see cref="GreenHttpTimeoutException"/>,
/// which is a <see cref="TimeoutException"/> as every timeout of this library is, not one of these.
/// </summary>
public class GreenHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, naming the URL.</param>
    /// <param name="url">The URL asked for, when there is one.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public GreenHttpException(string message, Uri? url, Exception? innerException = null)
        : base(message, innerException) => Url = url;

    /// <summary>The URL asked for (after redirects, the one that failed); null on the server side.</summary>
    public Uri? Url { get; }
}

/// <summary>
/// requests: <c>requests.exceptions.ConnectionError</c>; gevent: the <c>ConnectionRefusedError</c> or
/// <c>socket.gaierror</c> from <c>create_connection</c>. The client could not open a connection: the name did not
/// resolve, or every address refused or could not be reached.
/// </summary>
public sealed class GreenHttpConnectException : GreenHttpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL asked for.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The socket or resolver failure.</param>
    public GreenHttpConnectException(Uri url, string message, Exception? innerException = null)
        : base($"could not connect for {url}: {message}", url, innerException)
    {
    }
}

/// <summary>
/// requests: <c>requests.exceptions.HTTPError</c> from <c>raise_for_status()</c>. A response whose status is not a
/// success, raised by <see cref="GreenHttpResponse.EnsureSuccessStatusCode"/>.
/// </summary>
public sealed class GreenHttpStatusException : GreenHttpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL that answered.</param>
    /// <param name="statusCode">The status.</param>
    /// <param name="reasonPhrase">The status line's reason.</param>
    public GreenHttpStatusException(Uri url, int statusCode, string reasonPhrase)
        : base($"{url} answered {statusCode} {reasonPhrase}", url) => StatusCode = statusCode;

    /// <summary>The status the server answered with.</summary>
    public int StatusCode { get; }
}

/// <summary>
/// requests: <c>requests.exceptions.Timeout</c> (<c>ConnectTimeout</c>, <c>ReadTimeout</c>); gevent:
/// <c>socket.timeout</c>. A request waited longer than one of <see cref="GreenHttpClient"/>'s timeouts, on the hub's
/// clock. The connection it waited on is closed, never reused.
/// </summary>
public sealed class GreenHttpTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL asked for.</param>
    /// <param name="message">Which wait ran out, and after how long.</param>
    /// <param name="innerException">The underlying timeout, if any.</param>
    public GreenHttpTimeoutException(Uri url, string message, Exception? innerException = null)
        : base($"{message} for {url}", innerException) => Url = url;

    /// <summary>The URL asked for.</summary>
    public Uri Url { get; }
}

/// <summary>
/// requests: <c>requests.exceptions.SSLError</c>. The TLS handshake with an https origin failed: the certificate
/// expired, is for another host or is not trusted, or the server did not speak TLS. <see cref="Exception.InnerException"/>
/// is the <see cref="GreenSslException"/> that says which.
/// </summary>
public sealed class GreenHttpTlsException : GreenHttpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL asked for.</param>
    /// <param name="innerException">The handshake's failure.</param>
    public GreenHttpTlsException(Uri url, GreenSslException innerException)
        : base($"TLS with {url.Host}:{url.Port} failed for {url}: {innerException?.Message}", url, innerException)
    {
    }
}
