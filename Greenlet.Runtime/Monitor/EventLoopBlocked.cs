namespace Greenlets;

/// <summary>
/// A report of the blocking monitor (<see cref="Hub.EnableMonitor"/>): a greenlet ran longer than the threshold
/// without yielding. Raised through <see cref="Hub.LoopBlocked"/> on the monitor's thread, while the greenlet still
/// holds the hub, so read only what is here.
/// </summary>
/// <remarks>gevent: <c>gevent.events.EventLoopBlocked</c> (<c>greenlet</c>, <c>blocking_time</c>, <c>info</c>).</remarks>
public sealed class EventLoopBlocked
{
    internal EventLoopBlocked(Greenlet greenlet, string description, TimeSpan blockingTime, string? method, string suspensionPoint)
    {
        Greenlet = greenlet;
        Description = description;
        BlockingTime = blockingTime;
        Method = method;
        SuspensionPoint = suspensionPoint;
    }

    /// <summary>The greenlet that holds the hub. Read only thread-safe members of it (it is running on the hub's thread).</summary>
    public Greenlet Greenlet { get; }

    /// <summary>The greenlet as the monitor's report names it, read safely from the monitor's thread.</summary>
    public string Description { get; }

    /// <summary>How long it had run without yielding when it was reported.</summary>
    public TimeSpan BlockingTime { get; }

    /// <summary>Its [Greenlet] method, when known.</summary>
    public string? Method { get; }

    /// <summary>The suspension point it last resumed from (file and line), or why it is unknown.</summary>
    public string SuspensionPoint { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Description} blocked the hub for {(long)BlockingTime.TotalMilliseconds} ms since {SuspensionPoint}";
}
