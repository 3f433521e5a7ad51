using System.Text;

namespace Greenlets;

/// <summary>How a response's body is delimited (RFC 9112 section 6.3).</summary>
internal enum ResponseFraming
{
    /// <summary>No body: a HEAD response, a 1xx, 204 or 304.</summary>
    None,

    /// <summary>Exactly <c>Content-Length</c> bytes.</summary>
    ContentLength,

    /// <summary>A chunked body.</summary>
    Chunked,

    /// <summary>Everything until the server closes the connection.</summary>
    UntilClose,
}

/// <summary>
/// Parses a response head (status line and header fields), as clients do: lines may end in CRLF or a bare LF, but
/// a status line that is not <c>HTTP/1.x NNN</c>, a field name that is not a token, obsolete line folding, NUL in a
/// value, and conflicting lengths are refused with <see cref="GreenHttpProtocolException"/>.
/// </summary>
internal static class ResponseHeadParser
{
    private const byte CR = (byte)'\r', LF = (byte)'\n', SP = (byte)' ', HT = (byte)'\t';

    /// <summary>
    /// Tries to parse one head from <paramref name="data"/> into <paramref name="response"/>. False when more bytes are
    /// needed; on true, <paramref name="consumed"/> counts the head's bytes.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, int maxHeadBytes, GreenHttpResponse response, out int consumed)
    {
        consumed = 0;
        var pos = 0;
        var lineNumber = 0;
        while (true)
        {
            var lineEnd = data[pos..].IndexOf(LF);
            if (lineEnd < 0)
            {
                if (data.Length > maxHeadBytes)
                {
                    throw Bad(response, $"the response head is larger than {maxHeadBytes} bytes");
                }

                if (lineNumber == 0 && data.Length >= 5 && !data.StartsWith("HTTP/"u8))
                {
                    throw Bad(response, $"not an HTTP response: \"{Printable(data)}\"");
                }

                return false;
            }

            var line = data.Slice(pos, lineEnd);
            if (!line.IsEmpty && line[^1] == CR)
            {
                line = line[..^1];
            }

            pos += lineEnd + 1;
            if (pos > maxHeadBytes)
            {
                throw Bad(response, $"the response head is larger than {maxHeadBytes} bytes");
            }

            if (lineNumber++ == 0)
            {
                ParseStatusLine(line, response);
                continue;
            }

            if (line.IsEmpty)
            {
                consumed = pos;
                return true;
            }

            ParseField(line, response);
        }
    }

    /// <summary>
    /// Decides how the body is delimited, and whether the connection may carry another request after it, from the
    /// fields as received (their bytes: deciding allocates nothing).
    /// </summary>
    public static (ResponseFraming Framing, long Length, bool KeepAlive) Frame(GreenHttpResponse response, bool isHead)
    {
        var headers = response.Headers;
        bool close = false, keepAliveToken = false, hasTransferEncoding = false, lastCodingIsChunked = false;
        long? length = null;
        string? lengthError = null; // raised only when no Transfer-Encoding makes the lengths moot
        var hasContentLength = false;
        for (var i = 0; i < headers.ReceivedCount; i++)
        {
            var name = headers.ReceivedName(i);
            var value = headers.ReceivedValue(i);
            if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                foreach (var range in value.Split((byte)','))
                {
                    var token = value[range].Trim(" \t"u8);
                    close |= Ascii.EqualsIgnoreCase(token, "close"u8);
                    keepAliveToken |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // The codings of every Transfer-Encoding field in order: the body is chunked when the last one is.
                hasTransferEncoding = true;
                foreach (var range in value.Split((byte)','))
                {
                    var coding = value[range].Trim(" \t"u8);
                    if (!coding.IsEmpty)
                    {
                        lastCodingIsChunked = Ascii.EqualsIgnoreCase(coding, "chunked"u8);
                    }
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                hasContentLength = true;
                foreach (var range in value.Split((byte)','))
                {
                    var digits = value[range].Trim(" \t"u8);
                    if (digits.Length == 0 || digits.Length > 18 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
                    {
                        lengthError ??= $"Content-Length \"{Encoding.Latin1.GetString(value)}\" is not a number";
                        continue;
                    }

                    long parsed = 0;
                    foreach (var digit in digits)
                    {
                        parsed = (parsed * 10) + (digit - '0');
                    }

                    if (length is { } earlier && earlier != parsed)
                    {
                        lengthError ??= "conflicting Content-Length fields";
                    }

                    length = parsed;
                }
            }
        }

        var keepAlive = !close && (response.Version == "HTTP/1.1" || keepAliveToken);
        var status = response.StatusCode;
        if (isHead || status is (>= 100 and < 200) or 204 or 304)
        {
            return (ResponseFraming.None, 0, keepAlive && status != 101);
        }

        if (hasTransferEncoding)
        {
            // A Content-Length next to Transfer-Encoding is ignored, but such a response may be an attempt to smuggle:
            // read it, then close (RFC 9112 section 6.3, rule 3).
            return lastCodingIsChunked ? (ResponseFraming.Chunked, 0, keepAlive && !hasContentLength) : (ResponseFraming.UntilClose, 0, false);
        }

        if (lengthError is not null)
        {
            throw Bad(response, lengthError);
        }

        return length is { } known ? (ResponseFraming.ContentLength, known, keepAlive) : (ResponseFraming.UntilClose, 0, false);
    }

    /// <summary>Whether a comma-separated field <paramref name="name"/> holds <paramref name="token"/>.</summary>
    public static bool HasToken(GreenHttpHeaders headers, string name, string token)
    {
        foreach (var field in headers)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var part in field.Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static void ParseStatusLine(ReadOnlySpan<byte> line, GreenHttpResponse response)
    {
        // HTTP-version SP status-code SP [ reason-phrase ]; some servers omit the space after the code.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != SP
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11])
            || (line.Length > 12 && line[12] != SP))
        {
            throw Bad(response, $"not an HTTP/1.x status line: \"{Printable(line)}\"");
        }

        response.Version = line[7] == '1' ? "HTTP/1.1" : line[7] == '0' ? "HTTP/1.0" : Encoding.Latin1.GetString(line[..8]);
        response.StatusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        response.ReasonPhrase = line.Length <= 13 ? string.Empty : line[13..].SequenceEqual("OK"u8) ? "OK" : Encoding.Latin1.GetString(line[13..]);
        response.Headers.Clear();
    }

    private static void ParseField(ReadOnlySpan<byte> line, GreenHttpResponse response)
    {
        if (line[0] is SP or HT)
        {
            throw Bad(response, "obsolete line folding in the header fields");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !HttpCharacterClasses.AllToken(line[..colon]))
        {
            throw Bad(response, $"a malformed header field: \"{Printable(line)}\"");
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (value.IndexOfAny((byte)0, CR) >= 0)
        {
            throw Bad(response, "NUL or CR in a header field value");
        }

        response.Headers.AddReceived(line[..colon], value);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, 60)])
        {
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }

        return text.ToString();
    }

    private static GreenHttpProtocolException Bad(GreenHttpResponse response, string why) => new(response.Url, why);
}
