using System.Buffers;
using System.Threading.Tasks.Sources;

namespace Greenlets;

/// <summary>
/// The stream <see cref="System.Net.Security.SslStream"/> reads and writes under a <see cref="GreenSslStream"/>: its
/// async calls complete inline on the hub thread, and nothing here waits. A write always completes at once: what the
/// transport does not take goes to an owned backlog, so SslStream never has a write pending and never keeps a caller's
/// buffer. A read completes at once when the transport has bytes; otherwise it stays pending, and the greenlet that
/// waits for the transport completes it (<see cref="TryCompletePendingRead"/>): SslStream's continuation then runs
/// on that greenlet's stack. Nothing calls back from the reactor and no greenlet pumps.
/// </summary>
/// <remarks>
/// SslStream asks with a zero-byte read before it rents its frame buffer (so an idle connection holds none). That
/// read completes when the transport has bytes; they are received into a pooled staging buffer and handed over by
/// the read that follows, so the seam's discipline (try, then wait) holds and nothing is peeked.
/// </remarks>
internal sealed class InlineTransport : Stream, IValueTaskSource<int>
{
    private const int StageBytes = 16 * 1024 + 64; // a whole TLS record with its header and tag

    private readonly GreenStream _inner;
    private ManualResetValueTaskSourceCore<int> _read = new() { RunContinuationsAsynchronously = false };
    private Memory<byte> _pendingBuffer;
    private bool _isReadPending;
    private byte[]? _stage;
    private int _stageStart, _stageEnd;
    private bool _stageAtEnd;
    private byte[]? _backlog;
    private int _backlogStart, _backlogEnd;
    private bool _closed;

    public InlineTransport(GreenStream inner) => _inner = inner;

    /// <summary>The first bytes the peer sent (up to 8), to tell plaintext sent to a TLS port from a broken handshake.</summary>
    public byte[] FirstBytes { get; } = new byte[8];

    public int FirstBytesCount { get; private set; }

    /// <summary>True while SslStream waits for the transport.</summary>
    public bool IsReadPending => _isReadPending;

    /// <summary>True while encrypted bytes wait for the transport to take them.</summary>
    public bool HasBacklog => _backlogEnd > _backlogStart;

    public override bool CanRead => !_closed;

    public override bool CanWrite => !_closed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Completes SslStream's pending read if the transport now has bytes (or its end). Its continuation runs here,
    /// and may leave another read pending. False when the transport has nothing yet.
    /// </summary>
    public bool TryCompletePendingRead()
    {
        if (!_isReadPending)
        {
            return false;
        }

        int n;
        try
        {
            n = _pendingBuffer.IsEmpty ? (Stage() ? 0 : -1) : Receive(_pendingBuffer.Span);
        }
        catch (Exception e)
        {
            CompletePending(e);
            return true;
        }

        if (n < 0)
        {
            return false;
        }

        _isReadPending = false;
        _pendingBuffer = default;
        _read.SetResult(n); // SslStream's continuation runs now, on this stack
        return true;
    }

    /// <summary>Sends what the transport takes of the backlog; true when nothing is left.</summary>
    /// <exception cref="IOException">The connection was reset or closed.</exception>
    public bool TryFlush()
    {
        while (_backlogEnd > _backlogStart)
        {
            var sent = _inner.SendAvailable(_backlog.AsSpan(_backlogStart, _backlogEnd - _backlogStart));
            if (sent < 0)
            {
                return false;
            }

            _backlogStart += sent;
        }

        ReturnBacklog();
        return true;
    }

