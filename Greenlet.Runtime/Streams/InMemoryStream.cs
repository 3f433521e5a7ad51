namespace Greenlets;

/// <summary>
/// One end of <see cref="GreenStream.CreatePair"/>: two bounded byte pipes on one hub, one per direction. Nothing
/// touches the kernel, so on the virtual clock a program over a pair runs the same way every time.
/// </summary>
internal sealed class InMemoryStream : GreenStream
{
    private readonly Pipe _incoming;
    private readonly Pipe _outgoing;
    private double? _timeout;
    private bool _closed;

    private InMemoryStream(Pipe incoming, Pipe outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    public override GreenDuration? Timeout
    {
        get => _timeout;
        set => _timeout = CheckedTimeout(value);
    }

    public override bool IsClosed => _closed;

    public static (GreenStream First, GreenStream Second) CreateConnectedPair(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var toSecond = new Pipe(capacity);
        var toFirst = new Pipe(capacity);
        return (new InMemoryStream(toFirst, toSecond), new InMemoryStream(toSecond, toFirst));
    }

    public override void ShutdownWrite()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _outgoing.EndWriting(reset: false);
    }

    public override string ToString() => $"GreenStream(in-memory{(_closed ? ", closed" : string.Empty)})";

    internal override int ReceiveAvailable(Span<byte> buffer) => _closed ? 0 : _incoming.Take(buffer);

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout) => _incoming.Readable.WaitAwaitable(timeout);

    internal override int SendAvailable(ReadOnlySpan<byte> data) => _closed
        ? throw new IOException("send failed: the stream is closed")
        : _outgoing.Put(data);

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => _outgoing.Writable.WaitAwaitable(timeout);

    internal override void Abort()
    {
        _outgoing.EndWriting(reset: true);
        _incoming.EndReading();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            _outgoing.EndWriting(reset: false);
            _incoming.EndReading();
        }

        base.Dispose(disposing);
    }

    /// <summary>One direction: a ring of bytes with a waiting reader and a waiting writer.</summary>
    private sealed class Pipe(int capacity)
    {
        private readonly byte[] _ring = new byte[capacity];
        private int _head;
        private int _count;
        private bool _writingEnded;
        private bool _reset;
        private bool _readingEnded;

        public StreamReadiness Readable { get; } = new("an in-memory stream's read side");

        public StreamReadiness Writable { get; } = new("an in-memory stream's write side");

        /// <summary>Copies out what is buffered: the count, 0 at the end, -1 when empty and still open.</summary>
        public int Take(Span<byte> buffer)
        {
            if (_count == 0 || _reset)
            {
                return _writingEnded || _reset ? 0 : (buffer.IsEmpty ? 0 : -1);
            }

            var n = Math.Min(buffer.Length, _count);
            var first = Math.Min(n, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(buffer);
            _ring.AsSpan(0, n - first).CopyTo(buffer[first..]);
            _head = (_head + n) % _ring.Length;
            _count -= n;
            Writable.Signal();
            return n;
        }

        /// <summary>Copies in what fits: the count, -1 when full.</summary>
        public int Put(ReadOnlySpan<byte> data)
        {
            if (_writingEnded || _readingEnded)
            {
                throw new IOException(_readingEnded ? "send failed: the peer closed the stream" : "send failed: writing was shut down");
            }

            var n = Math.Min(data.Length, _ring.Length - _count);
            if (n == 0)
            {
                return data.IsEmpty ? 0 : -1;
            }

            var tail = (_head + _count) % _ring.Length;
            var first = Math.Min(n, _ring.Length - tail);
            data[..first].CopyTo(_ring.AsSpan(tail));
            data[first..n].CopyTo(_ring);
            _count += n;
            Readable.Signal();
            return n;
        }

        public void EndWriting(bool reset)
        {
            _writingEnded = true;
            _reset |= reset;
            Readable.Close();
            Writable.Close();
        }

        public void EndReading()
        {
            _readingEnded = true;
            _count = 0;
            Writable.Close();
        }
    }
}
