using System.Text;

namespace Greenlets;

/// <summary>
/// Parses an HTTP/1.1 request head (request line and header fields) in place, strictly: CRLF line ends only, no
/// whitespace before a colon, no obsolete line folding, no control bytes in values, one Host, and a single,
/// unambiguous body framing. Anything else is refused with <see cref="GreenHttpProtocolException"/>, because a lenient
/// parser in front of or behind a stricter one is how requests get smuggled.
/// </summary>
internal static class HttpRequestParser
{
    private const byte CR = (byte)'\r', LF = (byte)'\n', SP = (byte)' ', HT = (byte)'\t';

    /// <summary>
    /// Tries to parse one request head from <paramref name="buffer"/>[start, start + count). Returns false when more
    /// bytes are needed (and none of the limits is exceeded yet); on true, <paramref name="consumed"/> counts the
    /// head's bytes, including empty lines skipped before it.
    /// </summary>
    public static bool TryParse(byte[] buffer, int start, int count, HttpLimits limits, HttpRequest request, out int consumed)
    {
        consumed = 0;
        var data = buffer.AsSpan(start, count);
        var pos = 0;

        // RFC 9112 section 2.2: ignore empty lines before the request line (some clients send CRLF after a body).
        while (pos + 1 < data.Length && data[pos] == CR && data[pos + 1] == LF)
        {
            pos += 2;
        }

        if (pos < data.Length && data[pos] == LF)
        {
            throw Bad("bare LF");
        }

        if (pos == data.Length || (pos == data.Length - 1 && data[pos] == CR))
        {
            return false;
        }

        var lineEnd = data[pos..].IndexOf(LF);
        if (lineEnd < 0)
        {
            if (data.Length - pos > limits.MaxRequestLineBytes + 1)
            {
                throw new GreenHttpProtocolException(414, "request line too long");
            }

            return false;
        }

        if (lineEnd > limits.MaxRequestLineBytes + 1)
        {
            throw new GreenHttpProtocolException(414, "request line too long");
        }

        if (lineEnd == 0 || data[pos + lineEnd - 1] != CR)
        {
            throw Bad("request line not ended by CRLF");
        }

        request.Reset(buffer);
        ParseRequestLine(data.Slice(pos, lineEnd - 1), start + pos, request);
        pos += lineEnd + 1;

        var framing = new Framing();
        var headerBytes = 0;
        while (true)
        {
            var remaining = data[pos..];
            lineEnd = remaining.IndexOf(LF);
            if (lineEnd < 0)
            {
                if (headerBytes + remaining.Length > limits.MaxHeaderBytes)
                {
                    throw new GreenHttpProtocolException(431, "header fields too large");
                }

                return false;
            }

            headerBytes += lineEnd + 1;
            if (headerBytes > limits.MaxHeaderBytes)
            {
                throw new GreenHttpProtocolException(431, "header fields too large");
            }

            if (lineEnd == 0 || remaining[lineEnd - 1] != CR)
            {
                throw Bad("header line not ended by CRLF");
            }

            var line = remaining[..(lineEnd - 1)];
            pos += lineEnd + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (request.HeaderCount == limits.MaxHeaderCount)
            {
                throw new GreenHttpProtocolException(431, "too many header fields");
            }

            ParseHeaderLine(line, start + pos - lineEnd - 1, request, ref framing);
        }

        Validate(request, ref framing, limits);
        consumed = pos;
        return true;
    }

