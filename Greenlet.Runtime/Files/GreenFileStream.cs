using System.ComponentModel;
using System.Text;
using Greenlets.CompilerServices;
using Greenlets.LowLevel;
using Microsoft.Win32.SafeHandles;

namespace Greenlets;

/// <summary>
/// gevent: <c>gevent.fileobject.FileObjectThread</c>. An open regular file whose calls never stall the hub for longer
/// than one bounded copy. epoll cannot wait for a regular file (it is always "ready"), so a read of bytes the page cache
/// holds is done on the hub without waiting (<c>preadv2(RWF_NOWAIT)</c>, at most <see cref="HubReadLimit"/> bytes a
/// call), and everything that could wait (a cold page, a bigger read, a write, a file system without it) runs on
/// <see cref="GreenThreadPool.Default"/>, the calling greenlet waiting while the hub runs everything else. Calls run
/// one at a time and in order, as gevent's FileObjectThread serialises them, also when a caller gave up on one.
/// </summary>
/// <remarks>
/// A greenlet that gives up on a call (a timeout, a kill) while its pool job runs does not undo the job: the read or
/// write happens, the position moves past it, and a read's bytes land in the buffer it was given, which nobody reads.
/// The next call on the file waits for that job first. Do not reuse a buffer you gave to a call that timed out until
/// the file's next call has returned. Closing the file while a job runs closes it once the job ends.
/// </remarks>
public sealed partial class GreenFileStream : IDisposable
{
    /// <summary>The largest read the hub makes itself from the page cache; larger ones go to the pool, filled in one job.</summary>
    internal const int HubReadLimit = 1 << 20;

    /// <summary>Bytes read on the hub after which a read lets the other greenlets run once, as a pool read always does.</summary>
    internal const int YieldAfterBytes = 1 << 20;

    private readonly SafeFileHandle _handle;

    // Held by every call for as long as it touches the file and _position: by a pool job for its whole run, so a job
    // whose caller gave up still finishes before the next call starts. The hub only ever tries it, never waits on it.
    private readonly object _io = new();
    private readonly bool _isSeekable;
    private long _position;

    // 1 for the open file, plus 1 for each pool job running on it: the handle closes when the count reaches 0, so a
    // Dispose while a job runs closes the file after the job rather than under it. Dispose takes the file's 1.
    private int _holds = 1;
    private bool _disposed;

    // Whether preadv2(RWF_NOWAIT) works on this file; false once the kernel said it does not.
    private bool _readsOnHub;

    // Bytes read on the hub since this file's reads last let the other greenlets run.
    private int _readSinceYield;

    // Main parks here for a hub read's yield, until a callback queued behind everything ready unparks it.
    private readonly ParkingLot _yieldLot = new();
    private readonly Action _unparkYield;

    private GreenFileStream(SafeFileHandle handle, long position)
    {
        _handle = handle;
        _position = position;
        _unparkYield = () => _yieldLot.UnparkOne();
        _isSeekable = FileNative.IsSeekable(handle);
        _readsOnHub = FileNative.IsAvailable && _isSeekable;
    }

    /// <summary>The position the next read or write starts at: what the calls so far read and wrote, and seeks.</summary>
    /// <remarks>
    /// gevent: <c>FileObjectThread.tell()</c>. A job whose caller gave up counts once it has finished.
    /// </remarks>
    public long Position => Volatile.Read(ref _position) - PendingCount;

    /// <summary>
    /// Whether this file's reads of cached bytes run on the hub (false: every read is a pool job). Tests turn it off to
    /// take the pool's path on any file system; turning it on where the kernel cannot read without waiting does nothing.
    /// </summary>
    internal bool ReadsOnHub
    {
        get => _readsOnHub;
        set => _readsOnHub = value && FileNative.IsAvailable && _isSeekable;
    }

    /// <summary>Tests see a pool job reach the file here, on its worker, before it waits for the calls ahead of it.</summary>
    internal Action? PoolJobArriving { get; set; }

    /// <summary>Tests hold a pool job here, on its worker with the file's calls serialised behind it.</summary>
    internal Action? PoolJobStarting { get; set; }

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

    /// <summary>
    /// gevent: <c>FileObjectThread.readinto(buffer)</c>. Reads up to <paramref name="count"/> bytes; 0 at the end. Cached
    /// bytes are copied on the hub, straight into <paramref name="buffer"/> (fewer than asked when only part is cached);
    /// otherwise a pool job reads until <paramref name="count"/> bytes or the end.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">The first index in <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>How many bytes were read.</returns>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(byte[] buffer, int offset, int count)
    {
        ThrowIfInvalid(buffer, offset, count);
        return PendingCount > 0 ? TakePending(buffer, offset, count) : ReadFileBlocking(buffer, offset, count, "GreenFileStream.Read");
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">The first index in <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(byte[] buffer, int offset, int count)
    {
        ThrowIfInvalid(buffer, offset, count);
        return PendingCount > 0 ? new GreenTask<int>(TakePending(buffer, offset, count)) : ReadFileAwaitable(buffer, offset, count);
    }

    /// <summary>gevent: <c>FileObjectThread.write(data)</c>. Writes all of <paramref name="data"/> at the position, on a pool thread.</summary>
    /// <param name="data">The bytes.</param>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(byte[] data) => BlockingCall.Begin("GreenFileStream.Write").Wait(WriteAwaitable(data));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write"/> instead.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable WriteAwaitable(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var unread = DiscardPending(); // bytes a ReadLine read ahead: the write goes where the reader got to
        _readSinceYield = 0;
        return GreenThreadPool.Default.ApplyAwaitable(() =>
        {
            RunHeld(() =>
            {
                _position -= unread;
                RandomAccess.Write(_handle, data, _position);
                Volatile.Write(ref _position, _position + data.Length);
                return 0;
            });
        });
    }

