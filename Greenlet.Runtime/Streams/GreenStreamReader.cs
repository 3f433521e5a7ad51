using System.ComponentModel;
using System.Text;

namespace Greenlets;

/// <summary>
/// gevent: <c>socket.makefile('rb')</c> with <c>readline()</c>, <c>read(n)</c> and <c>read()</c>. Buffered reading of
/// a <see cref="GreenStream"/> by lines and by exact counts, suspending only the calling greenlet. Each wait is
/// bounded by the stream's <see cref="GreenStream.Timeout"/>.
/// </summary>
/// <remarks>
/// <see cref="StreamReader"/> over a green stream cannot wait well: its reads are the stream's blocking form, which
/// <c>[Greenlet]</c> code cannot suspend in. This reader's methods are cooperative. Bytes it has buffered are not
/// seen by reads of the stream itself, so read through one or the other.
/// </remarks>
public sealed class GreenStreamReader : IDisposable
{
    private readonly GreenStream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _start;
    private int _end; // buffered bytes are _buffer[_start.._end)
    private bool _ended;

    /// <summary>Reads <paramref name="stream"/> through a buffer of <paramref name="bufferSize"/> bytes.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="encoding">How lines are decoded; UTF-8 when null.</param>
    /// <param name="bufferSize">The bytes read from the stream at a time.</param>
    /// <param name="leaveOpen">False closes <paramref name="stream"/> when the reader is disposed.</param>
    public GreenStreamReader(GreenStream stream, Encoding? encoding = null, int bufferSize = 8192, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[bufferSize];
        Encoding = encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    /// <summary>How lines are decoded.</summary>
    public Encoding Encoding { get; }

    /// <summary>
    /// The longest line <see cref="ReadLine"/> accepts, in bytes with its line end (64 KiB by default, as
    /// <c>readline(limit)</c> bounds gevent's): a longer one raises <see cref="InvalidDataException"/> rather than
    /// growing the buffer without bound for a peer that never sends a newline.
    /// </summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// gevent: <c>file.readline()</c>. Reads one line, waiting for it as long as each of the stream's waits allows.
    /// </summary>
    /// <returns>The line without its <c>\n</c> or <c>\r\n</c>; the last, unterminated line at the end of the stream; null when the stream has ended and nothing is left.</returns>
    /// <exception cref="InvalidDataException">The line is longer than <see cref="MaxLineBytes"/>.</exception>
    /// <exception cref="SocketTimeoutException">The stream's timeout passed with the line incomplete (what arrived stays buffered).</exception>
    [Cooperative(nameof(ReadLineAwaitable))]
    public string? ReadLine()
    {
        while (true)
        {
            if (TakeLine(out var line))
            {
                return line;
            }

            Fill(_stream.Read(Room()));
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadLine"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string?> ReadLineAwaitable()
    {
        while (true)
        {
            if (TakeLine(out var line))
            {
                return line;
            }

            Fill(await _stream.ReadAwaitable(Room()));
        }
    }

    /// <summary>gevent: <c>file.read(n)</c> on a socket file. Reads exactly <paramref name="count"/> bytes.</summary>
    /// <param name="count">How many bytes.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="EndOfStreamException">The stream ended first (what arrived stays buffered).</exception>
    [Cooperative(nameof(ReadExactlyAwaitable))]
    public byte[] ReadExactly(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (!HasBuffered(count))
        {
            Fill(_stream.Read(Room(count)));
        }

        return Take(count);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadExactly"/> instead.</summary>
    /// <param name="count">How many bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<byte[]> ReadExactlyAwaitable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (!HasBuffered(count))
        {
            Fill(await _stream.ReadAwaitable(Room(count)));
        }

        return Take(count);
    }

    /// <summary>gevent: <c>file.read()</c>, decoded. Reads until the stream ends.</summary>
    /// <returns>Everything left, decoded with <see cref="Encoding"/>.</returns>
    [Cooperative(nameof(ReadToEndAwaitable))]
    public string ReadToEnd()
    {
        while (!_ended)
        {
            Fill(_stream.Read(Room(_end - _start + 1)));
        }

        return Encoding.GetString(Take(_end - _start));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadToEnd"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string> ReadToEndAwaitable()
    {
        while (!_ended)
        {
            Fill(await _stream.ReadAwaitable(Room(_end - _start + 1)));
        }

        return Encoding.GetString(Take(_end - _start));
    }

    /// <summary>Closes the stream, unless the reader was made with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private bool TakeLine(out string? line)
    {
        var buffered = _buffer.AsSpan(_start, _end - _start);
        var newline = buffered.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (!_ended)
            {
                if (buffered.Length >= MaxLineBytes)
                {
                    throw new InvalidDataException($"A line is longer than MaxLineBytes ({MaxLineBytes}) bytes.");
                }

                line = null;
                return false;
            }

            line = buffered.IsEmpty ? null : Encoding.GetString(buffered);
            _start = _end;
            return true;
        }

        if (newline + 1 > MaxLineBytes)
        {
            throw new InvalidDataException($"A line is longer than MaxLineBytes ({MaxLineBytes}) bytes.");
        }

        var content = buffered[..newline];
        if (!content.IsEmpty && content[^1] == (byte)'\r')
        {
            content = content[..^1];
        }

        line = Encoding.GetString(content);
        _start += newline + 1;
        return true;
    }

    private bool HasBuffered(int count)
    {
        var buffered = _end - _start;
        if (buffered >= count)
        {
            return true;
        }

        return _ended ? throw new EndOfStreamException($"The stream ended after {buffered} of {count} bytes.") : false;
    }

    private byte[] Take(int count)
    {
        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }

    /// <summary>The free space after the buffered bytes, at least <paramref name="wanted"/> long in all; compacts or grows the buffer.</summary>
    private Memory<byte> Room(int wanted = 1)
    {
        var buffered = _end - _start;
        if (_start > 0 && (_end == _buffer.Length || buffered + Math.Max(wanted, 1) > _buffer.Length - _start))
        {
            _buffer.AsSpan(_start, buffered).CopyTo(_buffer);
            _start = 0;
            _end = buffered;
        }

        if (_end == _buffer.Length || wanted > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, wanted));
        }

        return _buffer.AsMemory(_end);
    }

    private void Fill(int read)
    {
        if (read == 0)
        {
            _ended = true;
        }

        _end += read;
    }
}
