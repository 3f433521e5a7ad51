namespace Greenlets;

/// <summary>
/// Raised inside a greenlet at its suspension point when it is killed without a specific exception.
/// A greenlet that ends with it counts as successful; its value is then the default (gevent stores the exception as
/// the value instead).
/// </summary>
/// <remarks>gevent: <c>greenlet.GreenletExit</c>.</remarks>
public class GreenletExit : Exception
{
    /// <summary>Creates the exception with the standard message.</summary>
    public GreenletExit() : base("The greenlet was killed.") { }

    /// <summary>Creates the exception with a message.</summary>
    public GreenletExit(string message) : base(message) { }
}
