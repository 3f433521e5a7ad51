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

    /// <summary>Decides how the body is delimited, and whether the connection may carry another request after it.</summary>
    public static (ResponseFraming Framing, long Length, bool KeepAlive) Frame(GreenHttpResponse response, bool isHead)
    {
        var headers = response.Headers;
        var keepAlive = HasToken(headers, "Connection", "close")
            ? false
            : response.Version == "HTTP/1.1" || HasToken(headers, "Connection", "keep-alive");
        var status = response.StatusCode;
        if (isHead || status is (>= 100 and < 200) or 204 or 304)
        {
            return (ResponseFraming.None, 0, keepAlive && status != 101);
        }

        if (headers.Contains("Transfer-Encoding"))
        {
            var transferEncoding = headers.GetValues("Transfer-Encoding");
            var last = string.Join(",", transferEncoding).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            var chunked = string.Equals(last, "chunked", StringComparison.OrdinalIgnoreCase);
            // A Content-Length next to Transfer-Encoding is ignored, but such a response may be an attempt to smuggle:
            // read it, then close (RFC 9112 section 6.3, rule 3).
            return chunked ? (ResponseFraming.Chunked, 0, keepAlive && !headers.Contains("Content-Length")) : (ResponseFraming.UntilClose, 0, false);
        }

        long? length = null;
        foreach (var field in headers)
        {
            if (!string.Equals(field.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = field.Value;
            foreach (var range in value.AsSpan().Split(','))
            {
                var text = value.AsSpan()[range].Trim();
                if (text.Length == 0 || text.Length > 18 || text.ContainsAnyExceptInRange('0', '9'))
                {
                    throw Bad(response, $"Content-Length \"{value}\" is not a number");
                }

                var parsed = long.Parse(text, provider: System.Globalization.CultureInfo.InvariantCulture);
                if (length is { } earlier && earlier != parsed)
                {
                    throw Bad(response, "conflicting Content-Length fields");
                }

                length = parsed;
            }
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

        response.Headers.AddReceived(KnownName(line[..colon]) ?? Encoding.ASCII.GetString(line[..colon]), Encoding.Latin1.GetString(value));
    }

    /// <summary>The common names as interned strings, so that reading them allocates nothing.</summary>
    private static string? KnownName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("Content-Length"u8) => "Content-Length",
        _ when name.SequenceEqual("Content-Type"u8) => "Content-Type",
        _ when name.SequenceEqual("Date"u8) => "Date",
        _ when name.SequenceEqual("Server"u8) => "Server",
        _ when name.SequenceEqual("Connection"u8) => "Connection",
        _ when name.SequenceEqual("Transfer-Encoding"u8) => "Transfer-Encoding",
        _ when name.SequenceEqual("Content-Encoding"u8) => "Content-Encoding",
        _ => null,
    };

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
