using System.ComponentModel;

namespace Greenlets.CompilerServices;

/// <summary>
/// Declares that a method takes delegates which may name <see cref="GreenletAttribute">[Greenlet]</see> methods,
/// and that <paramref name="overloadName"/> is the overload taking their rewritten forms
/// (each <c>Func&lt;…, R&gt;</c> becomes <c>Func&lt;…, GreenTask&lt;R&gt;&gt;</c>, each <c>Action&lt;…&gt;</c> becomes <c>Func&lt;…, GreenTask&gt;</c>).
/// Call sites passing a <c>[Greenlet]</c> method group are redirected to that overload at compile time.
/// </summary>
/// <param name="overloadName">The name of the overload taking rewritten delegates, usually written with <c>nameof</c>.</param>
/// <remarks>gevent: none; in Python any callable can be spawned because stacks are swapped at run time.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwinOverloadAttribute(string overloadName) : Attribute
{
    /// <summary>The name of the overload taking rewritten delegates.</summary>
    public string OverloadName { get; } = overloadName;
}
