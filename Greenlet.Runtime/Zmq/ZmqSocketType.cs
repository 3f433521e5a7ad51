namespace Greenlets;

/// <summary>The kinds of ZeroMQ socket, with libzmq's numbers.</summary>
/// <remarks>gevent: <c>zmq.PAIR</c>, <c>zmq.PUB</c>, ... <c>zmq.XSUB</c>.</remarks>
public enum ZmqSocketType
{
    /// <summary>One peer, both directions.</summary>
    Pair = 0,

    /// <summary>Sends to every subscriber whose subscription matches; never blocks (drops at the high-water mark).</summary>
    Pub = 1,

    /// <summary>Receives what publishers send, filtered by <see cref="ZmqSocket.Subscribe(string)"/>.</summary>
    Sub = 2,

    /// <summary>Sends a request, then receives its reply, in strict turns.</summary>
    Req = 3,

    /// <summary>Receives a request, then sends its reply, in strict turns.</summary>
    Rep = 4,

    /// <summary>Sends round-robin to its peers and receives fairly from them, with no turns.</summary>
    Dealer = 5,

    /// <summary>Receives each message prefixed with its sender's routing id, and sends to the peer a first frame names.</summary>
    Router = 6,

    /// <summary>Receives fairly from the pushers it is connected to.</summary>
    Pull = 7,

    /// <summary>Sends round-robin to its pullers.</summary>
    Push = 8,

    /// <summary>A publisher that also receives the subscriptions as messages.</summary>
    XPub = 9,

    /// <summary>A subscriber that subscribes by sending messages.</summary>
    XSub = 10,
}
