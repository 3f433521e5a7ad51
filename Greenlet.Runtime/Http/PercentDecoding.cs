using System.Text;

namespace Greenlets;

/// <summary>Percent-decoding of a request path into a UTF-8 string, as WSGI's <c>PATH_INFO</c> is unquoted.</summary>
internal static class PercentDecoding
{
    public static string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'%') < 0)
        {
            return Encoding.ASCII.GetString(raw);
        }

        var decoded = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Hex(raw[i + 1]) is var high and >= 0 && Hex(raw[i + 2]) is var low and >= 0)
            {
                decoded[length++] = (byte)(high * 16 + low);
                i += 2;
            }
            else
            {
                decoded[length++] = raw[i];
            }
        }

        // Invalid UTF-8 after decoding becomes U+FFFD rather than failing the request.
        return Encoding.UTF8.GetString(decoded, 0, length);
    }

    public static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
