using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// The plain method that made the cooperative call, as <c>Type.Method</c>, when it could be found: the one between
    /// the greenlet's rewritten code and the call, whether it made the call itself or called a [Greenlet] method, whose
    /// plain form then made it. Null when no plain method of the user's is to blame (a delegate).
    /// </summary>
    public string? MethodToMark { get; }

    internal static GreenletContextException ForNestedCall(string operation, Greenlet? running)
    {
        var where = running is null ? "a hub callback (a link callback or timer)" : $"greenlet {running}";
        var (caller, plainForms) = FindPlainCaller();
        var reached = plainForms.Count == 0
            ? ""
            : $", through {string.Join(" and ", plainForms.Select(Name))} ([Greenlet], but called from plain code it runs its plain form)";
        if (caller is null)
        {
            return plainForms.Count > 0
                ? new GreenletContextException(
                    $"{operation} was called from {Name(plainForms[^1])}, a [Greenlet] method that ran as plain code while {where} is running, " +
                    "because it was called through a delegate: a delegate runs the plain form, which would block the hub inside itself. " +
                    $"Call {Name(plainForms[^1])} directly from a [Greenlet] method, or pass it to Greenlet.Spawn.",
                    null)
                : new GreenletContextException(
                    $"{operation} was called from a plain delegate while {where} is running, so it would block the hub inside itself. " +
                    $"Spawn it by its method group, Greenlet.Spawn({operation}, ...), which runs its awaitable form, or call it from a [Greenlet] method.",
                    null);
        }

        var (typeName, methodName) = SourceName(caller);
        var name = $"{typeName}.{methodName}";
        if (IsLambda(caller) && IsGreenletMethod(caller.DeclaringType, methodName))
        {
            return new GreenletContextException(
                $"{operation} was called from a lambda in {name}, which is not rewritten{reached}, while {where} is running, so it would block the hub inside itself. " +
                "Move the lambda's body into a [Greenlet] method and call or spawn that method.",
                null);
        }

        return new GreenletContextException(
            $"{operation} was called from {name}, which is not rewritten{reached}, while {where} is running, so it would block the hub inside itself. " +
            $"Mark {name} with [Greenlet] (and make {typeName} partial) so the call suspends the greenlet instead.",
            name);
    }

    private static string Name(MethodBase method)
    {
        var (type, name) = SourceName(method);
        return $"{type}.{name}";
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

    /// <summary>
    /// Walks out from the cooperative call to the first method of the user's that is neither a [Greenlet] method (whose
    /// plain form ran because something plain called it: those are returned too, innermost first) nor rewritten code.
    /// The walk stops at the greenlet's rewritten code and at the hub's loop, beyond which is the main greenlet's own
    /// stack (Main, blocked in a join), which is never to blame. Only runs on this error path.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification =
        "A frame whose method has no metadata (trimmed, or native AOT) gives null, which the walk skips: the message then names fewer methods, never a wrong one.")]
    private static (MethodBase? Caller, List<MethodBase> PlainForms) FindPlainCaller()
    {
        var runtime = typeof(Hub).Assembly;
        var plainForms = new List<MethodBase>();
        foreach (var frame in new StackTrace(2, false).GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method)
            {
                continue;
            }

            if (type.Assembly == runtime)
            {
                if (type == typeof(Hub) && method.Name is nameof(Hub.BlockMain) or "RunUntilMainWakes")
                {
                    break;
                }

                continue;
            }

            if (IsRewrittenCode(method))
            {
                break;
            }

            if (IsGreenletMethod(method))
            {
                plainForms.Add(method);
                continue;
            }

            return (method, plainForms);
        }

        return (null, plainForms);
    }

    /// <summary>A twin's state machine: <c>&lt;Worker__Greenlet&gt;d__3.MoveNext</c>, or a rewritten local function's.</summary>
    private static bool IsRewrittenCode(MethodBase method) =>
        method.Name == nameof(System.Runtime.CompilerServices.IAsyncStateMachine.MoveNext)
        && method.DeclaringType!.Name.Contains(Twins.Suffix + ">", StringComparison.Ordinal);

    private static bool IsLambda(MethodBase method) => method.Name.StartsWith('<') || method.DeclaringType!.Name.StartsWith("<>", StringComparison.Ordinal);

    /// <summary>Whether the method is marked [Greenlet], or overrides one that is (such overrides are rewritten too).</summary>
    private static bool IsGreenletMethod(MethodBase method)
    {
        for (MethodInfo? current = method as MethodInfo; current is not null; current = Overridden(current))
        {
            if (current.IsDefined(typeof(GreenletAttribute), inherit: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Looked up among the methods of the type as the generator registered it, or, where allowed, by reflection.</summary>
    private static bool IsGreenletMethod(Type? type, string methodName)
    {
        const BindingFlags Methods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var methods = TwinRegistry.Find(type) is { } registration ? registration.Type.GetMethods(Methods)
            : ReflectionFallback.IsSupported ? type?.GetMethods(Methods)
            : null;
        return methods?.Any(m => m.Name == methodName && IsGreenletMethod(m)) == true;
    }

    private static MethodInfo? Overridden(MethodInfo method)
    {
        if (method.GetBaseDefinition() == method || method.DeclaringType?.BaseType is not { } baseType)
        {
            return null;
        }

        const BindingFlags Methods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        return TwinRegistry.Find(baseType) is { } registration ? registration.Type.GetMethod(method.Name, Methods, null, parameters, null)
            : ReflectionFallback.IsSupported ? baseType.GetMethod(method.Name, Methods, null, parameters, null)
            : null;
    }
}
