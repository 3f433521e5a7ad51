using System.Buffers.Binary;

namespace Greenlets;

/// <summary>A frame's header as read off the wire.</summary>
internal readonly record struct WebSocketFrameHeader(bool Fin, WebSocketOpcode Opcode, bool Masked, uint MaskKey, long PayloadLength, int HeaderLength)
{
    public bool IsControl => (byte)Opcode >= 0x8;
}

/// <summary>A frame that breaks RFC 6455 or a limit: the connection is closed with <see cref="Code"/>.</summary>
internal sealed class WebSocketViolation(WebSocketCloseCode code, string message) : Exception(message)
{
    public WebSocketCloseCode Code { get; } = code;
}

/// <summary>Reads and writes RFC 6455 frames (section 5.2) over bytes, with the checks a server must make.</summary>
internal static class WebSocketFrameCodec
{
    /// <summary>
    /// Parses a frame header from the start of <paramref name="data"/>. False when more bytes are needed. Throws
    /// <see cref="WebSocketViolation"/> for reserved bits or opcodes, bad control frames, a missing client mask or a
    /// payload over the limit.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, bool requireMask, long maxFrameBytes, out WebSocketFrameHeader header)
    {
        header = default;
        if (data.Length < 2)
        {
            return false;
        }

        var b0 = data[0];
        var b1 = data[1];
        if ((b0 & 0x70) != 0)
        {
            throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "reserved bits set without an extension");
        }

        var opcode = (WebSocketOpcode)(b0 & 0x0f);
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, $"reserved opcode 0x{(byte)opcode:x}");
        }

        var fin = (b0 & 0x80) != 0;
        var masked = (b1 & 0x80) != 0;
        if (requireMask && !masked)
        {
            throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "client frames must be masked");
        }

        long length = b1 & 0x7f;
        var position = 2;
        if (length == 126)
        {
            if (data.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            position = 4;
        }
        else if (length == 127)
        {
            if (data.Length < 10)
            {
                return false;
            }

            var wide = BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            if (wide > long.MaxValue)
            {
                throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "payload length with the most significant bit set");
            }

            length = (long)wide;
            position = 10;
        }

        if ((byte)opcode >= 0x8)
        {
            if (!fin)
            {
                throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "fragmented control frame");
            }

            if (length > 125)
            {
                throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "control frame payload over 125 bytes");
            }
        }

        if (length > maxFrameBytes)
        {
            throw new WebSocketViolation(WebSocketCloseCode.MessageTooBig, "frame over the size limit");
        }

        uint mask = 0;
        if (masked)
        {
            if (data.Length < position + 4)
            {
                return false;
            }

            mask = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            position += 4;
        }

        header = new WebSocketFrameHeader(fin, opcode, masked, mask, length, position);
        return true;
    }

    /// <summary>XORs <paramref name="payload"/> with the mask key (RFC 6455 section 5.3); applying it twice restores the bytes.</summary>
    public static void ApplyMask(Span<byte> payload, uint maskKey)
    {
        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(key, maskKey);
        var i = 0;
        if (payload.Length >= 8)
        {
            var wide = BitConverter.IsLittleEndian
                ? (ulong)BinaryPrimitives.ReadUInt32LittleEndian(key) * 0x1_0000_0001UL
                : (ulong)maskKey * 0x1_0000_0001UL;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(payload[..(payload.Length & ~7)]);
            for (var w = 0; w < words.Length; w++)
            {
                words[w] ^= wide;
            }

            i = words.Length * 8;
        }

        for (; i < payload.Length; i++)
        {
            payload[i] ^= key[i & 3];
        }
    }

    /// <summary>Writes one frame; <paramref name="maskKey"/> is for the client side (null: unmasked, as a server sends).</summary>
    public static void WriteFrame(OutputBuffer output, WebSocketOpcode opcode, bool fin, ReadOnlySpan<byte> payload, uint? maskKey = null)
    {
        output.Write((byte)((fin ? 0x80 : 0) | (byte)opcode));
        var maskBit = maskKey is null ? 0 : 0x80;
        if (payload.Length < 126)
        {
            output.Write((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            output.Write((byte)(maskBit | 126));
            BinaryPrimitives.WriteUInt16BigEndian(output.Reserve(2), (ushort)payload.Length);
            output.Advance(2);
        }
        else
        {
            output.Write((byte)(maskBit | 127));
            BinaryPrimitives.WriteUInt64BigEndian(output.Reserve(8), (ulong)payload.Length);
            output.Advance(8);
        }

        if (maskKey is { } key)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.Reserve(4), key);
            output.Advance(4);
            var start = output.Length;
            output.Write(payload);
            ApplyMask(output.WrittenSpan(start, payload.Length), key);
        }
        else
        {
            output.Write(payload);
        }
    }

    /// <summary>Whether <paramref name="code"/> may appear in a close frame (RFC 6455 section 7.4).</summary>
    public static bool IsValidCloseCode(int code) => code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;
}
