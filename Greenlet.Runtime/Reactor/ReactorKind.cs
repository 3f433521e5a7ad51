namespace Greenlets;

/// <summary>Which readiness mechanism a hub's reactor uses.</summary>
/// <remarks>gevent: the libev backends (<c>loop(flags='epoll')</c>, <c>'poll'</c>).</remarks>
public enum ReactorKind
{
    /// <summary>epoll, unless the environment variable <c>GREENLET_REACTOR</c> names another.</summary>
    Default,

    /// <summary>Linux epoll, edge-triggered, one registration per descriptor for its whole life.</summary>
    Epoll,

    /// <summary>
    /// poll(2), level-triggered: the descriptors with waiters are passed on each poll. Linux only too (the doorbell is an
    /// eventfd); kept as libev keeps its poll backend, to check against epoll and for descriptors epoll refuses.
    /// </summary>
    Poll,
}
