namespace Greenlets;

/// <summary>
/// Raised by a wait on another hub that ended and can no longer answer: a put into a <see cref="HubQueue{T}"/> whose
/// consuming hub ended, before or while it waited for room.
/// </summary>
/// <remarks>gevent has no equivalent: its hubs do not talk to each other.</remarks>
public sealed class HubEndedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What ended and what can no longer happen.</param>
    /// <param name="hubName">The name of the hub that ended (its thread's name).</param>
    public HubEndedException(string message, string hubName)
        : base(message) => HubName = hubName;

    /// <summary>The name of the hub that ended: its thread's name, such as <c>greenlet-hub-1</c>.</summary>
    public string HubName { get; }
}
