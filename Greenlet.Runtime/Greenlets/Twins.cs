using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;

namespace Greenlets.CompilerServices;

/// <summary>
/// Lists, on a rewritten method, where each of its suspension points is in the user's source, in the order
/// the compiler numbers its awaits. Dumps use it to say where a greenlet is suspended.
/// </summary>
/// <param name="points">One entry per suspension point: <c>file:line: call</c>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SuspensionPointsAttribute(params string[] points) : Attribute
{
    /// <summary>The suspension points, in await order.</summary>
    public string[] Points { get; } = points;
}

/// <summary>
/// Finds the rewritten twin of a [Greenlet] method from a delegate, for spawn sites the compile-time
/// redirection could not see (a delegate stored in a variable, a call from code built without the generator).
/// The twin is found by its name and parameters; lookups are cached per method.
/// </summary>
internal static class Twins
{
    public const string Suffix = "__Greenlet";

    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo?> s_twins = new();

    public static TTwin? Find<TTwin>(Delegate function)
        where TTwin : Delegate
    {
        var method = function.Method;
        if (method.IsStatic)
        {
            // A static twin's delegate is the same every time: build it once per method.
            return StaticTwins<TTwin>.Delegates.GetOrAdd(method, static m => (TTwin?)s_twins.GetOrAdd(m, FindTwinMethod)?.CreateDelegate(typeof(TTwin)));
        }

        var twin = s_twins.GetOrAdd(method, FindTwinMethod);
        return (TTwin?)twin?.CreateDelegate(typeof(TTwin), function.Target);
    }

    private static class StaticTwins<TTwin>
        where TTwin : Delegate
    {
        public static readonly ConcurrentDictionary<MethodInfo, TTwin?> Delegates = new();
    }

    private static MethodInfo? FindTwinMethod(MethodInfo method)
    {
        if (method.DeclaringType is null || method.GetCustomAttribute<GreenletAttribute>() is null)
        {
            return null;
        }

        var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        var definition = method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;
        var definitionParameters = definition.GetParameters().Select(p => p.ParameterType).ToArray();
        foreach (var candidate in method.DeclaringType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (candidate.Name != method.Name + Suffix
                || candidate.IsStatic != method.IsStatic
                || candidate.GetGenericArguments().Length != definition.GetGenericArguments().Length)
            {
                continue;
            }

            var constructed = method.IsGenericMethod ? candidate.MakeGenericMethod(method.GetGenericArguments()) : candidate;
            var candidateParameters = constructed.GetParameters().Select(p => p.ParameterType);
            if (candidateParameters.SequenceEqual(parameters) && definitionParameters.Length == parameters.Length)
            {
                return constructed;
            }
        }

        return null;
    }
}
