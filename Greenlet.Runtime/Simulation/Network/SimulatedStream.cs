using System.Net;

namespace Greenlets;

/// <summary>
/// One end of a TCP-like connection on a <see cref="SimulatedNetwork"/>: bytes go out as segments that arrive after
/// the link's latency, in order, on the hub's clock. A window (<see cref="SimulatedNetwork.Window"/>) bounds what one
/// side has sent and the other not yet read, so a writer waits for a slow reader as it does on a socket.
/// </summary>
internal sealed class SimulatedStream : GreenStream
{
    private readonly SimulatedNetwork _network;
    private readonly Queue<byte[]> _received = new();
    private int _headOffset; // bytes of _received.Peek() already read
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
            _network.Transmit(this, new Segment(this, SegmentKind.Fin, null));
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
            var want = Math.Min(buffer.Length, _unread);
            if (want > 1 && _network.Draw(_network.Faults.ShortReads))
            {
                want = 1 + _network.Random.Next(want - 1);
            }

            var copied = 0;
            while (copied < want)
            {
                var head = _received.Peek();
                var n = Math.Min(want - copied, head.Length - _headOffset);
                head.AsSpan(_headOffset, n).CopyTo(buffer[copied..]);
                copied += n;
                _headOffset += n;
                if (_headOffset == head.Length)
                {
                    _received.Dequeue();
                    _headOffset = 0;
                }
            }

            _unread -= copied;
            Peer.Writable.Signal();
            return copied;
        }

        return _finReceived || _reset || buffer.IsEmpty ? 0 : -1;
    }

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout)
    {
        if (_network.Draw(_network.Faults.SpuriousWakeups))
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

        var n = Math.Min(data.Length, room);
        if (n > 1 && _network.Draw(_network.Faults.ShortWrites))
        {
            n = 1 + _network.Random.Next(n - 1);
        }

        _inFlight += n;
        _network.Transmit(this, new Segment(this, SegmentKind.Data, data[..n].ToArray()));
        return n;
    }

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => Writable.WaitAwaitable(timeout);

    internal override void Abort()
    {
        if (!_reset && !_closed)
        {
            ResetHere();
            _network.Transmit(this, new Segment(this, SegmentKind.Reset, null));
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
            Peer._inFlight -= segment.Data!.Length;
        }

        if (_reset)
        {
            return;
        }

        switch (segment.Kind)
        {
            case SegmentKind.Data when _closed:
                _network.Transmit(this, new Segment(this, SegmentKind.Reset, null)); // data to a closed socket: RST
                _reset = true;
                break;
            case SegmentKind.Data:
                _received.Enqueue(segment.Data!);
                _unread += segment.Data!.Length;
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
                    _network.Transmit(this, new Segment(this, kind, null));
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
            _received.Clear();
            _headOffset = 0;
            _unread = 0;
            Peer.Writable.Signal();
        }
    }

    internal enum SegmentKind
    {
        Data,
        Fin,
        Reset,
    }

    /// <summary>Bytes, the end of the stream, or a reset, on their way to the peer.</summary>
    internal sealed class Segment(SimulatedStream from, SegmentKind kind, byte[]? data) : SimulatedNetwork.Delivery(from.Host, from.Peer.Host)
    {
        public SegmentKind Kind => kind;

        public byte[]? Data => data;

        public override int Size => data?.Length ?? 0;

        public override void Arrive(SimulatedNetwork network)
        {
            if (kind == SegmentKind.Data && network.Draw(network.Faults.Resets))
            {
                network.RecordFaultReset(from);
                from.Reset();
                return;
            }

            from.Peer.Arrive(this);
        }
    }
}
