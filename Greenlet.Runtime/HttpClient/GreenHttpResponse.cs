using System.ComponentModel;
using System.Text;

namespace Greenlets;

/// <summary>
/// requests: <c>requests.Response</c>; geventhttpclient: <c>HTTPSocketPoolResponse</c>. A response of
/// <see cref="GreenHttpClient"/>: the status, the header fields, and the body, already read
/// (<see cref="GreenHttpClient.Send(GreenHttpRequest)"/>) or read as it arrives (<see cref="GreenHttpClient.SendStreaming"/>). A body
/// the server compressed with gzip, deflate or br is decompressed when the client asked for it.
/// </summary>
/// <remarks>
/// A streamed response holds its connection until its body is read to the end or it is disposed: dispose it (a
/// <c>using</c>) so that a connection is never kept from the pool. Disposing it before the end closes the connection.
/// </remarks>
public sealed partial class GreenHttpResponse : IDisposable
{
    internal GreenHttpResponse(Uri url) => Url = url;

    /// <summary>requests: <c>response.status_code</c>. The status, such as 200.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>requests: <c>response.reason</c>. The status line's reason phrase, as sent (possibly empty).</summary>
    public string ReasonPhrase { get; internal set; } = string.Empty;

    /// <summary>geventhttpclient: <c>response.version</c>. <c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</summary>
    public string Version { get; internal set; } = "HTTP/1.1";

    /// <summary>requests: <c>response.headers</c>. The header fields as received.</summary>
    public GreenHttpHeaders Headers { get; } = new();

    /// <summary>requests: <c>response.url</c>. The URL that answered: the last one, after redirects.</summary>
    public Uri Url { get; internal set; }

    /// <summary>requests: <c>len(response.history)</c>. How many redirects were followed to get here.</summary>
    public int RedirectCount { get; internal set; }

    /// <summary>requests: <c>response.ok</c> (which also counts 3xx). Whether the status is 2xx.</summary>
    public bool IsSuccessStatusCode => StatusCode is >= 200 and < 300;

    /// <summary>Whether the whole body has been read (always, for a response of <see cref="GreenHttpClient.Send(GreenHttpRequest)"/>).</summary>
    public bool IsBodyComplete => _body is null || _body.IsComplete;

    /// <summary>requests: <c>response.raise_for_status()</c>. Raises unless the status is 2xx.</summary>
    /// <returns>This response.</returns>
    /// <exception cref="GreenHttpStatusException">The status is not 2xx.</exception>
    public GreenHttpResponse EnsureSuccessStatusCode() =>
        IsSuccessStatusCode ? this : throw new GreenHttpStatusException(Url, StatusCode, ReasonPhrase);

    /// <summary>
    /// requests: <c>response.raw.read(n)</c>, <c>iter_content()</c>; geventhttpclient: <c>response.read(n)</c>. Reads
    /// the next bytes of the (decompressed) body, waiting cooperatively for them.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The bytes read; 0 at the end of the body.</returns>
    /// <exception cref="GreenHttpTimeoutException">A read or the total timeout ran out.</exception>
    /// <exception cref="GreenHttpProtocolException">The body is malformed or cut short.</exception>
    /// <exception cref="GreenHttpException">The connection was lost.</exception>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(Memory<byte> buffer) =>
        _buffered is not null || _body is null ? ReadAwaitable(buffer).GetAwaiter().GetResult() : PlainCallBridge.Run(() => _body.ReadAsync(buffer));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read(Memory{byte})"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(Memory<byte> buffer)
    {
        if (_buffered is { } whole)
        {
            var n = Math.Min(buffer.Length, whole.Length - _bufferedRead);
            whole.AsSpan(_bufferedRead, n).CopyTo(buffer.Span);
            _bufferedRead += n;
            return new GreenTask<int>(n);
        }

        return _body is null ? new GreenTask<int>(0) : _body.ReadAsync(buffer);
    }

