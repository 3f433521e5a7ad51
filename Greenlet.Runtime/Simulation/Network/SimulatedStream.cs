using System.Net;
using System.Numerics;

namespace Greenlets;

/// <summary>
/// One end of a TCP-like connection on a <see cref="SimulatedNetwork"/>: bytes go out as segments that arrive after
/// the link's latency, in order, on the hub's clock. A window (<see cref="SimulatedNetwork.Window"/>) bounds what one
/// side has sent and the other not yet read, so a writer waits for a slow reader as it does on a socket.
/// </summary>
internal sealed class SimulatedStream : GreenStream
{
    private readonly SimulatedNetwork _network;
    private byte[] _received = []; // a ring of the bytes arrived and not yet read; its length a power of two
    private int _headOffset; // where the oldest unread byte is in the ring
    private int _unread;
    private int _inFlight; // bytes this end sent that have not reached the peer
    private double? _timeout;
    private bool _finReceived;
    private bool _reset;
    private bool _closed;
    private bool _writeShut;

    public SimulatedStream(SimulatedNetwork network, SimulatedHost host, IPEndPoint local, IPEndPoint remote)
    {
        _network = network;
        Host = host;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        Readable = new StreamReadiness($"a simulated stream's read side ({local})");
        Writable = new StreamReadiness($"a simulated stream's write side ({local})");
    }

    public SimulatedHost Host { get; }

    public SimulatedStream Peer { get; set; } = null!;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public StreamReadiness Readable { get; }

    public StreamReadiness Writable { get; }

    /// <summary>The arrival time of the last segment sent from this end, in ticks: later ones never overtake it.</summary>
    public long LastArrival { get; set; }

    /// <summary>The link this end sends on, as the network last looked it up (null: the default link).</summary>
    public SimulatedNetwork.LinkState? Link { get; set; }

    /// <summary>The network's count of links added when <see cref="Link"/> was looked up; -1 before the first send.</summary>
    public int LinkVersion { get; set; } = -1;

    public override GreenDuration? Timeout
    {
        get => _timeout;
        set => _timeout = CheckedTimeout(value);
    }

    public override bool IsClosed => _closed;

    public bool IsReset => _reset;

