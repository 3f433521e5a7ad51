using System.Diagnostics;
using System.Reflection;

namespace Greenlets;

/// <summary>
/// Raised when a cooperative operation is called from plain (not rewritten) code while the hub is running a
/// greenlet or a callback. Blocking there would run the hub inside itself, so instead the call fails at once
/// and names the method to mark <see cref="GreenletAttribute">[Greenlet]</see>.
/// </summary>
/// <remarks>gevent: none; gevent switches stacks, so any code may block. The closest is <c>BlockingSwitchOutError</c>.</remarks>
public sealed class GreenletContextException : InvalidOperationException
{
    private GreenletContextException(string message, string? methodToMark)
        : base(message)
    {
        MethodToMark = methodToMark;
    }

    /// <summary>The plain method that made the cooperative call, as <c>Type.Method</c>, when it could be found.</summary>
    public string? MethodToMark { get; }

    internal static GreenletContextException ForNestedCall(string operation, Greenlet? running)
    {
        var caller = FindPlainCaller();
        var where = running is null ? "a hub callback (a link callback or timer)" : $"greenlet {running}";
        if (caller is null)
        {
            return new GreenletContextException(
                $"{operation} was called from plain code while {where} is running, so it would block the hub inside itself. " +
                "Mark the calling method [Greenlet] (and make its type partial) so the call suspends the greenlet.",
                null);
        }

        var (typeName, methodName) = SourceName(caller);
        var name = $"{typeName}.{methodName}";
        return new GreenletContextException(
            $"{operation} was called from {name}, which is not rewritten, while {where} is running, so it would block the hub inside itself. " +
            $"Mark {name} with [Greenlet] (and make {typeName} partial) so the call suspends the greenlet instead.",
            name);
    }

    /// <summary>
    /// The method as the user wrote it: a lambda's or iterator's compiler-generated frame (<c>&lt;Fetch&gt;d__5.MoveNext</c>)
    /// is named by the method it belongs to.
    /// </summary>
    private static (string Type, string Method) SourceName(MethodBase caller)
    {
        var type = caller.DeclaringType;
        var method = caller.Name;
        while (type is not null && type.Name.StartsWith('<'))
        {
            var owner = type.Name[1..type.Name.IndexOf('>')];
            if (owner.Length > 0)
            {
                method = owner; // an iterator or async frame: <Fetch>d__5
            }

            type = type.DeclaringType; // or a closure class, <>c__DisplayClass3_0, whose lambda names the method
        }

        if (method.StartsWith('<') && method.IndexOf('>') is > 1 and var end)
        {
            method = method[1..end]; // a lambda body: <Main>b__0_0
        }

        return (type?.Name ?? "?", method.Replace(Twins.Suffix, ""));
    }

    /// <summary>The first frame outside this library: the method the user must rewrite. Only runs on this error path.</summary>
    private static MethodBase? FindPlainCaller()
    {
        var runtime = typeof(Hub).Assembly;
        foreach (var frame in new StackTrace(2, false).GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType is { } type && type.Assembly != runtime)
            {
                return method;
            }
        }

        return null;
    }
}
