namespace Greenlets;

/// <summary>
/// Size limits and deadlines of a WebSocket connection. A frame or message over the size limits closes it with 1009;
/// a client that stops answering pings is cut with 1011, one that stops in the middle of a frame with 1008, and (when
/// <see cref="IdleTimeout"/> is set) one that exchanges no message with 1001.
/// </summary>
/// <remarks>
/// gevent: none; geventwebsocket reads frames of any size and never pings. The keep-alive defaults are those of
/// Python's <c>websockets</c> library (<c>ping_interval=20, ping_timeout=20</c>, close code 1011).
/// </remarks>
public sealed record WebSocketLimits
{
    /// <summary>The largest frame payload accepted, 1 MiB by default.</summary>
    public long MaxFrameBytes { get; init; } = 1 << 20;

    /// <summary>The largest message accepted once its fragments are joined, 4 MiB by default.</summary>
    public long MaxMessageBytes { get; init; } = 4 << 20;

    /// <summary>
    /// How long the client may be quiet (not one byte) before the server sends it a ping; 20 s by default. Null sends
    /// no pings, and then <see cref="PongTimeout"/> does not apply: a client that vanished without a word is found only
    /// when a send fails or times out.
    /// </summary>
    public GreenDuration? PingInterval { get; init; } = 20.0;

    /// <summary>
    /// How long after a ping the client has to send something back (its pong, or any frame); then the connection is
    /// dead: it is cut with 1011, <see cref="GreenWebSocket.Receive"/> returns null, and an information line goes to
    /// the connection log. 20 s by default.
    /// </summary>
    public GreenDuration PongTimeout { get; init; } = 20.0;

    /// <summary>
    /// How long a frame may take to arrive whole from its first byte while the handler receives; then the connection
    /// is cut with 1008. 30 s by default, the HTTP server's time for a request head.
    /// </summary>
    public GreenDuration FrameReceiveTimeout { get; init; } = 30.0;

    /// <summary>
    /// How long the connection may go without a message either way (pings and pongs do not count); then it is closed
    /// with 1001. Null, the default, keeps a quiet but live connection for ever.
    /// </summary>
    public GreenDuration? IdleTimeout { get; init; }

    /// <summary>The defaults.</summary>
    public static WebSocketLimits Default { get; } = new();

    // The deadlines as the hub's clock counts them; null where infinite (Timeout.InfiniteTimeSpan) or off.
    internal TimeSpan? PingEvery => Finite(PingInterval);

    internal TimeSpan? PongWithin => Finite(PongTimeout);

    internal TimeSpan? FrameWithin => Finite(FrameReceiveTimeout);

    internal TimeSpan? IdleWithin => Finite(IdleTimeout);

    private static TimeSpan? Finite(GreenDuration? duration) => duration is { IsInfinite: false } d ? TimeSpan.FromSeconds(d.Seconds) : null;

    internal void Validate()
    {
        if (MaxFrameBytes < 125)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), MaxFrameBytes, "must be at least 125 bytes, a control frame's largest payload");
        }

        if (MaxMessageBytes < MaxFrameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, "must be at least MaxFrameBytes");
        }

        foreach (var (name, value) in new[] { (nameof(PingInterval), PingInterval), (nameof(PongTimeout), PongTimeout), (nameof(FrameReceiveTimeout), FrameReceiveTimeout), (nameof(IdleTimeout), IdleTimeout) })
        {
            if (value <= GreenDuration.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }
        }
    }
}
