namespace Greenlets;

/// <summary>
/// The <c>Date: ...\r\n</c> header line, formatted at most once per second per thread (RFC 9110's IMF-fixdate).
/// Uses the wall clock, not the hub's: a Date header is about the real world.
/// </summary>
internal static class HttpDateHeader
{
    // "Date: " + "Thu, 01 Jan 1970 00:00:00 GMT" + CRLF
    private const int LineLength = 6 + 29 + 2;

    [ThreadStatic] private static byte[]? t_line;
    [ThreadStatic] private static long t_second;

    /// <summary>The current line; the same array until the second changes, so callers copy it, never keep it.</summary>
    public static ReadOnlySpan<byte> Current => For(DateTime.UtcNow);

    public static ReadOnlySpan<byte> For(DateTime utcNow)
    {
        var second = utcNow.Ticks / TimeSpan.TicksPerSecond;
        var line = t_line;
        if (line is null || second != t_second)
        {
            line ??= t_line = new byte[LineLength];
            "Date: "u8.CopyTo(line);
            new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc).TryFormat(line.AsSpan(6), out _, "r");
            line[^2] = (byte)'\r';
            line[^1] = (byte)'\n';
            t_second = second;
        }

        return line;
    }
}