    /// <summary>Fails SslStream's pending read, if any, so that it unwinds (the stream is closing).</summary>
    public void CompletePending(Exception error)
    {
        if (_isReadPending)
        {
            _isReadPending = false;
            _pendingBuffer = default;
            _read.SetException(error);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return ValueTask.FromException<int>(new ObjectDisposedException(nameof(GreenSslStream)));
        }

        if (_isReadPending)
        {
            return ValueTask.FromException<int>(new InvalidOperationException("SslStream started a second read over a green stream."));
        }

        int n;
        try
        {
            n = buffer.IsEmpty ? (Stage() ? 0 : -1) : Receive(buffer.Span);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }

        if (n >= 0)
        {
            return new ValueTask<int>(n);
        }

        _read.Reset();
        _pendingBuffer = buffer;
        _isReadPending = true;
        return new ValueTask<int>(this, _read.Version);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>SslStream reads synchronously only on paths a green stream never takes; serve what is there.</summary>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = buffer.IsEmpty ? 0 : Receive(buffer);
        return n >= 0 ? n : throw new IOException("TLS needed to wait for the transport inside a synchronous read, which a green stream cannot do.");
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Sends what the transport takes now (after any backlog) and keeps the rest; never waits.</summary>
    public override void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_backlogEnd == _backlogStart && !data.IsEmpty)
        {
            var sent = _inner.SendAvailable(data);
            if (sent > 0)
            {
                data = data[sent..];
            }
        }

        if (data.IsEmpty)
        {
            return;
        }

        if (_backlog is null)
        {
            _backlog = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, StageBytes));
            _backlogStart = _backlogEnd = 0;
        }
        else if (_backlog.Length - _backlogEnd < data.Length)
        {
            var held = _backlogEnd - _backlogStart;
            var target = held + data.Length <= _backlog.Length ? _backlog : ArrayPool<byte>.Shared.Rent(held + data.Length);
            _backlog.AsSpan(_backlogStart, held).CopyTo(target);
            if (!ReferenceEquals(target, _backlog))
            {
                ArrayPool<byte>.Shared.Return(_backlog);
                _backlog = target;
            }

            _backlogStart = 0;
            _backlogEnd = held;
        }

        data.CopyTo(_backlog.AsSpan(_backlogEnd));
        _backlogEnd += data.Length;
    }

    public override void Flush()
    {
    }

    /// <summary>Completes at once: the base class would flush on the thread pool.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            CompletePending(new ObjectDisposedException(nameof(GreenSslStream)));
            ReturnStage();
            ReturnBacklog(force: true);
        }

        base.Dispose(disposing);
    }

    /// <summary>Bytes from the stage first, then from the transport: the count, 0 at its end, -1 when it has none yet.</summary>
    private int Receive(Span<byte> buffer)
    {
        if (_stageEnd > _stageStart)
        {
            var n = Math.Min(buffer.Length, _stageEnd - _stageStart);
            _stage.AsSpan(_stageStart, n).CopyTo(buffer);
            _stageStart += n;
            if (_stageStart == _stageEnd)
            {
                ReturnStage();
            }

            return n;
        }

        if (_stageAtEnd)
        {
            return 0;
        }

        var received = _inner.ReceiveAvailable(buffer);
        if (received > 0)
        {
            NoteFirstBytes(buffer[..received]);
        }

        return received;
    }

    /// <summary>True when bytes (or the end) are staged for the next read: receives into the stage if it is empty.</summary>
    private bool Stage()
    {
        if (_stageEnd > _stageStart || _stageAtEnd)
        {
            return true;
        }

        var stage = _stage ??= ArrayPool<byte>.Shared.Rent(StageBytes);
        var n = _inner.ReceiveAvailable(stage);
        if (n < 0)
        {
            ReturnStage();
            return false;
        }

        if (n == 0)
        {
            ReturnStage();
            _stageAtEnd = true;
            return true;
        }

        NoteFirstBytes(stage.AsSpan(0, n));
        _stageStart = 0;
        _stageEnd = n;
        return true;
    }

    private void NoteFirstBytes(ReadOnlySpan<byte> received)
    {
        if (FirstBytesCount < FirstBytes.Length)
        {
            var n = Math.Min(received.Length, FirstBytes.Length - FirstBytesCount);
            received[..n].CopyTo(FirstBytes.AsSpan(FirstBytesCount));
            FirstBytesCount += n;
        }
    }

    private void ReturnStage()
    {
        if (_stage is not null)
        {
            ArrayPool<byte>.Shared.Return(_stage);
            _stage = null;
        }

        _stageStart = _stageEnd = 0;
    }

    private void ReturnBacklog(bool force = false)
    {
        if (_backlog is not null && (force || _backlogEnd == _backlogStart))
        {
            ArrayPool<byte>.Shared.Return(_backlog);
            _backlog = null;
            _backlogStart = _backlogEnd = 0;
        }
    }
}