    /// <summary>
    /// gevent: <c>FileObjectThread.seek(offset, whence)</c>. Moves the position; bytes a <see cref="ReadLine"/> read
    /// ahead are dropped. Done on the hub unless a job whose caller gave up still runs, which it then waits for.
    /// </summary>
    /// <param name="offset">Bytes from <paramref name="origin"/>.</param>
    /// <param name="origin">The start, the position, or the end of the file.</param>
    /// <returns>The new position.</returns>
    /// <exception cref="IOException">The new position would be before the start of the file.</exception>
    [Cooperative(nameof(SeekAwaitable))]
    public long Seek(long offset, SeekOrigin origin = SeekOrigin.Begin) =>
        TrySeekOnHub(offset, origin, out var unread) ?? BlockingCall.Begin("GreenFileStream.Seek").Wait(SeekOnPoolAwaitable(offset, origin, unread));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Seek"/> instead.</summary>
    /// <param name="offset">Bytes from <paramref name="origin"/>.</param>
    /// <param name="origin">The start, the position, or the end of the file.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<long> SeekAwaitable(long offset, SeekOrigin origin = SeekOrigin.Begin) =>
        TrySeekOnHub(offset, origin, out var unread) is { } position ? new GreenTask<long>(position) : SeekOnPoolTask(offset, origin, unread);

    private long? TrySeekOnHub(long offset, SeekOrigin origin, out int unread)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (origin is not (SeekOrigin.Begin or SeekOrigin.Current or SeekOrigin.End))
        {
            throw new ArgumentOutOfRangeException(nameof(origin));
        }

        unread = DiscardPending();
        _readSinceYield = 0;
        if (!Monitor.TryEnter(_io))
        {
            return null;
        }

