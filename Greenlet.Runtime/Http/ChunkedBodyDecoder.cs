namespace Greenlets;

/// <summary>
/// Decodes a chunked request body (RFC 9112 section 7.1) incrementally: feed it whatever bytes have arrived and it
/// copies out the data it can, remembering where it stopped. Chunk sizes are hex without sign or whitespace, each
/// chunk's data must end in CRLF, chunk extensions and trailer fields are bounded and discarded.
/// </summary>
internal struct ChunkedBodyDecoder
{
    private const int MaxSizeLineBytes = 4096;
    private State _state;
    private long _chunkRemaining;
    private long _total;
    private int _lineBytes;
    private int _sizeDigits;
    private int _trailerBytes;

    private enum State { Size, SizeExtension, SizeLf, Data, DataCr, DataLf, TrailerLineStart, TrailerLine, TrailerLf, FinalLf, Done }

    /// <summary>Whether the terminating chunk and trailer section have been read.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/>. Stops when the output is full, the input is
    /// used up, or the body ends. Throws <see cref="GreenHttpProtocolException"/> (400, or 413 past <paramref name="maxBody"/>).
    /// </summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> output, long maxBody, out int consumed, out int written)
    {
        consumed = written = 0;
        while (consumed < input.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var n = (int)Math.Min(_chunkRemaining, Math.Min(input.Length - consumed, output.Length - written));
                if (n == 0)
                {
                    return;
                }

                input.Slice(consumed, n).CopyTo(output[written..]);
                consumed += n;
                written += n;
                _chunkRemaining -= n;
                if (_chunkRemaining == 0)
                {
                    _state = State.DataCr;
                }

                continue;
            }

            var b = input[consumed++];
            switch (_state)
            {
                case State.Size:
                    CountLine();
                    var digit = PercentDecoding.Hex(b);
                    if (digit >= 0)
                    {
                        if (++_sizeDigits > 15)
                        {
                            throw Bad("chunk size too large");
                        }

                        _chunkRemaining = _chunkRemaining * 16 + digit;
                    }
                    else if (_sizeDigits == 0)
                    {
                        throw Bad("chunk size is not hex");
                    }
                    else if (b == ';')
                    {
                        _state = State.SizeExtension;
                    }
                    else if (b == '\r')
                    {
                        _state = State.SizeLf;
                    }
                    else
                    {
                        throw Bad("invalid byte after chunk size");
                    }

                    break;
                case State.SizeExtension:
                    CountLine();
                    if (b == '\r')
                    {
                        _state = State.SizeLf;
                    }
                    else if (b != '\t' && (b < 0x20 || b == 0x7f))
                    {
                        throw Bad("control byte in chunk extension");
                    }

                    break;
                case State.SizeLf:
                    if (b != '\n')
                    {
                        throw Bad("chunk size line not ended by CRLF");
                    }

                    _total += _chunkRemaining;
                    if (_total > maxBody)
                    {
                        throw new GreenHttpProtocolException(413, "request body too large");
                    }

                    _lineBytes = _sizeDigits = 0;
                    _state = _chunkRemaining == 0 ? State.TrailerLineStart : State.Data;
                    break;
                case State.DataCr:
                    if (b != '\r')
                    {
                        throw Bad("chunk data not followed by CRLF");
                    }

                    _state = State.DataLf;
                    break;
                case State.DataLf:
                    if (b != '\n')
                    {
                        throw Bad("chunk data not followed by CRLF");
                    }

                    _state = State.Size;
                    break;
                case State.TrailerLineStart:
                    CountTrailer();
                    if (b == '\r')
                    {
                        _state = State.FinalLf;
                    }
                    else if (!HttpCharacterClasses.IsToken(b))
                    {
                        throw Bad("malformed trailer field");
                    }
                    else
                    {
                        _state = State.TrailerLine;
                    }

                    break;
                case State.TrailerLine:
                    CountTrailer();
                    if (b == '\r')
                    {
                        _state = State.TrailerLf;
                    }
                    else if (b == '\n' || (b != '\t' && (b < 0x20 || b == 0x7f)))
                    {
                        throw Bad("control byte in trailer field");
                    }

                    break;
                case State.TrailerLf:
                    if (b != '\n')
                    {
                        throw Bad("trailer line not ended by CRLF");
                    }

                    _state = State.TrailerLineStart;
                    break;
                case State.FinalLf:
                    if (b != '\n')
                    {
                        throw Bad("chunked body not ended by CRLF");
                    }

                    _state = State.Done;
                    break;
            }
        }
    }

    private void CountLine()
    {
        if (++_lineBytes > MaxSizeLineBytes)
        {
            throw Bad("chunk size line too long");
        }
    }

    private void CountTrailer()
    {
        if (++_trailerBytes > MaxSizeLineBytes * 4)
        {
            throw new GreenHttpProtocolException(431, "trailer fields too large");
        }
    }

    private static GreenHttpProtocolException Bad(string why) => new(400, why);
}
