using System.Net;
using System.Net.Sockets;

namespace Greenlets;

/// <summary>
/// What a <see cref="GreenSocket"/> of type <see cref="SocketType.Dgram"/> made while a <see cref="SimulatedNetwork"/>
/// is installed has in place of a descriptor: a port on a simulated host, and the datagrams that arrived for it,
/// up to <see cref="SimulatedNetwork.DatagramBuffer"/> bytes (past that, arrivals are dropped, as the kernel drops them).
/// </summary>
internal sealed class SimulatedDatagramSocket : ISimulatedSocket
{
    private readonly Queue<(byte[] Data, IPEndPoint From)> _received = new();
    private Dictionary<(int Level, int Name), int>? _options;
    private int _bufferedBytes;

    public SimulatedDatagramSocket(SimulatedNetwork network)
    {
        Network = network;
        Readable = new StreamReadiness("a simulated datagram socket");
    }

    public SimulatedNetwork Network { get; }

    /// <summary>The host the socket is bound on; null until it is bound (explicitly, or by its first send).</summary>
    public SimulatedHost? Host { get; private set; }

    /// <summary>The address it is bound to as the program gave it (0.0.0.0 stays 0.0.0.0, as getsockname says), with its port.</summary>
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.Any, 0);

    public StreamReadiness Readable { get; }

    public bool IsClosed { get; private set; }

    /// <summary>Binds to <paramref name="address"/>: a host's address binds on that host; the loopback or any address on the current one.</summary>
    public void Bind(IPEndPoint address)
    {
        if (Host is not null)
        {
            throw new SocketException((int)SocketError.InvalidArgument, "the socket is bound already");
        }

        var current = Network.CurrentHost();
        var host = address.Address.Equals(IPAddress.Any) || address.Address.Equals(IPAddress.IPv6Any)
            ? current
            : Network.HostAt(address.Address, current)
                ?? throw new SocketException((int)SocketError.AddressNotAvailable, $"{address.Address} is not an address of a simulated host");
        var port = host.BindDatagram(address.Port, this);
        Host = host;
        LocalEndPoint = new IPEndPoint(address.Address, port);
        Network.RecordDatagramEvent($"udp bind {host.Name} {LocalEndPoint}");
    }

    /// <summary>Sends one datagram; a socket not bound yet is bound to an ephemeral port of the current host first.</summary>
    public int SendTo(ReadOnlySpan<byte> data, IPEndPoint address)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (data.Length > 65_507)
        {
            throw new SocketException((int)SocketError.MessageSize, $"a datagram of {data.Length} bytes is larger than UDP carries");
        }

        if (Host is null)
        {
            Bind(new IPEndPoint(IPAddress.Any, 0));
        }

        Network.SendDatagram(this, data.ToArray(), address);
        return data.Length;
    }

    /// <summary>Takes the oldest datagram that arrived, cut to <paramref name="buffer"/>'s length; false when none waits.</summary>
    public bool TryReceive(Span<byte> buffer, out (int Count, IPEndPoint Address) received)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (!_received.TryDequeue(out var datagram))
        {
            received = default;
            return false;
        }

        _bufferedBytes -= datagram.Data.Length;
        var count = Math.Min(buffer.Length, datagram.Data.Length);
        datagram.Data.AsSpan(0, count).CopyTo(buffer);
        received = (count, datagram.From);
        return true;
    }

    /// <summary>Parks until a datagram arrives (or a spurious wake-up, a fault); a send never waits in simulation.</summary>
    public GreenAwaitable<bool> WaitAwaitable(IoEvents direction, double? timeout)
    {
        if (direction == IoEvents.Write)
        {
            return new GreenAwaitable<bool>(true);
        }

        if (Network.DrawFault(SimulatedFault.SpuriousWakeup, Network.Faults.SpuriousWakeups))
        {
            Network.WakeSpuriously(Readable);
        }

        return Readable.WaitAwaitable(timeout);
    }

    /// <summary>A datagram for this socket has arrived: queued, unless the receive buffer is full.</summary>
    public bool Arrive(byte[] data, IPEndPoint from)
    {
        if (IsClosed || _bufferedBytes + data.Length > Network.DatagramBuffer)
        {
            return false;
        }

        _received.Enqueue((data, from));
        _bufferedBytes += data.Length;
        Readable.Signal();
        return true;
    }

    public void SetOption(int level, int name, int value) => (_options ??= [])[(level, name)] = value;

    public int GetOption(int level, int name) => _options?.GetValueOrDefault((level, name)) ?? 0;

    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        Host?.UnbindDatagram(LocalEndPoint.Port, this);
        _received.Clear();
        _bufferedBytes = 0;
        Readable.Close();
    }

    public override string ToString() => $"SimulatedDatagramSocket({Host?.Name ?? "unbound"}, {LocalEndPoint})";
}
