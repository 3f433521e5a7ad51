namespace Greenlets;

/// <summary>
/// Declares that a method is a cooperative operation: called inside a <see cref="GreenletAttribute">[Greenlet]</see>
/// method it is a suspension point, and the rewritten code awaits <paramref name="awaitableName"/> instead.
/// The awaitable form must take the same parameters and return a Greenlet awaitable
/// (<see cref="GreenAwaitable"/>, <see cref="GreenAwaitable{T}"/>, <see cref="GreenTask"/> or <see cref="GreenTask{T}"/>).
/// Parameters that are delegates accept the rewritten form of a <c>[Greenlet]</c> method group
/// (a delegate returning <see cref="GreenTask"/> or <see cref="GreenTask{T}"/>).
/// </summary>
/// <param name="awaitableName">The name of the awaitable form, usually written with <c>nameof</c>.</param>
/// <remarks>gevent: the functions that switch to the hub, such as <c>gevent.sleep</c> or <c>Queue.get</c>.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class CooperativeAttribute(string awaitableName) : Attribute
{
    /// <summary>The name of the awaitable form in the same type.</summary>
    public string AwaitableName { get; } = awaitableName;

    /// <summary>
    /// True when the delegates it takes always run as plain code, off the hub (thread-pool work): the call is then a
    /// suspension point whatever the delegates are, instead of only when they name rewritten methods.
    /// </summary>
    public bool HasOffHubDelegates { get; init; }
}
