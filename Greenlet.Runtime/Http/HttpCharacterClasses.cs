namespace Greenlets;

/// <summary>The RFC 9110 character classes the parser checks, as lookup tables.</summary>
internal static class HttpCharacterClasses
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly bool[] Token = Build(c =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".Contains((char)c));

    // field-vchar / SP / HTAB, obs-text included (RFC 9110 section 5.5); no CTL, so no CR, LF or NUL.
    private static readonly bool[] FieldValue = Build(c => c == '\t' || (c >= 0x20 && c != 0x7f));

    // Request-target bytes: visible ASCII only; obs-text, spaces and controls are rejected.
    private static readonly bool[] Target = Build(c => c > 0x20 && c < 0x7f);

    public static bool IsToken(byte b) => Token[b];

    public static bool IsFieldValue(byte b) => FieldValue[b];

    public static bool IsTarget(byte b) => Target[b];

    public static bool AllToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!Token[b]) return false;
        }

        return bytes.Length > 0;
    }

    private static bool[] Build(Func<int, bool> member)
    {
        var table = new bool[256];
        for (var c = 0; c < 256; c++) table[c] = member(c);
        return table;
    }
}