    private static void ParseRequestLine(ReadOnlySpan<byte> line, int offset, HttpRequest request)
    {
        var firstSpace = line.IndexOf(SP);
        if (firstSpace <= 0)
        {
            throw Bad("no method");
        }

        var method = line[..firstSpace];
        if (!HttpCharacterClasses.AllToken(method))
        {
            throw Bad("method is not a token");
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf(SP);
        if (secondSpace <= 0)
        {
            throw Bad("no request target");
        }

        var target = rest[..secondSpace];
        var versionText = rest[(secondSpace + 1)..];
        foreach (var b in target)
        {
            if (!HttpCharacterClasses.IsTarget(b))
            {
                throw Bad("invalid byte in request target");
            }
        }

        var version = ParseVersion(versionText);
        var targetStart = offset + firstSpace + 1;
        var knownMethod = KnownMethod(method);
        if (knownMethod == "CONNECT")
        {
            // RFC 9110 section 9.3.6: a tunnel through a proxy, which this server is not; 501 says "not implemented"
            // where a 400 would blame a well-formed request.
            throw new GreenHttpProtocolException(501, "CONNECT is not supported: this server opens no tunnels");
        }

        // The path part of the target: origin-form "/p?q", absolute-form "http://host/p?q", or "*" for OPTIONS.
        int pathStart, pathEnd;
        if (target[0] == '/')
        {
            pathStart = 0;
        }
        else if (target.Length == 1 && target[0] == '*')
        {
            if (knownMethod != "OPTIONS")
            {
                throw Bad("'*' target outside OPTIONS");
            }

            pathStart = 0;
        }
        else if (StartsWithIgnoreCase(target, "http://"u8) || StartsWithIgnoreCase(target, "https://"u8))
        {
            var afterScheme = target.IndexOf("//"u8) + 2;
            var slash = target[afterScheme..].IndexOf((byte)'/');
            if (afterScheme == target.Length || slash == 0)
            {
                throw Bad("absolute-form target without authority");
            }

            pathStart = slash < 0 ? target.Length : afterScheme + slash;
        }
        else
        {
            throw Bad("request target is neither origin-form, absolute-form nor '*'");
        }

        // A '#' (a fragment, which a client should not send) stays an ordinary byte of the path or the query, as
        // Kestrel and pywsgi keep it: refusing it would break a client that both of them serve.
        var question = target[pathStart..].IndexOf((byte)'?');
        pathEnd = question < 0 ? target.Length : pathStart + question;
        var path = pathStart == target.Length ? (targetStart + pathStart, 0) : (targetStart + pathStart, pathEnd - pathStart);
        var query = question < 0 ? (targetStart + target.Length, 0) : (targetStart + pathEnd + 1, target.Length - pathEnd - 1);
        request.SetRequestLine((offset, firstSpace), knownMethod, (targetStart, target.Length), path, query, version);
    }

    private static HttpProtocolVersion ParseVersion(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("HTTP/1.1"u8))
        {
            return HttpProtocolVersion.Http11;
        }

        if (text.SequenceEqual("HTTP/1.0"u8))
        {
            return HttpProtocolVersion.Http10;
        }

        if (text.Length == 8 && text.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)text[5]) && text[6] == '.' && char.IsAsciiDigit((char)text[7]))
        {
            throw new GreenHttpProtocolException(505, "HTTP version not supported");
        }

        throw Bad("malformed HTTP version");
    }

    private static void ParseHeaderLine(ReadOnlySpan<byte> line, int offset, HttpRequest request, ref Framing framing)
    {
        if (line[0] is SP or HT)
        {
            throw Bad("obsolete line folding");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw Bad("header line without a name and colon");
        }

        var name = line[..colon];
        if (!HttpCharacterClasses.AllToken(name))
        {
            throw Bad("header name is not a token (whitespace before the colon?)");
        }

        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && line[valueStart] is SP or HT)
        {
            valueStart++;
        }

        while (valueEnd > valueStart && line[valueEnd - 1] is SP or HT)
        {
            valueEnd--;
        }

        var value = line[valueStart..valueEnd];
        foreach (var b in value)
        {
            if (!HttpCharacterClasses.IsFieldValue(b))
            {
                throw Bad("control byte in header value");
            }
        }

        request.AddHeader((offset, colon), (offset + valueStart, value.Length));
        Recognize(name, value, ref framing);
    }

    private static void Recognize(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref Framing framing)
    {
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "host"u8):
                if (!HostFieldSyntax.IsValid(value))
                {
                    throw Bad("invalid Host");
                }

                framing.HostCount++;
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "expect"u8):
                if (!Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                {
                    throw new GreenHttpProtocolException(417, "unsupported expectation");
                }

                framing.ContinueExpected = true;
                break;
            case 7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8):
                framing.UpgradeWebSocket |= ContainsToken(value, "websocket"u8);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "connection"u8):
                framing.ConnectionClose |= ContainsToken(value, "close"u8);
                framing.ConnectionKeepAlive |= ContainsToken(value, "keep-alive"u8);
                framing.ConnectionUpgrade |= ContainsToken(value, "upgrade"u8);
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "content-length"u8):
                var length = ParseContentLength(value);
                if (framing.ContentLength is { } previous && previous != length)
                {
                    throw Bad("conflicting Content-Length fields");
                }

                framing.ContentLength = length;
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8):
                ParseTransferEncoding(value, ref framing);
                break;
        }
    }

    private static long ParseContentLength(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > 18)
        {
            throw Bad("invalid Content-Length");
        }

        long length = 0;
        foreach (var b in value)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                throw Bad("invalid Content-Length");
            }

            length = length * 10 + (b - '0');
        }

        return length;
    }

    private static void ParseTransferEncoding(ReadOnlySpan<byte> value, ref Framing framing)
    {
        foreach (var range in value.Split((byte)','))
        {
            var coding = value[range].Trim(" \t"u8);
            if (coding.IsEmpty)
            {
                throw Bad("empty transfer coding");
            }

            if (framing.Chunked)
            {
                throw Bad("a transfer coding after chunked");
            }

            if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
            {
                framing.Chunked = true;
            }
            else
            {
                framing.OtherCoding = true;
            }
        }

        framing.HasTransferEncoding = true;
    }

    private static void Validate(HttpRequest request, ref Framing framing, HttpLimits limits)
    {
        if (request.Version == HttpProtocolVersion.Http11 ? framing.HostCount != 1 : framing.HostCount > 1)
        {
            throw Bad(framing.HostCount == 0 ? "HTTP/1.1 request without Host" : "more than one Host field");
        }

        if (framing.HasTransferEncoding)
        {
            if (framing.ContentLength is not null)
            {
                throw Bad("both Content-Length and Transfer-Encoding");
            }

            if (request.Version == HttpProtocolVersion.Http10)
            {
                throw Bad("Transfer-Encoding in an HTTP/1.0 request");
            }

            if (framing.OtherCoding)
            {
                throw new GreenHttpProtocolException(501, "unsupported transfer coding");
            }

            if (!framing.Chunked)
            {
                throw Bad("chunked is not the final transfer coding");
            }
        }

        if (framing.ContentLength > limits.MaxBodyBytes)
        {
            throw new GreenHttpProtocolException(413, "request body too large");
        }

        var keepAlive = request.Version == HttpProtocolVersion.Http11 ? !framing.ConnectionClose : framing.ConnectionKeepAlive && !framing.ConnectionClose;
        var webSocket = framing.UpgradeWebSocket && framing.ConnectionUpgrade && request.Method == "GET";
        request.SetFraming(framing.ContentLength, framing.Chunked, keepAlive, framing.ContinueExpected && (framing.Chunked || framing.ContentLength > 0), webSocket);
    }

    private static bool ContainsToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    private static string? KnownMethod(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("PATCH"u8) => "PATCH",
        _ when method.SequenceEqual("TRACE"u8) => "TRACE",
        _ when method.SequenceEqual("CONNECT"u8) => "CONNECT",
        _ => null,
    };

    private static GreenHttpProtocolException Bad(string why) => new(400, why);

    private struct Framing
    {
        public int HostCount;
        public long? ContentLength;
        public bool HasTransferEncoding, Chunked, OtherCoding;
        public bool ConnectionClose, ConnectionKeepAlive, ConnectionUpgrade, UpgradeWebSocket, ContinueExpected;
    }
}
