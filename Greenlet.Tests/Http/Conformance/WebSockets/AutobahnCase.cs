using System.Buffers.Binary;
using System.Text;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>How an Autobahn case must end.</summary>
public enum CloseExpectation
{
    /// <summary>The client closes (unless the case sent a close itself); the server answers with a close frame whose code is one of the case's.</summary>
    Clean,

    /// <summary>The server fails the connection: a close frame with one of the case's codes, or the TCP connection dropped without one.</summary>
    Failed,
}

/// <summary>What the client sends: bytes, optionally one octet at a time, then a pause.</summary>
public sealed record WebSocketStep(byte[] Bytes, bool OctetWise = false, double PauseSeconds = 0);

/// <summary>
/// One case of the Autobahn testsuite's client-side categories 1 to 7, in its id and expectation, played by a raw
/// client: the frames sent, the frames the server must send back before the close, and how the connection must end.
/// </summary>
public sealed record AutobahnCase(string Id, string Category, IReadOnlyList<WebSocketStep> Steps, IReadOnlyList<(int Opcode, byte[] Payload)> Echoes, CloseExpectation Ending, IReadOnlyList<int> CloseCodes, bool SendsClose = false)
{
    public const int Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10;

    private static readonly byte[] s_mask = [0x37, 0xFA, 0x21, 0x3D];

    public override string ToString() => Id;

    /// <summary>A masked client frame; <paramref name="rsv"/> is Autobahn's 3-bit RSV value (4 is RSV1).</summary>
    public static byte[] Frame(int opcode, byte[] payload, bool fin = true, int rsv = 0)
    {
        var head = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        if (payload.Length <= 125)
        {
            head.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= 0xFFFF)
        {
            head.AddRange([0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            head.Add(0x80 | 127);
            head.AddRange(length);
        }

        head.AddRange(s_mask);
        head.AddRange(payload.Select((b, i) => (byte)(b ^ s_mask[i % 4])));
        return [.. head];
    }

    public static byte[] Frame(int opcode, string payload, bool fin = true, int rsv = 0) => Frame(opcode, Encoding.UTF8.GetBytes(payload), fin, rsv);

    public static byte[] CloseFrame(int code, byte[]? reason = null) =>
        Frame(Close, [(byte)(code >> 8), (byte)code, .. reason ?? []]);

    public static WebSocketStep Send(params byte[][] frames) => new([.. frames.SelectMany(f => f)]);

    public static WebSocketStep SendOctetWise(params byte[][] frames) => new([.. frames.SelectMany(f => f)], OctetWise: true);

    public static WebSocketStep SendThenPause(double seconds, params byte[][] frames) => new([.. frames.SelectMany(f => f)], PauseSeconds: seconds);

    public static (int, byte[]) Echo(int opcode, string payload) => (opcode, Encoding.UTF8.GetBytes(payload));

    public static (int, byte[]) Echo(int opcode, byte[] payload) => (opcode, payload);
}
