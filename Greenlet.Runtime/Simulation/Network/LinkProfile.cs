namespace Greenlets;

/// <summary>
/// How a simulated link carries bytes: a one-way latency drawn as <see cref="Latency"/> plus a uniform jitter in
/// [0, <see cref="Jitter"/>), and a bandwidth that spaces the segments out. Segments of one connection still arrive in
/// the order they were sent, as TCP delivers them. Datagrams (UDP) also arrive in the order they were sent on a link,
/// except that each may be lost (<see cref="Loss"/>), arrive twice (<see cref="Duplication"/>), or be held back so that
/// later ones overtake it (<see cref="Reordering"/>), each drawn from the network's seed.
/// </summary>
/// <remarks>gevent: none (turmoil's <c>Builder::min_message_latency</c>/<c>max_message_latency</c>).</remarks>
public sealed record LinkProfile
{
    /// <summary>The default link: 1 ms one way, up to 1 ms of jitter, unlimited bandwidth.</summary>
    public static LinkProfile Default { get; } = new();

    /// <summary>The fixed part of the one-way latency; 1 ms by default.</summary>
    public GreenDuration Latency { get; init; } = 0.001;

    /// <summary>The random part of the one-way latency, drawn uniformly below this; 1 ms by default.</summary>
    public GreenDuration Jitter { get; init; } = 0.001;

    /// <summary>Bytes per second in each direction; null for no limit.</summary>
    public double? BytesPerSecond { get; init; }

    /// <summary>The chance (0 to 1) that a datagram sent on the link is lost; 0 by default. Streams never lose bytes.</summary>
    public double Loss { get; init; }

    /// <summary>The chance (0 to 1) that a datagram that is not lost arrives twice; 0 by default.</summary>
    public double Duplication { get; init; }

    /// <summary>
    /// The chance (0 to 1) that a datagram is held back by an extra delay, drawn uniformly between half of
    /// <see cref="ReorderingDelay"/> and all of it, so that the datagrams sent after it in that time overtake it; 0 by default.
    /// </summary>
    public double Reordering { get; init; }

    /// <summary>The most a reordered datagram is held back; 10 ms by default.</summary>
    public GreenDuration ReorderingDelay { get; init; } = 0.01;
}
