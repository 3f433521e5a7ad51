using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.WebSockets;

/// <summary>
/// A WebSocket client on a plain TCP socket, for what no well-behaved client does: stop mid-frame, never answer a
/// ping, reset the connection. Runs off the hub, in the test's own thread.
/// </summary>
internal sealed class RawWebSocketClient : IDisposable
{
    private static readonly byte[] s_handshake = Encoding.ASCII.GetBytes(
        "GET /raw HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

    private readonly TcpClient _client = new();
    private readonly NetworkStream _stream;
    private readonly MemoryStream _received = new();

    /// <summary>Connects and completes the handshake (reads the 101 head).</summary>
    public RawWebSocketClient(int port)
    {
        _client.ReceiveTimeout = 15_000;
        _client.Connect("127.0.0.1", port);
        _stream = _client.GetStream();
        _stream.Write(s_handshake);
        var head = new List<byte>();
        while (!head.ToArray().AsSpan().EndsWith("\r\n\r\n"u8))
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("closed during the handshake");
            }

            head.Add((byte)b);
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        if (!text.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
        {
            throw new IOException($"no upgrade: {text}");
        }
    }

    /// <summary>A client frame, masked with a zero key (the payload's bytes stay readable).</summary>
    public static byte[] Frame(byte firstByte, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        if (bytes.Length > 125)
        {
            throw new ArgumentException("a short payload only", nameof(payload));
        }

        return [firstByte, (byte)(0x80 | bytes.Length), 0, 0, 0, 0, .. bytes];
    }

    /// <summary>A client frame of any length (16-bit or 64-bit extended lengths), masked with a zero key.</summary>
    public static byte[] Frame(byte firstByte, byte[] payload)
    {
        byte[] length = payload.Length switch
        {
            <= 125 => [(byte)(0x80 | payload.Length)],
            <= 0xFFFF => [0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length],
            _ => [0x80 | 127, 0, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length],
        };
        return [firstByte, .. length, 0, 0, 0, 0, .. payload];
    }

    public void Send(byte[] bytes) => _stream.Write(bytes);

    /// <summary>Reads every byte until the server closes the connection (or resets it after its close frame).</summary>
    public IReadOnlyList<(byte Opcode, byte[] Payload)> ReadFramesUntilClosed()
    {
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = _stream.Read(buffer)) > 0)
            {
                _received.Write(buffer, 0, n);
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // What was read before the reset is the answer.
        }

        return ParseServerFrames(_received.ToArray());
    }

    /// <summary>Reads one whole server frame.</summary>
    public (byte Opcode, byte[] Payload) ReadFrame()
    {
        var header = ReadExactly(2);
        var length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = ReadExactly(length == 126 ? 2 : 8);
            length = extended.Aggregate(0, (total, b) => (total << 8) | b);
        }

        return ((byte)(header[0] & 0x0F), ReadExactly(length));
    }

    /// <summary>Closes with a reset (SO_LINGER 0), as a crashed client or a lost network looks to the server.</summary>
    public void Reset()
    {
        _client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A close frame's status code and reason.</summary>
    public static (int Code, string Reason) CloseStatus(byte[] payload) =>
        ((payload[0] << 8) | payload[1], Encoding.UTF8.GetString(payload, 2, payload.Length - 2));

    private byte[] ReadExactly(int count)
    {
        var bytes = new byte[count];
        _stream.ReadExactly(bytes);
        return bytes;
    }

    private static List<(byte, byte[])> ParseServerFrames(byte[] bytes)
    {
        var frames = new List<(byte, byte[])>();
        var at = 0;
        while (at + 2 <= bytes.Length)
        {
            var length = bytes[at + 1] & 0x7F;
            var headerLength = 2;
            if (length >= 126)
            {
                headerLength = length == 126 ? 4 : 10;
                length = bytes[(at + 2)..(at + headerLength)].Aggregate(0, (total, b) => (total << 8) | b);
            }

            frames.Add(((byte)(bytes[at] & 0x0F), bytes[(at + headerLength)..(at + headerLength + length)]));
            at += headerLength + length;
        }

        return frames;
    }
}
