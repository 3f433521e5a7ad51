namespace Greenlets;

/// <summary>
/// Marks a method whose body is rewritten at compile time into a resumable form, so that the
/// cooperative calls inside it suspend the running greenlet instead of blocking the hub.
/// The method's type must be <c>partial</c>. The original body stays compiled: called from plain code
/// (for example <c>Main</c>) it runs as gevent's main greenlet.
/// </summary>
/// <remarks>gevent: any function passed to <c>gevent.spawn</c>; no marker is needed there because gevent swaps stacks at run time.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class GreenletAttribute : Attribute
{
}