        try
        {
            return SeekLocked(offset, origin, unread);
        }
        finally
        {
            Monitor.Exit(_io);
        }
    }

    private async GreenTask<long> SeekOnPoolTask(long offset, SeekOrigin origin, int unread) => await SeekOnPoolAwaitable(offset, origin, unread);

    /// <summary>gevent: <c>FileObjectThread.read()</c> in text mode. The rest of the file as UTF-8, read on a pool thread.</summary>
    /// <returns>The text from here to the end.</returns>
    [Cooperative(nameof(ReadToEndAwaitable))]
    public string ReadToEnd() => BlockingCall.Begin("GreenFileStream.ReadToEnd").Wait(ReadToEndAwaitable());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="ReadToEnd"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<string> ReadToEndAwaitable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = PendingSpan.ToArray();
        DiscardPending();
        _readSinceYield = 0;
        return GreenThreadPool.Default.ApplyAwaitable(() => RunHeld(() => DecodeRest(pending)));
    }

    /// <summary>Closes the file; a job still running keeps it open until it ends. gevent: <c>FileObjectThread.close()</c>.</summary>
    public void Dispose()
    {
        DiscardPending();
        if (!_disposed)
        {
            _disposed = true;
            ReleaseHold();
        }
    }

    private static GreenFileStream OpenNow(string path, FileMode mode, FileAccess access)
    {
        var append = mode == FileMode.Append;
        var handle = File.OpenHandle(path, mode, access, FileShare.Read);
        try
        {
            return new GreenFileStream(handle, append ? RandomAccess.GetLength(handle) : 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void ThrowIfInvalid(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - offset);
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    /// <summary>Reads from the file at the position in plain code (main): on the hub from the page cache when it can, else on the pool.</summary>
    private int ReadFileBlocking(byte[] buffer, int offset, int count, string operation)
    {
        var read = TryReadOnHub(buffer, offset, count);
        if (read < 0)
        {
            return BlockingCall.Begin(operation).Wait(ReadOnPoolAwaitable(buffer, offset, count));
        }

        if (ShouldYield(read))
        {
            // Main's turn ends the loop as soon as main is dequeued, before due timers and the reactor are looked at,
            // so main parks and a callback queued behind everything ready unparks it: a whole pass runs in between.
            HubLoop.CallSoon(_unparkYield);
            BlockingCall.Begin(operation).Wait(_yieldLot.ParkAwaitable());
        }

        return read;
    }

    /// <summary>Reads from the file at the position in a greenlet: on the hub from the page cache when it can, else on the pool.</summary>
    private GreenTask<int> ReadFileAwaitable(byte[] buffer, int offset, int count)
    {
        var read = TryReadOnHub(buffer, offset, count);
        return read < 0 ? ReadOnPoolTask(buffer, offset, count) : ShouldYield(read) ? YieldThenReturn(read) : new GreenTask<int>(read);
    }

    private static async GreenTask<int> YieldThenReturn(int read)
    {
        await Greenlet.SleepAwaitable(0);
        return read;
    }

    private async GreenTask<int> ReadOnPoolTask(byte[] buffer, int offset, int count) => await ReadOnPoolAwaitable(buffer, offset, count);

    /// <summary>Copies cached bytes on the hub: how many (0 at the end), or -1 when the pool must read.</summary>
    private int TryReadOnHub(byte[] buffer, int offset, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (!_readsOnHub || count > HubReadLimit || !Monitor.TryEnter(_io))
        {
            return -1;
        }

        int read;
        try
        {
            read = FileNative.TryReadCached(_handle, buffer.AsSpan(offset, count), _position);
            if (read > 0)
            {
                Volatile.Write(ref _position, _position + read);
            }
        }
        finally
        {
            Monitor.Exit(_io);
        }

        if (read == FileNative.Unsupported)
        {
            _readsOnHub = false;
        }

        return read >= 0 ? read : -1;
    }

    /// <summary>Whether a hub read of <paramref name="read"/> bytes ends the run of them that lets the other greenlets run once.</summary>
    private bool ShouldYield(int read)
    {
        _readSinceYield += read;
        if (_readSinceYield < YieldAfterBytes)
        {
            return false;
        }

        _readSinceYield = 0;
        return true;
    }

    // Apart from ReadFile so that the fast path does not allocate the lambda's closure.
    private GreenAwaitable<int> ReadOnPoolAwaitable(byte[] buffer, int offset, int count)
    {
        _readSinceYield = 0;
        return GreenThreadPool.Default.ApplyAwaitable(() => RunHeld(() => ReadOnPool(buffer.AsSpan(offset, count))));
    }

    /// <summary>
    /// On a worker: runs one call's job with the file held open and its calls serialised behind it; an
    /// <see cref="ObjectDisposedException"/> when the file was closed before the job began.
    /// </summary>
    private T RunHeld<T>(Func<T> job)
    {
        var holds = Volatile.Read(ref _holds);
        while (true)
        {
            ObjectDisposedException.ThrowIf(holds == 0, this);
            var seen = Interlocked.CompareExchange(ref _holds, holds + 1, holds);
            if (seen == holds)
            {
                break;
            }

            holds = seen;
        }

        try
        {
            PoolJobArriving?.Invoke();
            lock (_io)
            {
                PoolJobStarting?.Invoke();
                return job();
            }
        }
        finally
        {
            ReleaseHold();
        }
    }

    private void ReleaseHold()
    {
        if (Interlocked.Decrement(ref _holds) == 0)
        {
            _handle.Dispose();
        }
    }

    /// <summary>On a worker, held: reads until <paramref name="into"/> is full or the file ends (a pipe: one read).</summary>
    private int ReadOnPool(Span<byte> into)
    {
        var total = 0;
        while (total < into.Length)
        {
            var read = RandomAccess.Read(_handle, into[total..], _position);
            Volatile.Write(ref _position, _position + read);
            total += read;
            if (read == 0 || !_isSeekable)
            {
                break;
            }
        }

        return total;
    }

    private GreenAwaitable<long> SeekOnPoolAwaitable(long offset, SeekOrigin origin, int unread) =>
        GreenThreadPool.Default.ApplyAwaitable(() => RunHeld(() => SeekLocked(offset, origin, unread)));

    private long SeekLocked(long offset, SeekOrigin origin, int unread)
    {
        var from = origin switch
        {
            SeekOrigin.Begin => 0,
            SeekOrigin.Current => _position - unread,
            _ => RandomAccess.GetLength(_handle),
        };
        var target = from + offset;
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the file.");
        }

        Volatile.Write(ref _position, target);
        return target;
    }

    /// <summary>On a worker, held: the rest of the file after <paramref name="pending"/>, decoded as UTF-8.</summary>
    private string DecodeRest(byte[] pending)
    {
        var expected = _isSeekable ? Math.Max(0, RandomAccess.GetLength(_handle) - _position) : 0;
        var rest = new byte[Math.Max(pending.Length + expected, pending.Length + 1)];
        pending.CopyTo(rest, 0);
        var filled = pending.Length;
        while (true)
        {
            if (filled == rest.Length)
            {
                Array.Resize(ref rest, rest.Length * 2); // the file grew, or a pipe: no length to go by
            }

            var read = RandomAccess.Read(_handle, rest.AsSpan(filled), _position);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(rest, 0, filled);
            }

            filled += read;
            Volatile.Write(ref _position, _position + read);
        }
    }
}
