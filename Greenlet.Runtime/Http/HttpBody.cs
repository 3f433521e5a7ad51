using System.Text;

namespace Greenlets;

/// <summary>
/// What a handler returns: a whole body, sent with Content-Length, or a sequence of chunks, streamed with chunked
/// framing as the sequence yields them. Strings are sent as UTF-8.
/// </summary>
/// <remarks>gevent: the iterable a WSGI application returns (<c>return [body]</c>, or a generator that <c>yield</c>s).</remarks>
public readonly struct HttpBody
{
    private HttpBody(ReadOnlyMemory<byte> bytes, IEnumerable<string>? texts, IEnumerable<byte[]>? chunks)
    {
        Bytes = bytes;
        Texts = texts;
        Chunks = chunks;
    }

    /// <summary>No body (or one already written with <c>HttpResponse.Write</c>).</summary>
    public static HttpBody Empty => default;

    internal ReadOnlyMemory<byte> Bytes { get; }

    internal IEnumerable<string>? Texts { get; }

    internal IEnumerable<byte[]>? Chunks { get; }

    internal bool IsStream => Texts is not null || Chunks is not null;

    /// <summary>A whole body of bytes.</summary>
    /// <param name="bytes">The body.</param>
    public static implicit operator HttpBody(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)), null, null);

    /// <summary>A whole body of UTF-8 text.</summary>
    /// <param name="text">The body.</param>
    public static implicit operator HttpBody(string text) => new(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))), null, null);

    /// <summary>A whole body of bytes that the caller keeps unchanged until it is sent (no copy, nothing allocated).</summary>
    /// <param name="bytes">The body.</param>
    /// <returns>The body.</returns>
    public static HttpBody FromMemory(ReadOnlyMemory<byte> bytes) => new(bytes, null, null);

    /// <summary>A body streamed with chunked framing, one chunk per string the sequence yields (empty strings are skipped).</summary>
    /// <param name="texts">The sequence, typically an iterator method.</param>
    /// <returns>The body.</returns>
    /// <remarks>gevent: a WSGI application that <c>yield</c>s.</remarks>
    public static HttpBody Stream(IEnumerable<string> texts) => new(default, texts ?? throw new ArgumentNullException(nameof(texts)), null);

    /// <summary>A body streamed with chunked framing, one chunk per array the sequence yields (empty arrays are skipped).</summary>
    /// <param name="chunks">The sequence, typically an iterator method.</param>
    /// <returns>The body.</returns>
    /// <remarks>gevent: a WSGI application that <c>yield</c>s bytes.</remarks>
    public static HttpBody Stream(IEnumerable<byte[]> chunks) => new(default, null, chunks ?? throw new ArgumentNullException(nameof(chunks)));
}
