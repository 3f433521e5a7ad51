namespace Greenlets;

/// <summary>
/// The grammar of a <c>Host</c> field value (RFC 9110 section 7.2): <c>uri-host [ ":" port ]</c>, where
/// <c>uri-host</c> is RFC 3986's <c>IP-literal / IPv4address / reg-name</c>. RFC 9112 section 3.2 makes a 400 mandatory
/// for an invalid one. An empty value is valid: a client sends it when the target has no authority.
/// </summary>
internal static class HostFieldSyntax
{
    // reg-name = *( unreserved / pct-encoded / sub-delims ); unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~";
    // sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=". An IPv4address is a reg-name too.
    private static readonly bool[] s_regName = HttpCharacterClasses.Build(c => IsUnreserved(c) || "!$&'()*+,;=".Contains((char)c));

    // Inside "[ ]": IPv6address (HEXDIG, ":" and "." for an embedded IPv4) or IPvFuture ("v" HEXDIG "." then
    // unreserved / sub-delims / ":"); checked as that alphabet, which is what a server needs to refuse smuggled syntax.
    private static readonly bool[] s_ipLiteral = HttpCharacterClasses.Build(c => c == ':' || IsUnreserved(c) || "!$&'()*+,;=".Contains((char)c));

    /// <summary>Whether <paramref name="value"/> (without surrounding white space) is a valid <c>Host</c> field value.</summary>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        ReadOnlySpan<byte> rest;
        if (value[0] == '[')
        {
            var close = value.IndexOf((byte)']');
            if (close < 2 || !All(value[1..close], s_ipLiteral))
            {
                return false;
            }

            rest = value[(close + 1)..];
        }
        else
        {
            var colon = value.IndexOf((byte)':');
            var host = colon < 0 ? value : value[..colon];
            if (host.IsEmpty || !IsRegName(host))
            {
                return false;
            }

            rest = value[host.Length..];
        }

        // port = *DIGIT, after a colon; nothing else may follow the host.
        return rest.IsEmpty || (rest[0] == ':' && AllDigits(rest[1..]));
    }

    private static bool IsRegName(ReadOnlySpan<byte> host)
    {
        for (var i = 0; i < host.Length; i++)
        {
            var b = host[i];
            if (b == '%')
            {
                // pct-encoded = "%" HEXDIG HEXDIG
                if (i + 2 >= host.Length || !char.IsAsciiHexDigit((char)host[i + 1]) || !char.IsAsciiHexDigit((char)host[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!s_regName[b])
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool All(ReadOnlySpan<byte> bytes, bool[] alphabet)
    {
        foreach (var b in bytes)
        {
            if (!alphabet[b])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';
}
