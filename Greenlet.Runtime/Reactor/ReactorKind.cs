namespace Greenlets;

/// <summary>Which readiness mechanism a hub's reactor uses.</summary>
/// <remarks>gevent: the libev backends (<c>loop(flags='epoll')</c>, <c>'poll'</c>).</remarks>
public enum ReactorKind
{
    /// <summary>epoll on Linux, poll(2) on other Unix systems. The environment variable <c>GREENLET_REACTOR</c> can override it.</summary>
    Default,

    /// <summary>Linux epoll, edge-triggered, one registration per descriptor for its whole life.</summary>
    Epoll,

    /// <summary>Portable poll(2): the descriptors with waiters are passed on each poll.</summary>
    Poll,
}
