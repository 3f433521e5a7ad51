namespace Greenlets;

/// <summary>The close status codes of RFC 6455 section 7.4.1 that the server sends or expects.</summary>
/// <remarks>gevent: the codes of geventwebsocket's <c>WebSocket.close(code, message)</c>.</remarks>
public enum WebSocketCloseCode : ushort
{
    /// <summary>1000: the purpose of the connection is fulfilled.</summary>
    Normal = 1000,

    /// <summary>1001: the server is going down or the page is navigating away.</summary>
    GoingAway = 1001,

    /// <summary>1002: a frame broke the protocol (unmasked client frame, reserved bits or opcode, bad control frame).</summary>
    ProtocolError = 1002,

    /// <summary>1003: a message of a type the endpoint cannot accept.</summary>
    UnsupportedData = 1003,

    /// <summary>1005: the close frame had no status (never sent on the wire).</summary>
    NoStatus = 1005,

    /// <summary>1006: the connection dropped without a close frame (never sent on the wire).</summary>
    Abnormal = 1006,

    /// <summary>1007: a text message was not valid UTF-8.</summary>
    InvalidPayload = 1007,

    /// <summary>1008: a message broke the endpoint's policy.</summary>
    PolicyViolation = 1008,

    /// <summary>1009: a frame or message was over the size limit.</summary>
    MessageTooBig = 1009,

    /// <summary>1011: the server failed while handling the connection, or the client stopped answering pings.</summary>
    InternalError = 1011,

    /// <summary>1013: the server is out of room for the message now (<see cref="HttpLimits.MaxBufferedBytes"/>); the client may try again later.</summary>
    TryAgainLater = 1013,
}
