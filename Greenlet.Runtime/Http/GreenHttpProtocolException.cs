namespace Greenlets;

/// <summary>
/// A request the server refuses: malformed, too large, or framed ambiguously. The server answers with
/// <see cref="StatusCode"/> and closes the connection.
/// </summary>
/// <remarks>gevent: the <c>_InvalidClientRequest</c> that pywsgi turns into a 400 response.</remarks>
public sealed class GreenHttpProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The 4xx or 5xx status to answer with.</param>
    /// <param name="message">What was wrong, for logs (never sent to the client).</param>
    public GreenHttpProtocolException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>The status the server answers with.</summary>
    public int StatusCode { get; }
}
