using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// An in-process network on the hub's clock: named hosts with their own addresses, TCP-like connections whose bytes
/// arrive after each link's latency and bandwidth, listeners, refused and timed-out connects, connection resets,
/// partitions that heal, and DNS answers for the host names. Every random choice (jitter, faults) comes from the
/// generator given to the constructor, so one seed gives one run. <see cref="Install"/> puts it behind the hub's
/// servers, HTTP client and <see cref="GreenDns"/>, so the same program runs on it unchanged.
/// </summary>
/// <remarks>gevent: none (turmoil's <c>Sim</c>, madsim's <c>NetSim</c>, FoundationDB's <c>Sim2</c> network).</remarks>
[DebuggerDisplay("SimulatedNetwork ({_hosts.Count} hosts, {InFlight} in flight)")]
public sealed partial class SimulatedNetwork : ITimerTarget
{
    private readonly Dictionary<string, SimulatedHost> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<IPAddress, SimulatedHost> _byAddress = [];
    private readonly Dictionary<(SimulatedHost, SimulatedHost), LinkState> _links = [];
    private readonly HashSet<(SimulatedHost, SimulatedHost)> _partitions = [];
    private readonly List<Delivery> _held = [];
    private readonly PriorityQueue<Delivery, (long Time, long Sequence)> _queue = new(); // the deliveries after _first
    private readonly ConditionalWeakTable<Greenlet, SimulatedHost> _placement = new();
    private readonly List<SimulatedStream> _connections = [];
    private SimulatedStream.Segment? _freeSegments; // a list through the segments themselves (Segment.NextFree)
    private int _freeSegmentCount;
    private long _sequence;
    private Delivery? _first; // the earliest delivery, outside the queue: one in flight (a request awaiting its answer) costs no heap operations
    private (long Time, long Sequence) _firstKey;
    private int _linksAdded; // a stream's cached link is good while this has not moved
    private int _timerToken;
    private long _timerAt = long.MaxValue;
    private Hub? _hub;

    /// <summary>
    /// Creates a network that draws its random choices from the simulation installed on the calling thread's hub
    /// (<see cref="Simulation.Install(int, bool)"/> or <c>GREENLET_SIM_SEED</c>), so that one seed replays both the
    /// schedule and the network.
    /// </summary>
    /// <exception cref="InvalidOperationException">No simulation is installed on this thread's hub.</exception>
    public SimulatedNetwork()
        : this(Hub.Current.SimulationRandom ?? throw new InvalidOperationException(
            "No simulation is installed on this hub: call Simulation.Install(seed) first, or give the network a seed."))
    {
        _simulation = Hub.Current.Simulation;
    }

    /// <summary>Creates a network whose random choices follow <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the network's generator.</param>
    public SimulatedNetwork(int seed)
        : this(new Random(seed))
    {
    }

    /// <summary>Creates a network whose random choices come from <paramref name="random"/>.</summary>
    /// <param name="random">The generator; the network draws from it on the hub's thread only.</param>
    public SimulatedNetwork(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Random = random;
        DefaultHost = AddHost("main");
    }

    /// <summary>The host of greenlets placed on no other host, the test's main greenlet among them; named <c>main</c>.</summary>
    public SimulatedHost DefaultHost { get; }

    /// <summary>The hosts, in the order they were added.</summary>
    public IReadOnlyCollection<SimulatedHost> Hosts => _hosts.Values;

    /// <summary>The link between hosts that <see cref="SetLink"/> did not set.</summary>
    public LinkProfile DefaultLink { get; set; } = LinkProfile.Default;

    /// <summary>The faults the network injects; none by default.</summary>
    public NetworkFaults Faults { get; } = new();

    /// <summary>How many bytes one side of a connection may have sent that the other has not read: 64 KiB by default.</summary>
    public int Window { get; set; } = 65536;

    /// <summary>Where each event of the network is written, one line each (for a failing seed's trace); null for none.</summary>
    public TextWriter? Trace { get; set; }

    /// <summary>How many segments and connection events have arrived so far.</summary>
    public long Deliveries { get; private set; }

    internal Random Random { get; }

    /// <summary>The simulation whose generator the network draws from; null for a network with a seed of its own.</summary>
    private readonly Simulation? _simulation;

    /// <summary>The network installed on the current hub, or null.</summary>
    internal static SimulatedNetwork? Installed => Hub.Current.Network;

