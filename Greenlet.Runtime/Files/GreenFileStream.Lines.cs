using System.ComponentModel;
using System.Text;
using Greenlets.CompilerServices;
using Greenlets.LowLevel;

namespace Greenlets;

public sealed partial class GreenFileStream
{
    private const int LineChunkSize = 1 << 16;

    // Bytes ReadLine read ahead and nobody consumed yet, _pending[_pendingStart.._pendingEnd]: Read and ReadToEnd take
    // them first, Write and Seek drop them (and count them back off the position). The buffer is kept and reused.
    private byte[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;

    private int PendingCount => _pendingEnd - _pendingStart;

    private ReadOnlySpan<byte> PendingSpan => _pending.AsSpan(_pendingStart, PendingCount);

    /// <summary>
    /// gevent: <c>FileObjectThread.readline()</c>, without the line end. Reads 64 KiB chunks (from the page cache on the
    /// hub, else on a pool thread) until a <c>\n</c>; the line is UTF-8, and a <c>\r</c> before the <c>\n</c> is dropped.
    /// </summary>
    /// <returns>The next line, or null at the end of the file.</returns>
    [Cooperative(nameof(ReadLineAwaitable))]
    public string? ReadLine()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        while (true)
        {
            if (TakeLine(atEnd: false) is { } line)
            {
                return line;
            }

            var space = MakeRoomForChunk();
            var read = ReadFileBlocking(_pending, _pendingEnd, space, "GreenFileStream.ReadLine");
            if (read == 0)
            {
                return TakeLine(atEnd: true);
            }

            _pendingEnd += read;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadLine"/> instead.</summary>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string?> ReadLineAwaitable()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        while (true)
        {
            if (TakeLine(atEnd: false) is { } line)
            {
                return line;
            }

            var space = MakeRoomForChunk();
            var read = await ReadFileAwaitable(_pending, _pendingEnd, space);
            if (read == 0)
            {
                return TakeLine(atEnd: true);
            }

            _pendingEnd += read;
        }
    }

    /// <summary>Moves the unread bytes to the front and grows the buffer if a chunk does not fit after them; returns the room.</summary>
    private int MakeRoomForChunk()
    {
        var unread = PendingCount;
        if (_pending.Length - unread < LineChunkSize)
        {
            var grown = new byte[Math.Max(_pending.Length * 2, unread + LineChunkSize)];
            PendingSpan.CopyTo(grown);
            _pending = grown;
        }
        else if (_pendingStart > 0)
        {
            PendingSpan.CopyTo(_pending);
        }

        _pendingStart = 0;
        _pendingEnd = unread;
        return Math.Min(_pending.Length - unread, HubReadLimit);
    }

    private int TakePending(byte[] buffer, int offset, int count)
    {
        var taken = Math.Min(count, PendingCount);
        _pending.AsSpan(_pendingStart, taken).CopyTo(buffer.AsSpan(offset, count));
        _pendingStart += taken;
        return taken;
    }

    /// <summary>Drops the bytes read ahead; returns how many, which the file's position is past.</summary>
    private int DiscardPending()
    {
        var unread = PendingCount;
        _pendingStart = 0;
        _pendingEnd = 0;
        return unread;
    }

    private string? TakeLine(bool atEnd)
    {
        var unread = PendingSpan;
        var newline = unread.IndexOf((byte)'\n');
        if (newline < 0 && !(atEnd && unread.Length > 0))
        {
            return null;
        }

        var length = newline < 0 ? unread.Length : newline;
        var line = unread[..length];
        if (newline >= 0 && line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var text = Encoding.UTF8.GetString(line);
        _pendingStart += newline < 0 ? length : length + 1;
        return text;
    }
}
