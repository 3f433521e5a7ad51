using System.Security.Cryptography;
using System.Text;

namespace Greenlets;

/// <summary>The server side of the RFC 6455 opening handshake.</summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    /// <summary>Checks the upgrade request and returns its key; 400 when malformed, 426 for a version other than 13.</summary>
    public static string Validate(HttpRequest request)
    {
        if (request.Method != "GET" || request.Version != HttpProtocolVersion.Http11)
        {
            throw new GreenHttpProtocolException(400, "a WebSocket handshake is an HTTP/1.1 GET");
        }

        if (request.Headers["Sec-WebSocket-Version"] != "13")
        {
            throw new GreenHttpProtocolException(426, "unsupported WebSocket version");
        }

        var key = request.Headers["Sec-WebSocket-Key"];
        if (key is null || !IsSixteenBytesOfBase64(key))
        {
            throw new GreenHttpProtocolException(400, "missing or malformed Sec-WebSocket-Key");
        }

        if (request.HasBody)
        {
            throw new GreenHttpProtocolException(400, "a WebSocket handshake has no body");
        }

        return key;
    }

    /// <summary>The 101 response, in geventwebsocket's order (and like it, without a Date field).</summary>
    public static byte[] Response(string key) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {ComputeAccept(key)}\r\n\r\n");

    private static bool IsSixteenBytesOfBase64(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }
}
