namespace Greenlets;

/// <summary>
/// Raised by <see cref="Group.Add"/> (and <see cref="Group.Start"/>) when the pool is full and the caller may not wait,
/// or its timeout passed.
/// </summary>
/// <remarks>gevent: <c>gevent.pool.PoolFull</c> (a subclass of <c>gevent.queue.Full</c> there).</remarks>
public sealed class PoolFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <remarks>gevent: <c>PoolFull()</c>.</remarks>
    public PoolFullException()
        : base("The pool is full.")
    {
    }
}
