namespace Greenlets;

/// <summary>Size limits of a WebSocket connection: a frame or message over them closes it with 1009.</summary>
/// <remarks>gevent: none; geventwebsocket reads frames of any size.</remarks>
public sealed record WebSocketLimits
{
    /// <summary>The largest frame payload accepted, 1 MiB by default.</summary>
    public long MaxFrameBytes { get; init; } = 1 << 20;

    /// <summary>The largest message accepted once its fragments are joined, 4 MiB by default.</summary>
    public long MaxMessageBytes { get; init; } = 4 << 20;

    /// <summary>The defaults.</summary>
    public static WebSocketLimits Default { get; } = new();
}
