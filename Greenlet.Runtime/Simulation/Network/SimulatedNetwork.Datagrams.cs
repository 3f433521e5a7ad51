using System.Net;

namespace Greenlets;

public sealed partial class SimulatedNetwork
{
    private readonly Dictionary<(SimulatedHost, SimulatedHost), long> _lastDatagramArrival = [];

    /// <summary>
    /// How many bytes of datagrams a UDP socket holds that the program has not received: 208 KiB by default, Linux's
    /// default receive buffer. A datagram that arrives at a full socket is dropped.
    /// </summary>
    public int DatagramBuffer { get; set; } = 212_992;

    /// <summary>
    /// How many datagrams were dropped so far: lost on a link (<see cref="LinkProfile.Loss"/>), cut by a partition, sent
    /// to an address or port where no socket is bound, or arriving at a full socket.
    /// </summary>
    public long DatagramsDropped { get; private set; }

    internal SimulatedDatagramSocket OpenDatagramSocket() => new(this);

    /// <summary>
    /// Sends a datagram from <paramref name="from"/> (bound) to <paramref name="to"/>: the link's profile decides
    /// whether it is lost, duplicated or held back; otherwise it arrives after the link's delay, never before a datagram
    /// sent earlier on the same link.
    /// </summary>
    internal void SendDatagram(SimulatedDatagramSocket from, byte[] data, IPEndPoint to)
    {
        var source = from.Host!;
        var sender = new IPEndPoint(IPAddress.IsLoopback(to.Address) ? to.Address : source.Address, from.LocalEndPoint.Port);
        var destination = HostAt(to.Address, source);
        if (destination is null)
        {
            Dropped($"udp {source.Name} {sender} -> {to}: no such host, dropped");
            return;
        }

        var profile = _links.TryGetValue((source, destination), out var link) ? link.Profile : DefaultLink;
        if (DrawFault(SimulatedFault.DatagramLoss, profile.Loss) && InjectFault(SimulatedFault.DatagramLoss))
        {
            Dropped($"udp {source.Name} {sender} -> {destination.Name} {to} ({data.Length} bytes) lost");
            return;
        }

        var copies = DrawFault(SimulatedFault.DatagramDuplicate, profile.Duplication) && InjectFault(SimulatedFault.DatagramDuplicate) ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            var arrival = ArrivalTime(source, destination, data.Length, _links.GetValueOrDefault((source, destination)));
            var reordered = DrawFault(SimulatedFault.DatagramReorder, profile.Reordering);
            var delay = reordered ? profile.ReorderingDelay.Seconds * (0.5 + (FaultRandom(SimulatedFault.DatagramReorder).NextDouble() / 2)) : 0;
            if (reordered && InjectFault(SimulatedFault.DatagramReorder))
            {
                arrival += (long)(delay * TimeSpan.TicksPerSecond); // held back: the ones sent after it may overtake it
            }
            else
            {
                arrival = Math.Max(arrival, _lastDatagramArrival.GetValueOrDefault((source, destination)));
                _lastDatagramArrival[(source, destination)] = arrival;
            }

            Schedule(new Datagram(source, destination, data, sender, to.Port), arrival);
        }
    }

    internal void RecordDatagramEvent(string what) => Record(what);

    private void Dropped(string what)
    {
        DatagramsDropped++;
        Record(what);
    }

    /// <summary>A UDP datagram on its way: dropped, not held, where a partition cuts its link.</summary>
    private sealed class Datagram(SimulatedHost from, SimulatedHost to, byte[] data, IPEndPoint sender, int port) : Delivery(from, to)
    {
        public override int Size => data.Length;

        public override void Arrive(SimulatedNetwork network)
        {
            if (To.DatagramSocketAt(port) is not { } socket)
            {
                network.Dropped($"udp {From.Name} {sender} -> {To.Name}:{port}: nothing bound, dropped");
            }
            else if (!socket.Arrive(data, sender))
            {
                network.Dropped($"udp {From.Name} {sender} -> {To.Name}:{port}: receive buffer full, dropped");
            }
        }

        public override string ToString() => $"udp {From.Name} {sender} -> {To.Name}:{port} ({data.Length} bytes)";
    }
}
