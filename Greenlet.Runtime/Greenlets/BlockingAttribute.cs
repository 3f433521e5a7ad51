namespace Greenlets;

/// <summary>
/// Declares that a method blocks the calling thread, so that calling it inside a
/// <see cref="GreenletAttribute">[Greenlet]</see> method, directly or through plain helpers, is reported
/// at compile time (GRN0100, GRN0101) with <paramref name="advice"/> as the way out.
/// Use it on a library's own blocking APIs; the built-in catalog covers the framework's.
/// </summary>
/// <param name="advice">What to call instead, for example "use Client.FetchAsync with Greenlet.WaitTask".</param>
/// <remarks>gevent: none; gevent learns what blocks only when its monitor thread sees the hub stall.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Constructor, Inherited = false, AllowMultiple = false)]
public sealed class BlockingAttribute(string advice) : Attribute
{
    /// <summary>What to call instead, shown in the diagnostic.</summary>
    public string Advice { get; } = advice;
}
