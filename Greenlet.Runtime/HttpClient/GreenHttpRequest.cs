using System.Text;

namespace Greenlets;

/// <summary>
/// requests: <c>requests.Request(method, url, headers=, data=)</c>; geventhttpclient: the arguments of
/// <c>HTTPClient.request(method, url, body, headers)</c>. One request for <see cref="GreenHttpClient.Send(GreenHttpRequest)"/>: a
/// method, an absolute URL, header fields, and a body from bytes, text or a stream.
/// </summary>
/// <remarks>
/// The client writes <c>Host</c>, <c>Content-Length</c> or <c>Transfer-Encoding</c>, and (unless given here)
/// <c>User-Agent</c>, <c>Accept-Encoding</c> and <c>Cookie</c>. A body in bytes or a seekable stream goes with a
/// <c>Content-Length</c>; any other stream goes chunked.
/// </remarks>
public sealed class GreenHttpRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The method, such as <c>GET</c> (any token).</param>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL.</param>
    /// <exception cref="ArgumentException">A method that is not a token, or a URL that is not absolute http(s).</exception>
    public GreenHttpRequest(string method, Uri url)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        foreach (var c in method)
        {
            if (c > 0x7f || !HttpCharacterClasses.IsToken((byte)c))
            {
                throw new ArgumentException($"\"{method}\" is not a valid method.", nameof(method));
            }
        }

        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"\"{url}\" is not an absolute http or https URL.", nameof(url));
        }

        Method = method;
        Url = url;
    }

    /// <summary>Creates a request.</summary>
    /// <param name="method">The method, such as <c>GET</c>.</param>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL.</param>
    /// <exception cref="ArgumentException">A method that is not a token, or a URL that is not absolute http(s).</exception>
    public GreenHttpRequest(string method, string url)
        : this(method, ParseUrl(url))
    {
    }

    /// <summary>The method.</summary>
    public string Method { get; }

    /// <summary>The URL.</summary>
    public Uri Url { get; }

    /// <summary>requests: <c>headers=</c>. Fields sent after the client's <c>Host</c>; one given here replaces the client's default.</summary>
    public GreenHttpHeaders Headers { get; } = new();

    /// <summary>requests: <c>data=b"..."</c>. The body as bytes; empty for none (unless <see cref="BodyStream"/> is set).</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>
    /// requests: <c>data=file</c>. A stream to send as the body, read from where it stands: with a
    /// <c>Content-Length</c> when it can seek, chunked otherwise. A <see cref="GreenStream"/> is read cooperatively;
    /// another stream is read with its ordinary blocking <c>Read</c>. Not disposed by the client.
    /// </summary>
    public Stream? BodyStream { get; set; }

    /// <summary>Whether a retry or a redirect may send this request again: a body in bytes, a seekable stream, or none.</summary>
    internal bool IsReplayable => BodyStream is null || BodyStream.CanSeek;

    /// <summary>Whether the method is idempotent (RFC 9110 section 9.2.2), so a request lost on a stale connection may go again.</summary>
    internal bool IsIdempotent => Method is "GET" or "HEAD" or "PUT" or "DELETE" or "OPTIONS" or "TRACE";

    /// <summary>requests: <c>data="text"</c>. Sets the body to <paramref name="text"/> in UTF-8, with its <c>Content-Type</c>.</summary>
    /// <param name="text">The body.</param>
    /// <param name="contentType">The media type, sent with <c>; charset=utf-8</c>.</param>
    /// <returns>This request.</returns>
    public GreenHttpRequest WithText(string text, string contentType = "text/plain")
    {
        ArgumentNullException.ThrowIfNull(text);
        Body = Encoding.UTF8.GetBytes(text);
        Headers.Set("Content-Type", $"{contentType}; charset=utf-8");
        return this;
    }

    /// <summary>A copy for a redirect: the same fields and body, to <paramref name="url"/>, with <paramref name="method"/>.</summary>
    internal GreenHttpRequest Redirected(string method, Uri url, bool keepBody, bool sameOrigin)
    {
        var next = new GreenHttpRequest(method, url);
        foreach (var field in Headers)
        {
            var isBodyField = field.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || field.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || field.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
            var isCredential = field.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                || field.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase);
            if ((!isBodyField || keepBody) && (!isCredential || sameOrigin))
            {
                next.Headers.AddReceived(field.Key, field.Value);
            }
        }

        if (keepBody)
        {
            next.Body = Body;
            next.BodyStream = BodyStream;
        }

        return next;
    }

    [ThreadStatic]
    private static ParsedUrl? t_lastUrl;

    private sealed record ParsedUrl(string Text, Uri Parsed);

    internal static Uri ParseUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // A loop asks for the same URL again and again: a Uri is immutable, so the last one parsed on this thread (this
        // hub) is reused, which saves its 232 bytes and its parse on every request.
        if (t_lastUrl is { } last && string.Equals(last.Text, url, StringComparison.Ordinal))
        {
            return last.Parsed;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            throw new ArgumentException($"\"{url}\" is not an absolute URL.", nameof(url));
        }

        t_lastUrl = new ParsedUrl(url, parsed);
        return parsed;
    }
}
