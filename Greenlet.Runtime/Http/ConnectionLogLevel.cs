namespace Greenlets;

/// <summary>How much of an <see cref="HttpServer"/>'s connection events its <see cref="HttpServer.ConnectionLog"/> writes.</summary>
/// <remarks>gevent: none; pywsgi drops a client that went away without a word.</remarks>
public enum ConnectionLogLevel
{
    /// <summary>
    /// Also the ordinary ends that are not failures: a client that reset or closed its connection in the middle of a
    /// request, a response or a WebSocket message.
    /// </summary>
    Debug,

    /// <summary>
    /// Only the connections the server ended itself: one cut by a deadline (a body or response too slow, a WebSocket
    /// frame never finished, an idle WebSocket), found dead (a WebSocket ping never answered), or closed for breaking
    /// the WebSocket protocol. The default.
    /// </summary>
    Information,

    /// <summary>Nothing.</summary>
    None,
}
