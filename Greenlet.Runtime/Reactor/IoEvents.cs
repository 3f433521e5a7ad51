namespace Greenlets;

/// <summary>What a greenlet waits for on a file descriptor.</summary>
/// <remarks>gevent: the <c>READ</c> and <c>WRITE</c> flags of <c>loop.io(fd, events)</c>.</remarks>
[Flags]
public enum IoEvents
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The descriptor is readable (data, a connection to accept, end of stream, or an error to collect).</summary>
    Read = 1,

    /// <summary>The descriptor is writable (room to send, a connect that finished, or an error to collect).</summary>
    Write = 2,
}