    /// <summary>
    /// Puts this network behind the current hub's <see cref="StreamServer"/>, <see cref="HttpServer"/>,
    /// <see cref="GreenHttpClient"/> and <see cref="GreenDns"/> until the returned scope is disposed.
    /// </summary>
    /// <returns>The scope; disposing it puts the kernel back.</returns>
    /// <exception cref="InvalidOperationException">A network is installed already, or this one is on another hub.</exception>
    public IDisposable Install()
    {
        var hub = Hub.Current;
        if (hub.Network is not null)
        {
            throw new InvalidOperationException("A simulated network is already installed on this hub.");
        }

        if (_hub is not null && _hub != hub)
        {
            throw new InvalidOperationException("This simulated network was installed on another hub; create one per hub.");
        }

        _hub = hub;
        hub.Network = this;
        return new Installation(hub, this);
    }

    /// <summary>Adds a host named <paramref name="name"/> with the next free address (10.0.0.1, 10.0.0.2, ...).</summary>
    /// <param name="name">The name, which the simulation's DNS answers for.</param>
    /// <returns>The host.</returns>
    public SimulatedHost AddHost(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_hosts.ContainsKey(name))
        {
            throw new ArgumentException($"A host named '{name}' exists already.", nameof(name));
        }

        var address = new IPAddress(new byte[] { 10, 0, (byte)((_hosts.Count + 1) / 256), (byte)((_hosts.Count + 1) % 256) });
        var host = new SimulatedHost(this, name, address);
        _hosts.Add(name, host);
        _byAddress.Add(address, host);
        return host;
    }

    /// <summary>The host named <paramref name="name"/>.</summary>
    /// <param name="name">The host's name.</param>
    /// <exception cref="KeyNotFoundException">No host has that name.</exception>
    public SimulatedHost this[string name] => _hosts.TryGetValue(name, out var host) ? host : throw new KeyNotFoundException($"No simulated host is named '{name}'.");

    /// <summary>Sets the link between <paramref name="a"/> and <paramref name="b"/>, both ways.</summary>
    /// <param name="a">One host.</param>
    /// <param name="b">The other.</param>
    /// <param name="profile">Latency, jitter and bandwidth.</param>
    public void SetLink(SimulatedHost a, SimulatedHost b, LinkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Link(a, b).Profile = profile;
        Link(b, a).Profile = profile;
    }

    /// <summary>
    /// Cuts <paramref name="a"/> off from <paramref name="b"/>: nothing arrives either way until <see cref="Heal()"/>.
    /// Bytes sent meanwhile wait, as TCP retransmits them, and arrive when the link heals; a connect waits too, and
    /// times out if its timeout comes first.
    /// </summary>
    /// <param name="a">One host.</param>
    /// <param name="b">The other.</param>
    public void Partition(SimulatedHost a, SimulatedHost b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a != b)
        {
            _partitions.Add(Pair(a, b));
            Record($"partition {a.Name} | {b.Name}");
        }
    }

    /// <summary>Cuts <paramref name="host"/> off from every other host.</summary>
    /// <param name="host">The host.</param>
    public void Isolate(SimulatedHost host)
    {
        foreach (var other in _hosts.Values)
        {
            Partition(host, other);
        }
    }

    /// <summary>Ends every partition: what waited arrives now, in the order it was sent.</summary>
    public void Heal()
    {
        _partitions.Clear();
        Record("heal");
        Release();
    }

    /// <summary>Ends the partition between <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">One host.</param>
    /// <param name="b">The other.</param>
    public void Heal(SimulatedHost a, SimulatedHost b)
    {
        _partitions.Remove(Pair(a, b));
        Record($"heal {a.Name} | {b.Name}");
        Release();
    }

    /// <summary>True while <paramref name="a"/> and <paramref name="b"/> cannot reach each other.</summary>
    /// <param name="a">One host.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they are partitioned.</returns>
    public bool IsPartitioned(SimulatedHost a, SimulatedHost b) => a != b && _partitions.Count > 0 && _partitions.Contains(Pair(a, b));

    /// <summary>Resets every open connection between <paramref name="a"/> and <paramref name="b"/>: both ends see the reset at once.</summary>
    /// <param name="a">One host.</param>
    /// <param name="b">The other (the same host for its own loopback connections).</param>
    /// <returns>How many connections were reset.</returns>
    public int ResetConnections(SimulatedHost a, SimulatedHost b)
    {
        var count = 0;
        _connections.RemoveAll(end => end.IsClosed || end.IsReset);
        foreach (var end in _connections.ToArray())
        {
            if ((end.Host == a && end.Peer.Host == b) || (end.Host == b && end.Peer.Host == a))
            {
                end.Reset();
                count++;
            }
        }

        _connections.RemoveAll(end => end.IsReset);
        Record($"reset {count} connection(s) {a.Name} | {b.Name}");
        return count;
    }

    /// <summary>Answers a DNS query from the simulation: a host's name gives its address; <c>localhost</c> the loopback.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The addresses.</returns>
    /// <exception cref="SocketException">No simulated host has the name (<see cref="SocketError.HostNotFound"/>).</exception>
    public IPAddress[] Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (IPAddress.TryParse(name, out var numeric))
        {
            return [numeric];
        }

        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback];
        }

        return _hosts.TryGetValue(name, out var host)
            ? [host.Address]
            : throw new SocketException((int)SocketError.HostNotFound, $"'{name}' is not a host of the simulated network");
    }

    /// <inheritdoc/>
    public override string ToString() => $"SimulatedNetwork({string.Join(", ", _hosts.Values)})";

    /// <summary>The host the running greenlet is on: the nearest of it and its spawners that was placed, else the default.</summary>
    internal SimulatedHost CurrentHost()
    {
        var hub = Hub.Current;
        var running = hub.Running ?? hub.MainGreenlet;
        for (var greenlet = running; greenlet is not null; greenlet = greenlet.SpawningGreenlet)
        {
            if (_placement.TryGetValue(greenlet, out var host))
            {
                if (greenlet != running)
                {
                    _placement.AddOrUpdate(running, host); // the spawner may die before this greenlet asks again
                }

                return host;
            }
        }

        return DefaultHost;
    }

    internal void Place(Greenlet greenlet, SimulatedHost host) => _placement.AddOrUpdate(greenlet, host);

    /// <summary>The host an address names as seen from <paramref name="from"/>: itself for the loopback.</summary>
    internal SimulatedHost? HostAt(IPAddress address, SimulatedHost from)
    {
        if (IPAddress.IsLoopback(address))
        {
            return from;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _byAddress.GetValueOrDefault(address);
    }

    /// <summary>Opens a listener for <paramref name="bound"/>: on the host it names, or on the current host for any address or the loopback.</summary>
    internal SimulatedListener Listen(IPEndPoint bound, int backlog)
    {
        var current = CurrentHost();
        var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any)
            ? current
            : HostAt(bound.Address, current)
                ?? throw new SocketException((int)SocketError.AddressNotAvailable, $"{bound.Address} is not an address of a simulated host");
        var listener = host.Listen(bound, backlog);
        Record($"listen {host.Name} {listener.LocalEndPoint}");
        return listener;
    }

    /// <summary>
    /// Where <paramref name="fault"/>'s draws come from: the fault's own stream when the network draws from a
    /// simulation (<see cref="Simulation.FaultRandom"/>), so that one fault's draws never move another's; the
    /// network's generator otherwise.
    /// </summary>
    internal Random FaultRandom(string fault) => _simulation?.FaultRandom(fault) ?? Random;

    /// <summary>Whether <paramref name="fault"/> fires, with <paramref name="chance"/>, drawn from its stream.</summary>
    internal bool DrawFault(string fault, double chance) => chance > 0 && FaultRandom(fault).NextDouble() < chance;

    /// <summary>
    /// <see cref="Simulation.InjectFault"/> for the simulated network, once a fault's draws are made: true when the
    /// fault goes ahead (always, for a network with a generator of its own), false when the simulation suppresses it.
    /// </summary>
    internal bool InjectFault(string fault) => _simulation?.InjectFault(fault) ?? true;

    /// <summary>
    /// A short read or write: <paramref name="length"/> bytes, or with <paramref name="chance"/> fewer (at least one),
    /// drawn from <paramref name="fault"/>'s stream; the full length when the simulation suppresses the fault.
    /// </summary>
    internal int Shortened(string fault, double chance, int length)
    {
        if (length <= 1 || !DrawFault(fault, chance))
        {
            return length;
        }

        var shorter = 1 + FaultRandom(fault).Next(length - 1);
        return InjectFault(fault) ? shorter : length;
    }

    /// <summary>Sends a segment from one end of a connection: it arrives after the link's delay, never before an earlier one.</summary>
    internal void Transmit(SimulatedStream from, Delivery delivery)
    {
        if (from.LinkVersion != _linksAdded)
        {
            // The link is looked up once per stream, not per segment, until a link is added (a tuple-keyed lookup
            // hashes both hosts); no link yet means the default, read afresh at each send.
            from.Link = _links.GetValueOrDefault((delivery.From, delivery.To));
            from.LinkVersion = _linksAdded;
        }

        var arrival = Math.Max(ArrivalTime(delivery.From, delivery.To, delivery.Size, from.Link), from.LastArrival);
        from.LastArrival = arrival;
        Schedule(delivery, arrival);
    }

    /// <summary>A segment from the network's pool (pooled segments keep their buffers), filled with <paramref name="data"/>.</summary>
    internal SimulatedStream.Segment RentSegment(SimulatedStream from, SimulatedStream.SegmentKind kind, ReadOnlySpan<byte> data)
    {
        var segment = _freeSegments;
        if (segment is null)
        {
            segment = new SimulatedStream.Segment();
        }
        else
        {
            _freeSegments = segment.NextFree;
            segment.NextFree = null;
            _freeSegmentCount--;
        }

        segment.Fill(from, kind, data);
        return segment;
    }

    /// <summary>Takes back a segment that has arrived (or been dropped): nothing refers to it any more.</summary>
    internal void ReturnSegment(SimulatedStream.Segment segment)
    {
        if (_freeSegmentCount < MaxPooledSegments)
        {
            segment.Clear();
            segment.NextFree = _freeSegments;
            _freeSegments = segment;
            _freeSegmentCount++;
        }
    }

    private const int MaxPooledSegments = 256;

    /// <summary>Sends a connection event (a SYN, its answer) from one host to another.</summary>
    internal void Send(Delivery delivery) =>
        Schedule(delivery, ArrivalTime(delivery.From, delivery.To, delivery.Size, _links.GetValueOrDefault((delivery.From, delivery.To))));

    /// <summary>Wakes <paramref name="readiness"/> soon with nothing new: the waiter retries, finds nothing, and waits again.</summary>
    internal void WakeSpuriously(StreamReadiness readiness)
    {
        var at = NowTicks + (FaultRandom(SimulatedFault.SpuriousWakeup).Next(1, 1000) * TimeSpan.TicksPerMicrosecond);
        if (InjectFault(SimulatedFault.SpuriousWakeup))
        {
            Schedule(new SpuriousWake(DefaultHost, readiness), at);
        }
    }

    internal void Opened(SimulatedStream client)
    {
        _connections.Add(client);
        if (_connections.Count > 64 && _connections.Count % 64 == 0)
        {
            _connections.RemoveAll(end => end.IsClosed || end.IsReset);
        }
    }

    void ITimerTarget.OnTimer(Hub hub, int token)
    {
        if (token != _timerToken)
        {
            return;
        }

        _timerAt = long.MaxValue;
        var now = hub.Now.Ticks;
        while (_first is { } next && _firstKey.Time <= now)
        {
            if (_queue.TryDequeue(out var following, out var key))
            {
                (_first, _firstKey) = (following, key);
            }
            else
            {
                _first = null;
            }

            Arrive(next);
        }

        Arm();
    }

    bool ITimerTarget.IsTimerLive(int token) => token == _timerToken;

    private int InFlight => _queue.Count + (_first is null ? 0 : 1);

    private long NowTicks => (_hub ?? Hub.Current).Now.Ticks;

    private static (SimulatedHost, SimulatedHost) Pair(SimulatedHost a, SimulatedHost b) =>
        string.CompareOrdinal(a.Name, b.Name) <= 0 ? (a, b) : (b, a);

    private LinkState Link(SimulatedHost from, SimulatedHost to)
    {
        if (!_links.TryGetValue((from, to), out var link))
        {
            _links[(from, to)] = link = new LinkState { Profile = DefaultLink };
            _linksAdded++;
        }

        return link;
    }

    private long ArrivalTime(SimulatedHost from, SimulatedHost to, int size, LinkState? link)
    {
        var now = NowTicks;
        var profile = link?.Profile ?? DefaultLink;
        var latency = profile.Latency.Seconds + (profile.Jitter.Seconds > 0 ? Random.NextDouble() * profile.Jitter.Seconds : 0);
        var departure = now;
        if (profile.BytesPerSecond is { } rate && size > 0)
        {
            link ??= Link(from, to);
            departure = Math.Max(now, link.BusyUntil) + (long)(size / rate * TimeSpan.TicksPerSecond);
            link.BusyUntil = departure;
        }

        return departure + (long)(latency * TimeSpan.TicksPerSecond);
    }

    private void Schedule(Delivery delivery, long arrival)
    {
        var key = (arrival, _sequence++);
        if (_first is null)
        {
            (_first, _firstKey) = (delivery, key);
        }
        else if (arrival < _firstKey.Time)
        {
            _queue.Enqueue(_first, _firstKey);
            (_first, _firstKey) = (delivery, key);
        }
        else
        {
            _queue.Enqueue(delivery, key);
        }

        if (arrival < _timerAt)
        {
            Arm();
        }
    }

    private void Arm()
    {
        if (_first is null)
        {
            return;
        }

        var key = _firstKey;

        // At the arrival's own tick: as an interval in seconds, one arrival in about 15 came back a tick short, and
        // its timer fired early for nothing and was started again.
        _timerAt = key.Time;
        (_hub ?? Hub.Current).AddTimerAt(key.Time, this, ++_timerToken);
    }

    private void Arrive(Delivery delivery)
    {
        if (IsPartitioned(delivery.From, delivery.To))
        {
            if (delivery is Datagram)
            {
                Dropped($"{delivery}: partitioned, dropped"); // nothing retransmits a datagram
                return;
            }

            _held.Add(delivery);
            return;
        }

        // A stream's later segment waits behind its earlier ones that a partition holds.
        if (_held.Count > 0 && delivery is SimulatedStream.Segment && IsBehindHeldSegment(delivery))
        {
            _held.Add(delivery);
            return;
        }

        Deliveries++;
        Trace?.WriteLine($"{NowTicks / (double)TimeSpan.TicksPerSecond:F6} {delivery}");
        delivery.Arrive(this);
    }

    /// <summary>
    /// Whether a segment of the same direction is held. A loop of its own, not a lambda in <see cref="Arrive"/>: the
    /// lambda's closure of the delivery was allocated at every arrival, held or not (48 B per round trip).
    /// </summary>
    private bool IsBehindHeldSegment(Delivery delivery)
    {
        foreach (var held in _held)
        {
            if (held is SimulatedStream.Segment && held.From == delivery.From && held.To == delivery.To)
            {
                return true;
            }
        }

        return false;
    }

    private void Release()
    {
        if (_held.Count == 0)
        {
            return;
        }

        var held = _held.ToArray();
        _held.Clear();
        foreach (var delivery in held)
        {
            Arrive(delivery); // held again if its own link is still cut
        }
    }

    /// <summary>
    /// Writes a network event (a partition, a heal, a reset, a listen, a connect, a drop) to <see cref="Trace"/> and to
    /// the trace of the hub's simulation, where it stands between the scheduling decisions around it, so a failing
    /// seed's report shows both. Segment deliveries go to <see cref="Trace"/> only: they would crowd the decisions out.
    /// </summary>
    private void Record(string what)
    {
        Trace?.WriteLine($"{NowTicks / (double)TimeSpan.TicksPerSecond:F6} {what}");
        (_hub ?? Hub.CurrentIfAny)?.Simulation?.RecordLine("net " + what);
    }

    /// <summary>The reset fault has cut the connection <paramref name="end"/> sent a segment on.</summary>
    internal void RecordFaultReset(SimulatedStream end) =>
        Record($"reset (fault) {end.Host.Name} {end.LocalEndPoint} -> {end.Peer.Host.Name} {end.RemoteEndPoint}");

    /// <summary>Something on its way from one host to another: it arrives unless a partition holds it.</summary>
    internal abstract class Delivery(SimulatedHost from, SimulatedHost to)
    {
        public SimulatedHost From { get; protected set; } = from;

        public SimulatedHost To { get; protected set; } = to;

        public virtual int Size => 0;

        public abstract void Arrive(SimulatedNetwork network);

        public override string ToString() => $"{GetType().Name} {From.Name} -> {To.Name} ({Size} bytes)";
    }

    private sealed class SpuriousWake(SimulatedHost host, StreamReadiness readiness) : Delivery(host, host)
    {
        public override void Arrive(SimulatedNetwork network) => readiness.Signal();
    }

    internal sealed class LinkState
    {
        public required LinkProfile Profile { get; set; }

        public long BusyUntil { get; set; }
    }

    private sealed class Installation(Hub hub, SimulatedNetwork network) : IDisposable
    {
        public void Dispose()
        {
            if (hub.Network == network)
            {
                hub.Network = null;
            }
        }
    }
}
