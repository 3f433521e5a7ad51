namespace Greenlets;

/// <summary>
/// How a simulated link carries bytes: a one-way latency drawn as <see cref="Latency"/> plus a uniform jitter in
/// [0, <see cref="Jitter"/>), and a bandwidth that spaces the segments out. Segments of one connection still arrive in
/// the order they were sent, as TCP delivers them.
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
}
