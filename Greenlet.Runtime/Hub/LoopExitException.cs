namespace Greenlets;

/// <summary>
/// Raised in the main greenlet when it waits for something that can never happen: nothing is ready to run,
/// no timer is pending and nothing else can wake it. Carries a dump of every greenlet and where it waits.
/// </summary>
/// <remarks>gevent: <c>gevent.exceptions.LoopExit</c>.</remarks>
public sealed class LoopExitException : Exception
{
    /// <summary>Creates the exception with the dump of the hub's greenlets.</summary>
    /// <param name="greenlets">The dump, as made by <see cref="Hub.DescribeGreenlets"/>.</param>
    public LoopExitException(string greenlets)
        : base("This operation would block forever.\n" + greenlets)
    {
        Greenlets = greenlets;
    }

    /// <summary>Every greenlet at the time, its state and where it was suspended.</summary>
    public string Greenlets { get; }
}