    public override void ShutdownWrite()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (!_writeShut && !_reset)
        {
            _writeShut = true;
            _network.Transmit(this, _network.RentSegment(this, SegmentKind.Fin, default));
        }
    }

    public override string ToString() => $"GreenStream(simulated {Host.Name} {LocalEndPoint} -> {RemoteEndPoint}{(_closed ? ", closed" : _reset ? ", reset" : string.Empty)})";

    internal override int ReceiveAvailable(Span<byte> buffer)
    {
        if (_closed)
        {
            return 0;
        }

        if (_unread > 0 && !buffer.IsEmpty)
        {
            var want = _network.Shortened(SimulatedFault.ShortRead, _network.Faults.ShortReads, Math.Min(buffer.Length, _unread));

            // At most two pieces: up to the ring's end, then from its start.
            var first = Math.Min(want, _received.Length - _headOffset);
            _received.AsSpan(_headOffset, first).CopyTo(buffer);
            if (first < want)
            {
                _received.AsSpan(0, want - first).CopyTo(buffer[first..]); // an empty copy still costs a Memmove call
            }
            _headOffset = (_headOffset + want) & (_received.Length - 1);
            var copied = want;
            _unread -= copied;
            Peer.Writable.Signal();
            return copied;
        }

        return _finReceived || _reset || buffer.IsEmpty ? 0 : -1;
    }

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout)
    {
        if (_network.DrawFault(SimulatedFault.SpuriousWakeup, _network.Faults.SpuriousWakeups))
        {
            _network.WakeSpuriously(Readable);
        }

        return Readable.WaitAwaitable(timeout);
    }

    internal override int SendAvailable(ReadOnlySpan<byte> data)
    {
        if (_closed || _reset || _writeShut)
        {
            throw new IOException(_closed ? "send failed: the stream is closed" : _reset ? "send failed: the connection was reset" : "send failed: writing was shut down");
        }

        var room = _network.Window - _inFlight - Peer._unread;
        if (data.IsEmpty)
        {
            return 0;
        }

        if (room <= 0)
        {
            return -1;
        }

        var n = _network.Shortened(SimulatedFault.ShortWrite, _network.Faults.ShortWrites, Math.Min(data.Length, room));

        _inFlight += n;
        _network.Transmit(this, _network.RentSegment(this, SegmentKind.Data, data[..n]));
        return n;
    }

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => Writable.WaitAwaitable(timeout);

    internal override void Abort()
    {
        if (!_reset && !_closed)
        {
            ResetHere();
            _network.Transmit(this, _network.RentSegment(this, SegmentKind.Reset, default));
        }
    }

    /// <summary>Resets both ends at once, as a fault of the network does.</summary>
    public void Reset()
    {
        ResetHere();
        Peer.ResetHere();
    }

    /// <summary>A segment from the peer has arrived.</summary>
    public void Arrive(Segment segment)
    {
        if (segment.Kind == SegmentKind.Data)
        {
            Peer._inFlight -= segment.Size;
        }

        if (_reset)
        {
            return;
        }

        switch (segment.Kind)
        {
            case SegmentKind.Data when _closed:
                _network.Transmit(this, _network.RentSegment(this, SegmentKind.Reset, default)); // data to a closed socket: RST
                _reset = true;
                break;
            case SegmentKind.Data when _unread == 0 && WaitingReceive is { IsParked: true } read:
                HandOver(read, segment.Data);
                break;
            case SegmentKind.Data:
                Append(segment.Data);
                Readable.Signal();
                break;
            case SegmentKind.Fin:
                _finReceived = true;
                Readable.Close();
                break;
            case SegmentKind.Reset:
                ResetHere();
                break;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            if (!_reset)
            {
                // Closing with unread bytes sends a reset, as Linux does; otherwise the end of the stream follows the data.
                var kind = _unread > 0 ? SegmentKind.Reset : SegmentKind.Fin;
                if (kind == SegmentKind.Reset || !_writeShut)
                {
                    _network.Transmit(this, _network.RentSegment(this, kind, default));
                }

                _reset |= kind == SegmentKind.Reset;
            }

            _closed = true;
            Discard();
            Readable.Close();
            Writable.Close();
        }

        base.Dispose(disposing);
    }

    private void ResetHere()
    {
        _reset = true;
        Discard();
        Readable.Close();
        Writable.Close();
    }

    private void Discard()
    {
        if (_unread > 0)
        {
            _received = [];
            _headOffset = 0;
            _unread = 0;
            Peer.Writable.Signal();
        }
    }

    /// <summary>
    /// Copies arrived bytes straight into the buffer of the read parked here (the ring is empty, so none came before
    /// them), as much as a read would take, and wakes it: one copy instead of two, and no second look at the ring.
    /// </summary>
    private void HandOver(StreamReceiveFrame read, ReadOnlySpan<byte> data)
    {
        var taken = _network.Shortened(SimulatedFault.ShortRead, _network.Faults.ShortReads, Math.Min(read.Room, data.Length));
        read.Deliver(data[..taken]);
        if (taken < data.Length)
        {
            Append(data[taken..]);
        }

        Peer.Writable.Signal(); // the window has room again: the reader has these bytes
        Readable.Signal();
        read.Owner.WakeCarriesValue = true; // a kill arriving before it runs waits for its next suspension: the bytes are not lost
    }

    /// <summary>Copies arrived bytes into the ring behind the unread ones, growing it (to a power of two) when they do not fit.</summary>
    private void Append(ReadOnlySpan<byte> data)
    {
        if (_unread + data.Length > _received.Length)
        {
            var bigger = new byte[Math.Max(256, (int)BitOperations.RoundUpToPowerOf2((uint)(_unread + data.Length)))];
            var first = Math.Min(_unread, _received.Length - _headOffset);
            _received.AsSpan(_headOffset, first).CopyTo(bigger);
            _received.AsSpan(0, _unread - first).CopyTo(bigger.AsSpan(first));
            _received = bigger;
            _headOffset = 0;
        }

        var tail = (_headOffset + _unread) & (_received.Length - 1);
        var piece = Math.Min(data.Length, _received.Length - tail);
        data[..piece].CopyTo(_received.AsSpan(tail));
        if (piece < data.Length)
        {
            data[piece..].CopyTo(_received);
        }
        _unread += data.Length;
    }

    internal enum SegmentKind
    {
        Data,
        Fin,
        Reset,
    }

    /// <summary>
    /// Bytes, the end of the stream, or a reset, on their way to the peer. Segments are pooled by their network
    /// (<see cref="SimulatedNetwork.RentSegment"/>): once arrived, a segment and its buffer carry the next one.
    /// </summary>
    internal sealed class Segment() : SimulatedNetwork.Delivery(null!, null!)
    {
        private const int LargestPooledBuffer = 4096;

        private SimulatedStream? _from;
        private byte[] _buffer = [];
        private int _size;

        public SegmentKind Kind { get; private set; }

        /// <summary>The next free segment while this one is in its network's pool.</summary>
        public Segment? NextFree { get; set; }

        public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, _size);

        public override int Size => _size;

        public void Fill(SimulatedStream from, SegmentKind kind, ReadOnlySpan<byte> data)
        {
            _from = from;
            From = from.Host;
            To = from.Peer.Host;
            Kind = kind;
            if (_buffer.Length < data.Length)
            {
                _buffer = new byte[Math.Max(data.Length, 64)];
            }

            data.CopyTo(_buffer);
            _size = data.Length;
        }

        /// <summary>Forgets the connection (the pool does not keep it alive), and a buffer too large to keep.</summary>
        public void Clear()
        {
            _from = null;
            From = null!;
            To = null!;
            _size = 0;
            if (_buffer.Length > LargestPooledBuffer)
            {
                _buffer = [];
            }
        }

        public override void Arrive(SimulatedNetwork network)
        {
            var from = _from!;
            if (Kind == SegmentKind.Data && network.DrawFault(SimulatedFault.Reset, network.Faults.Resets) && network.InjectFault(SimulatedFault.Reset))
            {
                network.RecordFaultReset(from);
                from.Reset();
            }
            else
            {
                from.Peer.Arrive(this);
            }

            network.ReturnSegment(this);
        }
    }
}
