namespace Greenlets;

/// <summary>
/// Raised in a greenlet that waited on a file descriptor (a socket, a pipe) when the descriptor was closed,
/// by another greenlet, during the wait.
/// </summary>
/// <remarks>gevent: <c>cancel_wait_ex</c>, <c>socket.error(EBADF, 'File descriptor was closed in another greenlet')</c>.</remarks>
public sealed class FileDescriptorClosedException : IOException
{
    /// <summary>Creates the exception for descriptor <paramref name="fd"/>.</summary>
    /// <param name="fd">The descriptor that was closed.</param>
    public FileDescriptorClosedException(int fd)
        : base($"File descriptor {fd} was closed in another greenlet while this one waited on it.")
    {
        FileDescriptor = fd;
    }

    /// <summary>The descriptor that was closed.</summary>
    public int FileDescriptor { get; }
}

/// <summary>Raised when a second greenlet tries to wait in the same direction on a descriptor one already waits on.</summary>
/// <remarks>gevent: <c>gevent.exceptions.ConcurrentObjectUseError</c>.</remarks>
public sealed class ConcurrentObjectUseException : InvalidOperationException
{
    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What was used concurrently, and by whom.</param>
    public ConcurrentObjectUseException(string message)
        : base(message)
    {
    }
}
