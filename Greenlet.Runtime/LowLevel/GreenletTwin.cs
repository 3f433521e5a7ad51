namespace Greenlets.LowLevel;

/// <summary>
/// gevent: none (gevent switches stacks at run time). Finds the rewritten form (the twin) of a <c>[Greenlet]</c>
/// method that a delegate points at, for code that takes handlers as delegates and runs them in greenlets of its own
/// (a server's per-connection handler), as <see cref="StreamServer"/> and the HTTP server do.
/// </summary>
public static class GreenletTwin
{
    /// <summary>
    /// gevent: none. The twin of the <c>[Greenlet]</c> method <paramref name="method"/> points at, typed as
    /// <typeparamref name="TTwin"/>: the same parameters, returning a <c>GreenTask</c> (<c>GreenTask&lt;T&gt;</c> for a
    /// method returning <c>T</c>). Spawn it, or await it from rewritten code, so that the method runs cooperatively.
    /// </summary>
    /// <typeparam name="TTwin">The twin's delegate type.</typeparam>
    /// <param name="method">A delegate to a method; a lambda or a plain method has no twin.</param>
    /// <returns>The twin, or null when the method is not a <c>[Greenlet]</c> method (call it plainly then).</returns>
    /// <exception cref="NotSupportedException">
    /// Invoking the result: the method's twin could not be registered and reflection is off (native AOT, trimming).
    /// </exception>
    public static TTwin? Find<TTwin>(Delegate method)
        where TTwin : Delegate
    {
        ArgumentNullException.ThrowIfNull(method);
        return Twins.Find<TTwin>(method);
    }
}
