namespace Greenlets;

/// <summary>The RFC 9110 character classes the parser checks, as lookup tables.</summary>
internal static class HttpCharacterClasses
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly bool[] s_token = Build(c =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".Contains((char)c));

    // field-vchar / SP / HTAB, obs-text included (RFC 9110 section 5.5); no CTL, so no CR, LF or NUL.
    private static readonly bool[] s_fieldValue = Build(c => c == '\t' || (c >= 0x20 && c != 0x7f));

    // Request-target bytes: visible ASCII only; obs-text, spaces and controls are rejected.
    private static readonly bool[] s_target = Build(c => c > 0x20 && c < 0x7f);

    public static bool IsToken(byte b) => s_token[b];

    public static bool IsFieldValue(byte b) => s_fieldValue[b];

    public static bool IsTarget(byte b) => s_target[b];

    public static bool AllToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!s_token[b])
            {
                return false;
            }
        }

        return bytes.Length > 0;
    }

    /// <summary>A 256-entry lookup table of the bytes for which <paramref name="member"/> holds.</summary>
    public static bool[] Build(Func<int, bool> member)
    {
        var table = new bool[256];
        for (var c = 0; c < 256; c++)
        {
            table[c] = member(c);
        }

        return table;
    }
}
