namespace Greenlets;

public sealed partial class HttpRequest
{
    private ChunkedBodyDecoder _chunked;
    private long _bodyRemaining;

    /// <summary>Whether the whole body has been read (always true for a request without one).</summary>
    public bool BodyComplete => IsChunked ? _chunked.IsDone : _bodyRemaining == 0;

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
