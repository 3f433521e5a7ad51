using System.ComponentModel;
using System.Text;

namespace Greenlets;

/// <summary>
/// gevent: <c>gevent.fileobject.FileObjectThread</c>. An open regular file whose reads and writes each run on
/// <see cref="GreenThreadPool.Default"/>: the calling greenlet waits, the hub runs everything else, and the result
/// comes back through the hub's wakeup queue. epoll cannot wait for a regular file (it is always "ready"), so a
/// thread has to make the blocking call; one call at a time, as gevent's FileObjectThread serialises them.
/// </summary>
public sealed class GreenFileStream : IDisposable
{
    private const int ChunkSize = 1 << 16;

    private readonly FileStream _file;

    // Bytes read ahead by ReadLine and not consumed yet; Read and ReadToEnd take them first.
    private byte[] _pending = [];
    private int _pendingStart;

    private GreenFileStream(FileStream file) => _file = file;

    /// <summary>gevent: <c>FileObjectThread(open(path, mode))</c>. Opens <paramref name="path"/> on a pool thread.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">How to open it.</param>
    /// <param name="access">Read, write or both.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="IOException">The file could not be opened (<see cref="FileNotFoundException"/> when it is missing).</exception>
    [Cooperative(nameof(OpenAwaitable))]
    public static GreenFileStream Open(string path, FileMode mode = FileMode.Open, FileAccess access = FileAccess.Read) =>
        GreenThreadPool.Default.Apply(() => OpenNow(path, mode, access));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Open"/> instead.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">How to open it.</param>
    /// <param name="access">Read, write or both.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<GreenFileStream> OpenAwaitable(string path, FileMode mode = FileMode.Open, FileAccess access = FileAccess.Read) =>
        GreenThreadPool.Default.ApplyAwaitable(() => OpenNow(path, mode, access));

    /// <summary>gevent: <c>FileObjectThread.readinto(buffer)</c>. Reads up to <paramref name="count"/> bytes; 0 at the end.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">The first index in <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>How many bytes were read.</returns>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return TakePending(buffer, offset, count) is var taken and > 0 ? taken : GreenThreadPool.Default.Apply(() => _file.Read(buffer, offset, count));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">The first index in <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<int> ReadAwaitable(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        // Bytes a ReadLine read ahead are handed back through the pool too: a completed awaitable is the core's
        // internal plumbing (the layer rule, docs/lowlevel.md), and this path is taken once after a ReadLine at most.
        var taken = TakePending(buffer, offset, count);
        return taken > 0
            ? GreenThreadPool.Default.ApplyAwaitable(() => taken)
            : GreenThreadPool.Default.ApplyAwaitable(() => _file.Read(buffer, offset, count));
    }

    /// <summary>gevent: <c>FileObjectThread.write(data)</c>. Writes all of <paramref name="data"/> on a pool thread.</summary>
    /// <param name="data">The bytes.</param>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        GreenThreadPool.Default.Apply(() => _file.Write(data));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write"/> instead.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable WriteAwaitable(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return GreenThreadPool.Default.ApplyAwaitable(() => _file.Write(data));
    }

    /// <summary>
    /// gevent: <c>FileObjectThread.readline()</c>, without the line end. Reads 64 KiB chunks on a pool thread until a
    /// <c>\n</c>; the line is UTF-8, and a <c>\r</c> before the <c>\n</c> is dropped.
    /// </summary>
    /// <returns>The next line, or null at the end of the file.</returns>
    [Cooperative(nameof(ReadLineAwaitable))]
    public string? ReadLine()
    {
        while (true)
        {
            if (TakeLine(atEnd: false) is { } line)
            {
                return line;
            }

            var chunk = GreenThreadPool.Default.Apply(ReadChunk);
            if (chunk.Length == 0)
            {
                return TakeLine(atEnd: true);
            }

            AppendPending(chunk);
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadLine"/> instead.</summary>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<string?> ReadLineAwaitable()
    {
        while (true)
        {
            if (TakeLine(atEnd: false) is { } line)
            {
                return line;
            }

            var chunk = await GreenThreadPool.Default.ApplyAwaitable(ReadChunk);
            if (chunk.Length == 0)
            {
                return TakeLine(atEnd: true);
            }

            AppendPending(chunk);
        }
    }

    /// <summary>gevent: <c>FileObjectThread.read()</c> in text mode. The rest of the file as UTF-8, read on a pool thread.</summary>
    /// <returns>The text from here to the end.</returns>
    [Cooperative(nameof(ReadToEndAwaitable))]
    public string ReadToEnd()
    {
        var pending = TakeAllPending();
        return GreenThreadPool.Default.Apply(() => DecodeRest(pending));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadToEnd"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<string> ReadToEndAwaitable()
    {
        var pending = TakeAllPending();
        return GreenThreadPool.Default.ApplyAwaitable(() => DecodeRest(pending));
    }

    /// <summary>Closes the file. gevent: <c>FileObjectThread.close()</c>.</summary>
    public void Dispose() => _file.Dispose();

    private static GreenFileStream OpenNow(string path, FileMode mode, FileAccess access) =>
        new(new FileStream(path, mode, access, FileShare.Read, bufferSize: 0));

    private byte[] ReadChunk()
    {
        var chunk = new byte[ChunkSize];
        var read = _file.Read(chunk, 0, chunk.Length);
        return read == chunk.Length ? chunk : chunk[..read];
    }

    private string DecodeRest(byte[] pending)
    {
        using var rest = new MemoryStream();
        rest.Write(pending);
        _file.CopyTo(rest);
        return Encoding.UTF8.GetString(rest.GetBuffer(), 0, (int)rest.Length);
    }

    private int TakePending(byte[] buffer, int offset, int count)
    {
        var taken = Math.Min(count, _pending.Length - _pendingStart);
        if (taken <= 0)
        {
            return 0;
        }

        _pending.AsSpan(_pendingStart, taken).CopyTo(buffer.AsSpan(offset, count));
        _pendingStart += taken;
        return taken;
    }

    private byte[] TakeAllPending()
    {
        var rest = _pending[_pendingStart..];
        _pending = [];
        _pendingStart = 0;
        return rest;
    }

    private void AppendPending(byte[] chunk)
    {
        _pending = [.. _pending.AsSpan(_pendingStart), .. chunk];
        _pendingStart = 0;
    }

    private string? TakeLine(bool atEnd)
    {
        var unread = _pending.AsSpan(_pendingStart);
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
