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
        if (piece.IsEmpty) return;
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
        if (_framing == BodyFraming.Chunked) output.Write("0\r\n\r\n"u8);
    }

    internal void SetFraming(BodyFraming framing) => _framing = framing;
}