    /// <summary>
    /// requests: <c>response.content</c>; geventhttpclient: <c>response.read()</c>. The whole (decompressed) body;
    /// for a streamed response, the rest of it, read now. Asking again gives the same bytes.
    /// </summary>
    /// <returns>The body.</returns>
    /// <exception cref="GreenHttpTimeoutException">A read or the total timeout ran out.</exception>
    /// <exception cref="GreenHttpProtocolException">The body is malformed, cut short, or larger than <see cref="GreenHttpClient.MaxResponseBodyBytes"/>.</exception>
    [Cooperative(nameof(ReadBodyAwaitable))]
    public byte[] ReadBody() => _buffered ?? PlainCallBridge.Run(BufferBodyAsync);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadBody"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<byte[]> ReadBodyAwaitable() => _buffered is { } whole ? new GreenTask<byte[]>(whole) : BufferBodyAsync();

    /// <summary>
    /// requests: <c>response.text</c>. The body as text, decoded with the <c>charset</c> of its <c>Content-Type</c>
    /// (UTF-8 when none is named or the name is unknown).
    /// </summary>
    /// <returns>The text.</returns>
    [Cooperative(nameof(ReadAsStringAwaitable))]
    public string ReadAsString() => Charset().GetString(ReadBody());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadAsString"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string> ReadAsStringAwaitable() => Charset().GetString(await ReadBodyAwaitable());

    /// <summary>requests: <c>response.close()</c>. Lets the connection go: back to the pool after a complete body, closed otherwise.</summary>
    public void Dispose() => _body?.Abandon();

    /// <summary>The status line, such as <c>HTTP/1.1 200 OK</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Version} {StatusCode} {ReasonPhrase}";

    private byte[]? _buffered;
    private int _bufferedRead;
    private ResponseBody? _body;
    private ResponseBody? _reader; // the body reader, kept for the next fill
    private byte[]? _spareBody; // the last body's array, refilled when the next body is as long
    private RequestClock? _clock;

    /// <summary>Reads the body from here on, off <paramref name="connection"/>, as the head said.</summary>
    internal void AttachBody(ClientConnection connection, ConnectionPool pool, RequestClock clock,
        ResponseFraming framing, long length, bool keepAlive, string? contentEncoding, long maxBody) =>
        _body = (_reader ??= new ResponseBody(this)).Start(connection, pool, clock, framing, length, keepAlive, contentEncoding, maxBody);

    /// <summary>
    /// Empties this response to receive the response to <paramref name="url"/>, keeping its storage: the header bytes,
    /// the body reader, the clock, and the body array. A body not read to the end lets its connection go (closed).
    /// </summary>
    internal GreenHttpResponse Refill(Uri url)
    {
        Dispose();
        (_body, _spareBody, _buffered, _bufferedRead) = (null, _buffered ?? _spareBody, null, 0);
        (StatusCode, ReasonPhrase, Version, Url, RedirectCount) = (0, string.Empty, "HTTP/1.1", url, 0);
        Headers.Clear();
        return this;
    }

    /// <summary>The timeouts of the request this response answers: this response's own clock, started over.</summary>
    internal RequestClock ClockFor(Hub hub, double? read, double? total) =>
        _clock?.Reset(hub, read, total) ?? (_clock = new RequestClock(hub, read, total));

    /// <summary>Reads the whole body into memory now and lets the connection go; reads then start from its first byte.</summary>
    internal async GreenTask BufferEagerlyAsync()
    {
        await BufferBodyAsync();
        _bufferedRead = 0;
    }

    /// <summary>Reads the rest of the body into memory and lets the connection go.</summary>
    private async GreenTask<byte[]> BufferBodyAsync()
    {
        if (_buffered is { } done)
        {
            return done;
        }

        var whole = _body is null ? [] : await _body.ReadToEndAsync(_spareBody);
        (_buffered, _bufferedRead) = (whole, whole.Length);
        return whole;
    }

    private Encoding Charset()
    {
        var contentType = Headers["Content-Type"];
        var at = contentType?.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (at < 0)
        {
            return Encoding.UTF8;
        }

        var name = contentType![(at + 8)..].Split(';')[0].Trim().Trim('"');
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
