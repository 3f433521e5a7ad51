using System.ComponentModel;
using System.Text;

namespace Greenlets;

public sealed partial class HttpRequest
{
    private ChunkedBodyDecoder _chunked;
    private long _bodyRemaining;

    /// <summary>How many bytes of a Content-Length body are still unread (0 for a chunked one).</summary>
    internal long IdentityBodyRemaining => IsChunked ? 0 : _bodyRemaining;

    /// <summary>Whether the whole body has been read (always true for a request without one).</summary>
    public bool IsBodyComplete => IsChunked ? _chunked.IsDone : _bodyRemaining == 0;

    private void ResetBody()
    {
        _chunked = default;
        _bodyRemaining = 0;
    }

    /// <summary>Called once the head is parsed: how much identity-framed body follows.</summary>
    internal void BeginBody() => _bodyRemaining = IsChunked ? 0 : ContentLength ?? 0;

    /// <summary>
    /// Takes body bytes out of <paramref name="input"/> (bytes received after the head) into <paramref name="output"/>,
    /// decoding chunked framing; returns how many input bytes it used.
    /// </summary>
    internal int DecodeBody(ReadOnlySpan<byte> input, Span<byte> output, long maxBody, out int written)
    {
        if (IsChunked)
        {
            _chunked.Decode(input, output, maxBody, out var consumed, out written);
            return consumed;
        }

        written = (int)Math.Min(_bodyRemaining, Math.Min(input.Length, output.Length));
        input[..written].CopyTo(output);
        _bodyRemaining -= written;
        return written;
    }
}

public sealed partial class HttpRequest
{
    internal HttpConnection? Connection { get; set; }

    /// <summary>
    /// Reads the next body bytes into <paramref name="buffer"/>, waiting (cooperatively) for them to arrive; 0 at the
    /// end of the body. Chunked framing is removed. Sends <c>100 Continue</c> first if the client asked for it.
    /// </summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <returns>How many bytes were read.</returns>
    /// <exception cref="GreenHttpProtocolException">The body is malformed or over the size limit (the server answers 400 or 413).</exception>
    /// <exception cref="IOException">The client went away inside the body. Let it escape the handler: the server takes
    /// it as the request's ordinary end (a debug line in <see cref="HttpServer.ConnectionLog"/>, no error).</exception>
    /// <remarks>gevent: <c>environ['wsgi.input'].read(size)</c>.</remarks>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(Memory<byte> buffer) => PlainCallBridge.Run(() => ReadAwaitable(buffer));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read"/> instead.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(Memory<byte> buffer) => (Connection ?? throw Outside(nameof(ReadAwaitable))).ReadBodyAsync(buffer);

    /// <summary>
    /// Reads the whole body (cooperatively). Its bytes count against the server's
    /// <see cref="HttpLimits.MaxBufferedBytes"/> until the response is out; when other requests hold that much, this
    /// waits for room, up to <see cref="HttpLimits.BodyIoTimeout"/>, and then the server answers 503.
    /// </summary>
    /// <returns>The body's bytes; empty when there is none.</returns>
    /// <exception cref="GreenHttpProtocolException">The body is malformed, over the size limit, or found no room in time (the server answers 400, 413 or 503).</exception>
    /// <remarks>gevent: <c>environ['wsgi.input'].read()</c>.</remarks>
    [Cooperative(nameof(ReadToEndAwaitable))]
    public byte[] ReadToEnd() => PlainCallBridge.Run(ReadToEndAwaitable);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadToEnd"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<byte[]> ReadToEndAwaitable() => (Connection ?? throw Outside(nameof(ReadToEndAwaitable))).ReadWholeBodyAsync();

    /// <summary>Reads the whole body as UTF-8 text (cooperatively).</summary>
    /// <returns>The text.</returns>
    [Cooperative(nameof(ReadTextAwaitable))]
    public string ReadText() => PlainCallBridge.Run(ReadTextAwaitable);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadText"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string> ReadTextAwaitable() => Encoding.UTF8.GetString(await ReadToEndAwaitable());

    /// <summary>Reads an <c>application/x-www-form-urlencoded</c> body into its fields (cooperatively); the last value of a repeated name wins.</summary>
    /// <returns>The fields.</returns>
    /// <remarks>gevent: Flask's <c>request.form</c>.</remarks>
    [Cooperative(nameof(ReadFormAwaitable))]
    public IReadOnlyDictionary<string, string> ReadForm() => PlainCallBridge.Run(ReadFormAwaitable);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadForm"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<IReadOnlyDictionary<string, string>> ReadFormAwaitable() => FormFields.Parse(await ReadTextAwaitable());

    private static InvalidOperationException Outside(string method) =>
        new($"HttpRequest.{method} is only valid while the server runs this request's handler.");
}
