namespace Greenlets;

/// <summary>A send on a WebSocket whose closing handshake has begun, or whose connection dropped.</summary>
/// <remarks>gevent: geventwebsocket's <c>WebSocketError("Socket is dead")</c>.</remarks>
public sealed class WebSocketClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the socket is closed.</param>
    public WebSocketClosedException(string message) : base(message)
    {
    }
}
