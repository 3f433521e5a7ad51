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

        var name = $"{caller.DeclaringType?.Name}.{caller.Name}";
        return new GreenletContextException(
            $"{operation} was called from {name}, which is not rewritten, while {where} is running, so it would block the hub inside itself. " +
            $"Mark {name} with [Greenlet] (and make {caller.DeclaringType?.Name} partial) so the call suspends the greenlet instead.",
            name);
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
