using System.ComponentModel;

namespace Greenlets;

public sealed partial class HttpResponse
{
    private BodyFraming _framing;

    /// <summary>How the body of the current response is framed, once its head is written.</summary>
    internal BodyFraming Framing => _framing;

    private void ResetStreaming() => _framing = BodyFraming.None;

    /// <summary>Writes one piece of a streamed body into <paramref name="output"/>, framed as the head said.</summary>
    internal void FramePiece(OutputBuffer output, ReadOnlySpan<byte> piece)
    {
        if (piece.IsEmpty)
        {
            return;
        }

        if (_framing == BodyFraming.Chunked)
        {
            output.WriteHex(piece.Length);
            output.WriteCrlf();
            output.Write(piece);
            output.WriteCrlf();
        }
        else if (_framing != BodyFraming.None)
        {
            output.Write(piece);
        }
    }

    /// <summary>Writes the end of a streamed body: the last chunk for chunked framing, nothing otherwise.</summary>
    internal void FrameEnd(OutputBuffer output)
    {
        if (_framing == BodyFraming.Chunked)
        {
            output.Write("0\r\n\r\n"u8);
        }
    }

    internal void SetFraming(BodyFraming framing) => _framing = framing;
}

public sealed partial class HttpResponse
{
    internal HttpConnection? Connection { get; set; }

    /// <summary>
    /// Sends <paramref name="text"/> (UTF-8) as the next piece of a streamed body, sending the head first if it has not
    /// gone yet: chunked for HTTP/1.1 unless a Content-Length header was set. Waits (cooperatively) while the client is slow.
    /// </summary>
    /// <param name="text">The piece; an empty one sends nothing.</param>
    /// <exception cref="IOException">The client went away. Let it escape the handler (the server takes it as the
    /// request's ordinary end: a debug line in <see cref="HttpServer.ConnectionLog"/>, no error), or catch it to stop
    /// work early.</exception>
    /// <remarks>gevent: the <c>write</c> callable that <c>start_response</c> returns.</remarks>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(string text) => PlainCallBridge.Run(() => WriteAwaitable(text));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write(string)"/> instead.</summary>
    /// <param name="text">The piece.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask WriteAwaitable(string text) => WriteAwaitable(System.Text.Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    /// <summary>Sends <paramref name="bytes"/> as the next piece of a streamed body; see <see cref="Write(string)"/>.</summary>
    /// <param name="bytes">The piece.</param>
    /// <exception cref="IOException">The client went away; see <see cref="Write(string)"/>.</exception>
    /// <remarks>gevent: the <c>write</c> callable that <c>start_response</c> returns.</remarks>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(ReadOnlyMemory<byte> bytes) => PlainCallBridge.Run(() => WriteAwaitable(bytes));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write(ReadOnlyMemory{byte})"/> instead.</summary>
    /// <param name="bytes">The piece.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask WriteAwaitable(ReadOnlyMemory<byte> bytes) => (Connection ?? throw Outside()).WritePieceAsync(bytes);

    private static InvalidOperationException Outside() =>
        new("HttpResponse.Write is only valid while the server runs this request's handler.");
}
