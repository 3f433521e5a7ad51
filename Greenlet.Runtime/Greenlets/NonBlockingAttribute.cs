namespace Greenlets;

/// <summary>
/// Declares that a plain method never blocks the hub and never suspends, although the analyzers would
/// find a blocking call inside it (for example a <c>File.ReadAllText</c> of a file known to be in memory).
/// Calls to it are not reported, and the search for blocking calls through helper methods stops at it.
/// </summary>
/// <remarks>gevent: none; a gevent program simply calls the function.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false, AllowMultiple = false)]
public sealed class NonBlockingAttribute : Attribute
{
}
