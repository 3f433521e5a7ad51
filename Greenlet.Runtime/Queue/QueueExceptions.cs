namespace Greenlets;

/// <summary>Raised by a get that finds the queue empty and may not wait (non-blocking, or past its timeout).</summary>
/// <remarks>gevent: <c>gevent.queue.Empty</c>.</remarks>
public sealed class QueueEmptyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueueEmptyException()
        : base("The queue is empty.")
    {
    }
}

/// <summary>Raised by a put that finds the queue full and may not wait (non-blocking, or past its timeout).</summary>
/// <remarks>gevent: <c>gevent.queue.Full</c>.</remarks>
public sealed class QueueFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueueFullException()
        : base("The queue is full.")
    {
    }
}

/// <summary>Raised by a put on a queue that was closed, and by a get on a closed queue once it is drained.</summary>
/// <remarks>gevent: <c>gevent.queue.ShutDown</c> (newer gevent versions).</remarks>
public sealed class QueueClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueueClosedException()
        : base("The queue is closed.")
    {
    }
}
