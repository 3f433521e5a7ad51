using System.Text;

namespace Greenlets;

/// <summary>
/// One keep-alive connection of <see cref="GreenHttpClient"/>: its stream, one buffer the responses are read into in
/// place, and one the request heads are written into. Reused by one request at a time.
/// </summary>
internal sealed class ClientConnection
{
    private const int InitialBufferBytes = 16 * 1024;
    private byte[] _out = new byte[1024];
    private int _outLength;

    public ClientConnection(GreenHttpOrigin origin, GreenStream stream)
    {
        Origin = origin;
        Stream = stream;
    }

    public GreenHttpOrigin Origin { get; }

    public GreenStream Stream { get; }

    /// <summary>Received and not yet consumed: <c>Buffer[Start..End)</c>.</summary>
    public byte[] Buffer { get; private set; } = new byte[InitialBufferBytes];

    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>How many requests were sent on it; above zero it is a reused connection.</summary>
    public int RequestCount { get; set; }

    /// <summary>Whether a byte of the current response has arrived (a reused connection that failed before one may be retried).</summary>
    public bool HasResponseBytes { get; set; }

    public int Buffered => End - Start;

    public ReadOnlySpan<byte> Unread => Buffer.AsSpan(Start, End - Start);

    /// <summary>Checks an idle connection before reuse: false when the server has closed it (or sent something unasked).</summary>
    public bool IsAlive()
    {
        if (Stream.IsClosed || Buffered > 0)
        {
            return false;
        }

        try
        {
            Start = End = 0;
            return Stream.ReceiveAvailable(Buffer) < 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Moves the unread bytes to the front, and doubles the buffer when they fill it (up to <paramref name="max"/>).</summary>
    public void MakeRoom(int max)
    {
        if (Start > 0)
        {
            Buffer.AsSpan(Start, End - Start).CopyTo(Buffer);
            (Start, End) = (0, End - Start);
        }

        if (End == Buffer.Length && Buffer.Length < max)
        {
            var bigger = new byte[Math.Min(max, Buffer.Length * 2)];
            Buffer.AsSpan(0, End).CopyTo(bigger);
            Buffer = bigger;
        }
    }

    /// <summary>Receives into the buffer's free space: the byte count, 0 at the end of the stream.</summary>
    public async GreenTask<int> FillAsync(RequestClock clock)
    {
        if (End == Buffer.Length)
        {
            MakeRoom(int.MaxValue);
        }

        var n = await ReceiveAsync(Buffer.AsMemory(End), clock);
        End += n;
        HasResponseBytes |= n > 0;
        return n;
    }

    /// <summary>Receives what arrives into <paramref name="into"/>, waiting as <paramref name="clock"/> allows; 0 at the end.</summary>
    public async GreenTask<int> ReceiveAsync(Memory<byte> into, RequestClock clock)
    {
        while (true)
        {
            var n = Stream.ReceiveAvailable(into.Span);
            if (n >= 0)
            {
                return n;
            }

            if (!await Stream.WaitReadableAsync(clock.ReadWait()))
            {
                throw clock.ReadTimedOut();
            }
        }
    }

    /// <summary>Sends every byte, each wait for room bounded as <paramref name="clock"/> allows.</summary>
    public async GreenTask SendAsync(ReadOnlyMemory<byte> data, RequestClock clock)
    {
        while (!data.IsEmpty)
        {
            var sent = Stream.SendAvailable(data.Span);
            if (sent >= 0)
            {
                data = data[sent..];
            }
            else if (!await Stream.WaitWritableAsync(clock.ReadWait()))
            {
                throw clock.WriteTimedOut();
            }
        }
    }

    /// <summary>The request head written so far, to send.</summary>
    public ReadOnlyMemory<byte> Written => _out.AsMemory(0, _outLength);

    public void ResetOutput() => _outLength = 0;

    public void Append(string text)
    {
        Reserve(text.Length);
        _outLength += Encoding.Latin1.GetBytes(text, _out.AsSpan(_outLength));
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_out.AsSpan(_outLength));
        _outLength += bytes.Length;
    }

    public void AppendField(string name, string value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }

    public void AppendNumber(long value, string format = "D")
    {
        Reserve(20);
        value.TryFormat(_out.AsSpan(_outLength), out var written, format, System.Globalization.CultureInfo.InvariantCulture);
        _outLength += written;
    }

    public void Close()
    {
        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
            // Closing a connection that already failed: nothing more to do.
        }
    }

    public override string ToString() => $"ClientConnection({Origin}, {RequestCount} requests)";

    private void Reserve(int count)
    {
        if (_outLength + count > _out.Length)
        {
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _outLength + count));
        }
    }
}
