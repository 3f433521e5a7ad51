namespace Greenlets;

/// <summary>The HTTP versions the server speaks.</summary>
/// <remarks>gevent: <c>environ['SERVER_PROTOCOL']</c>.</remarks>
public enum HttpProtocolVersion
{
    /// <summary>HTTP/1.0: the connection closes after each response unless the client asks for keep-alive.</summary>
    Http10,

    /// <summary>HTTP/1.1: connections are kept alive unless either side says <c>Connection: close</c>.</summary>
    Http11,
}
