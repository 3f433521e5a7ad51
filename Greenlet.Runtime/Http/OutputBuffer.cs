using System.Buffers.Text;

namespace Greenlets;

/// <summary>A growable byte buffer that response heads and frames are written into before one send. Reused per connection.</summary>
internal sealed class OutputBuffer(int initialCapacity = 4096)
{
    private byte[] _bytes = new byte[initialCapacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> WrittenSpan(int start, int length) => _bytes.AsSpan(start, length);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    public void Write(byte b)
    {
        Reserve(1)[0] = b;
        Length++;
    }

    /// <summary>Writes a header name or value; characters above U+00FF, CR and LF are refused, so no header can be injected.</summary>
    public void WriteLatin1(string text)
    {
        var span = Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0xff || c == '\r' || c == '\n' || c == '\0')
            {
                throw new ArgumentException($"'{text}' has a character that cannot go in an HTTP header", nameof(text));
            }

            span[i] = (byte)c;
        }

        Length += text.Length;
    }

    public void WriteDecimal(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var n);
        Length += n;
    }

    public void WriteHex(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(16), out var n, new System.Buffers.StandardFormat('x'));
        Length += n;
    }

    public void WriteCrlf() => Write("\r\n"u8);

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        return _bytes.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;
}
