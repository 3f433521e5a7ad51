namespace Greenlets;

/// <summary>
/// HTTP that breaks the protocol. On the server: a request it refuses (malformed, too large, or framed ambiguously),
/// answered with <see cref="StatusCode"/> before the connection closes. In <see cref="GreenHttpClient"/>: a response
/// it cannot read (a garbage status line, a bad chunk, conflicting lengths, a body cut short), with
/// <see cref="GreenHttpException.Url"/> set and <see cref="StatusCode"/> 502, what a proxy would answer.
/// </summary>
/// <remarks>gevent: the <c>_InvalidClientRequest</c> that pywsgi turns into a 400 response; geventhttpclient:
/// <c>HTTPParseError</c>; requests: <c>requests.exceptions.ChunkedEncodingError</c>, <c>InvalidHeader</c>.</remarks>
public sealed class GreenHttpProtocolException : GreenHttpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The 4xx or 5xx status to answer with.</param>
    /// <param name="message">What was wrong, for logs (never sent to the client).</param>
    public GreenHttpProtocolException(int statusCode, string message) : base(message, null, null) => StatusCode = statusCode;

    /// <summary>Creates the exception for a response <see cref="GreenHttpClient"/> could not read.</summary>
    /// <param name="url">The URL asked for.</param>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public GreenHttpProtocolException(Uri url, string message, Exception? innerException = null)
        : base($"{message} (in the response from {url})", url, innerException) => StatusCode = 502;

    /// <summary>The status the server answers with; 502 for a response the client could not read.</summary>
    public int StatusCode { get; }
}
