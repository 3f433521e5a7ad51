namespace Greenlets;

/// <summary>
/// Decodes a chunked request body (RFC 9112 section 7.1) incrementally: feed it whatever bytes have arrived and it
/// copies out the data it can, remembering where it stopped. Chunk sizes are hex without sign or whitespace, each
/// chunk's data must end in CRLF. Chunk extensions (<c>;name[=token|"quoted"]</c>) and trailer fields
/// (<c>name: value</c>) are checked against the RFC's grammar, bounded, and discarded.
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

    private enum State
    {
        Size,
        SizeWhitespace,
        ExtensionBeforeName,
        ExtensionName,
        ExtensionAfterName,
        ExtensionBeforeValue,
        ExtensionToken,
        ExtensionQuoted,
        ExtensionQuotedPair,
        ExtensionAfterValue,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerLineStart,
        TrailerName,
        TrailerValue,
        TrailerLf,
        FinalLf,
        Done,
    }

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
                    else if (b is (byte)' ' or (byte)'\t')
                    {
                        _state = State.SizeWhitespace;
                    }
                    else
                    {
                        _state = AfterExtensionPart(b, "invalid byte after chunk size");
                    }

                    break;
                case State.SizeWhitespace:
                    // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ): white space after
                    // the size only leads to an extension.
                    CountLine();
                    _state = b is (byte)' ' or (byte)'\t' ? State.SizeWhitespace
                        : b == ';' ? State.ExtensionBeforeName
                        : throw Bad("invalid byte after chunk size");
                    break;
                case State.ExtensionBeforeName:
                    CountLine();
                    _state = b is (byte)' ' or (byte)'\t' ? State.ExtensionBeforeName
                        : HttpCharacterClasses.IsToken(b) ? State.ExtensionName
                        : throw Bad("chunk extension without a name");
                    break;
                case State.ExtensionName:
                case State.ExtensionAfterName:
                    CountLine();
                    _state = HttpCharacterClasses.IsToken(b) && _state == State.ExtensionName ? State.ExtensionName
                        : b is (byte)' ' or (byte)'\t' ? State.ExtensionAfterName
                        : b == '=' ? State.ExtensionBeforeValue
                        : AfterExtensionPart(b, "invalid byte in chunk extension name");
                    break;
                case State.ExtensionBeforeValue:
                    CountLine();
                    _state = b is (byte)' ' or (byte)'\t' ? State.ExtensionBeforeValue
                        : b == '"' ? State.ExtensionQuoted
                        : HttpCharacterClasses.IsToken(b) ? State.ExtensionToken
                        : throw Bad("chunk extension without a value after '='");
                    break;
                case State.ExtensionToken:
                case State.ExtensionAfterValue:
                    CountLine();
                    _state = HttpCharacterClasses.IsToken(b) && _state == State.ExtensionToken ? State.ExtensionToken
                        : b is (byte)' ' or (byte)'\t' ? State.ExtensionAfterValue
                        : AfterExtensionPart(b, "invalid byte in chunk extension value");
                    break;
                case State.ExtensionQuoted:
                    // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text; a CR before the closing quote leaves it unbalanced.
                    CountLine();
                    _state = b == '"' ? State.ExtensionAfterValue
                        : b == '\\' ? State.ExtensionQuotedPair
                        : b == '\t' || (b >= 0x20 && b != 0x7f) ? State.ExtensionQuoted
                        : throw Bad("unbalanced quoted string in chunk extension");
                    break;
                case State.ExtensionQuotedPair:
                    // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                    CountLine();
                    _state = b == '\t' || (b >= 0x20 && b != 0x7f) ? State.ExtensionQuoted
                        : throw Bad("invalid quoted pair in chunk extension");
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
                        _state = State.TrailerName;
                    }

                    break;
                case State.TrailerName:
                    // field-line = field-name ":" OWS field-value OWS, as in the header section: no white space before the colon.
                    CountTrailer();
                    _state = HttpCharacterClasses.IsToken(b) ? State.TrailerName
                        : b == ':' ? State.TrailerValue
                        : throw Bad("malformed trailer field");
                    break;
                case State.TrailerValue:
                    CountTrailer();
                    if (b == '\r')
                    {
                        _state = State.TrailerLf;
                    }
                    else if (!HttpCharacterClasses.IsFieldValue(b))
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

    /// <summary>Where a chunk-size line goes after a size, a name or a value: another extension, or the line's end.</summary>
    private static State AfterExtensionPart(byte b, string why) =>
        b == ';' ? State.ExtensionBeforeName
        : b == '\r' ? State.SizeLf
        : throw Bad(why);

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
