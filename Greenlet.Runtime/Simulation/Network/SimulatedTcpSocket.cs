using System.Net;
using System.Net.Sockets;

namespace Greenlets;

/// <summary>
/// A TCP <see cref="GreenSocket"/> on a <see cref="SimulatedNetwork"/>: the same states as a kernel socket (bound,
/// listening, connecting, connected) over the network's listeners and streams, with the kernel's non-blocking
/// contract (a call that would block returns false, and the socket's own wait parks on the network), so
/// <see cref="GreenSocket"/>'s code for waiting, timeouts and errors is the one the kernel path runs. Errors carry the
/// errno the kernel would give (ECONNREFUSED, ECONNRESET, EPIPE, ENOTCONN, EISCONN, EALREADY, EINVAL).
/// </summary>
internal sealed class SimulatedTcpSocket : ISimulatedSocket
{
    private readonly SimulatedNetwork _network;
    private Dictionary<(int Level, int Name), int>? _options;
    private IPEndPoint? _bound;
    private SimulatedListener? _listener;
    private SimulatedNetwork.ConnectAttempt? _attempt;
    private SimulatedStream? _stream;
    private bool _readShut;
    private bool _writeShut;

    public SimulatedTcpSocket(SimulatedNetwork network) => _network = network;

    /// <summary>The socket of a connection a listener accepted.</summary>
    public SimulatedTcpSocket(SimulatedNetwork network, SimulatedStream accepted)
    {
        _network = network;
        _stream = accepted;
    }

    public SimulatedNetwork Network => _network;

    public SimulatedHost? Host => _stream?.Host ?? _listener?.Host;

    public IPEndPoint LocalEndPoint => _stream?.LocalEndPoint ?? _listener?.LocalEndPoint ?? _bound ?? new IPEndPoint(IPAddress.Any, 0);

    public IPEndPoint RemoteEndPoint => _stream?.RemoteEndPoint ?? throw SocketErrors.FromErrno(SocketNative.ENOTCONN, "getpeername");

    public void Bind(IPEndPoint address)
    {
        if (_bound is not null || _listener is not null || _stream is not null || _attempt is not null)
        {
            throw SocketErrors.FromErrno(SocketNative.EINVAL, $"bind to {address}"); // bound already, as the kernel says
        }

        _bound = address;
    }

    public void Listen(int backlog)
    {
        if (_stream is not null || _attempt is not null)
        {
            throw SocketErrors.FromErrno(SocketNative.EINVAL, "listen");
        }

        // Listening again only changes the backlog on Linux; the simulated backlog stays as first given.
        _listener ??= _network.Listen(_bound ?? new IPEndPoint(IPAddress.Any, 0), backlog);
    }

    public bool TryAccept(out (SimulatedStream Stream, IPEndPoint Peer) accepted) =>
        _listener is { } listener ? listener.TryAccept(out accepted) : throw SocketErrors.FromErrno(SocketNative.EINVAL, "accept");

    /// <summary>Sends the SYN; the connect finishes when <see cref="ConnectFinished"/> says so after a write wake.</summary>
    public void StartConnect(IPEndPoint remote)
    {
        if (_stream is not null)
        {
            throw SocketErrors.FromErrno(SocketNative.EISCONN, $"connect to {remote}");
        }

        if (_attempt is not null)
        {
            throw SocketErrors.FromErrno(SocketNative.EALREADY, $"connect to {remote}");
        }

        if (_listener is not null)
        {
            throw SocketErrors.FromErrno(SocketNative.EINVAL, $"connect to {remote}");
        }

        _attempt = _network.BeginConnect(remote);
    }

    /// <summary>True once connected; raises a refusal; false while the answer is on its way.</summary>
    public bool ConnectFinished()
    {
        var attempt = _attempt ?? throw SocketErrors.FromErrno(SocketNative.ENOTCONN, "connect");
        switch (attempt.Outcome)
        {
            case SimulatedNetwork.ConnectOutcome.Connected:
                _stream = attempt.Client;
                _attempt = null;
                return true;
            case SimulatedNetwork.ConnectOutcome.Refused:
                _attempt = null;
                throw SocketErrors.FromErrno(SocketNative.ECONNREFUSED, "connect");
            default:
                return false;
        }
    }

    /// <summary>The bytes that have arrived: false when none have yet; 0 at the end of the stream; a reset raises ECONNRESET.</summary>
    public bool TryRecv(Span<byte> buffer, out int count)
    {
        var stream = Connected("recv");
        count = 0;
        if (_readShut)
        {
            return true;
        }

        var received = stream.ReceiveAvailable(buffer);
        if (received < 0)
        {
            return false;
        }

        if (received == 0 && stream.IsReset && !buffer.IsEmpty)
        {
            throw SocketErrors.FromErrno(SocketNative.ECONNRESET, "recv");
        }

        count = received;
        return true;
    }

    /// <summary>Sends what the window takes now: false when it is full; a reset raises ECONNRESET, a shut write EPIPE.</summary>
    public bool TrySend(ReadOnlySpan<byte> data, out int sent)
    {
        var stream = Connected("send");
        sent = 0;
        if (stream.IsReset)
        {
            throw SocketErrors.FromErrno(SocketNative.ECONNRESET, "send");
        }

        if (_writeShut)
        {
            throw SocketErrors.FromErrno(SocketNative.EPIPE, "send");
        }

        var n = stream.SendAvailable(data);
        if (n < 0)
        {
            return false;
        }

        sent = n;
        return true;
    }

    public GreenAwaitable<bool> WaitAwaitable(IoEvents direction, double? timeout)
    {
        if (_listener is { } listener)
        {
            return listener.WaitAwaitable(timeout);
        }

        if (_attempt is { } attempt)
        {
            return attempt.Answered.WaitAwaitable(timeout);
        }

        var stream = Connected(direction == IoEvents.Read ? "recv" : "send");
        return direction == IoEvents.Read ? stream.WaitReadableAsync(timeout) : stream.WaitWritableAsync(timeout);
    }

    public void Shutdown(SocketShutdown how)
    {
        var stream = Connected("shutdown");
        if (how is SocketShutdown.Send or SocketShutdown.Both && !_writeShut)
        {
            _writeShut = true;
            if (!stream.IsReset)
            {
                stream.ShutdownWrite();
            }
        }

        if (how is SocketShutdown.Receive or SocketShutdown.Both)
        {
            _readShut = true;
            stream.Readable.Signal(); // a reader waiting now sees the end of the stream, as after shutdown(SHUT_RD)
        }
    }

    public void SetOption(int level, int name, int value) => (_options ??= [])[(level, name)] = value;

    public int GetOption(int level, int name) => _options?.GetValueOrDefault((level, name)) ?? 0;

    public void Close()
    {
        _listener?.Close();
        if (_attempt is { Outcome: SimulatedNetwork.ConnectOutcome.Pending } attempt)
        {
            attempt.Outcome = SimulatedNetwork.ConnectOutcome.Abandoned; // a late answer resets the server's end
            attempt.Answered.Close();
        }
        else if (_attempt is { Outcome: SimulatedNetwork.ConnectOutcome.Connected, Client: { } unclaimed })
        {
            unclaimed.Dispose(); // connected while nobody looked: the server's end sees the connection end
        }

        _stream?.Dispose(); // wakes a waiting reader or writer, whose retry then finds the socket closed
    }

    public override string ToString() => $"SimulatedTcpSocket({Host?.Name ?? "unbound"}, {LocalEndPoint})";

    private SimulatedStream Connected(string operation) =>
        _stream ?? throw SocketErrors.FromErrno(SocketNative.ENOTCONN, operation);
}
