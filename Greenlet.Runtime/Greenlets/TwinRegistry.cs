using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Greenlets.CompilerServices;

/// <summary>
/// Where generated code registers the twins of a type's [Greenlet] methods, so that a spawn given a delegate the
/// compile-time redirection could not see (one stored in a variable, or passed from code built without the generator)
/// still runs the rewritten method. Each registration names the type, which keeps its methods for reports in trimmed
/// and native AOT apps, and a resolver written by the generator, which builds a twin's delegate without reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TwinRegistry
{
    private const DynamicallyAccessedMemberTypes Methods = DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    private static readonly ConcurrentDictionary<Type, Registration> s_types = new();

    /// <summary>Registers the twins of <paramref name="type"/>'s [Greenlet] methods. Called from generated module initializers.</summary>
    /// <param name="type">The type that declares the [Greenlet] methods and their twins.</param>
    /// <param name="resolve">
    /// Given one of <paramref name="type"/>'s methods, a factory that makes its twin's delegate for a target (null for a
    /// static method), or null when the method has no twin the resolver can name (a generic method).
    /// </param>
    public static void Register([DynamicallyAccessedMembers(Methods)] Type type, Func<MethodInfo, Func<object?, Delegate>?> resolve)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(resolve);
        // A type declared across several files is registered once per file, each part with its own twins.
        lock (s_types)
        {
            s_types[type] = s_types.TryGetValue(type, out var registered) ? registered.With(resolve) : new Registration(type, [resolve]);
        }
    }

    /// <summary>
    /// Registers the twins of <paramref name="type"/>'s [Greenlet] methods as a table: one method that numbers a method's
    /// twin and one that makes the delegate of a numbered twin, rather than a factory lambda per method, which the compiler
    /// would have to lower one by one. Called from generated module initializers.
    /// </summary>
    /// <param name="type">The type that declares the [Greenlet] methods and their twins.</param>
    /// <param name="find">
    /// Given one of <paramref name="type"/>'s methods, the number of its twin, or -1 when the method has no twin the
    /// resolver can name (a generic method).
    /// </param>
    /// <param name="create">Given a twin's number and a target (null for a static method), the twin's delegate.</param>
    public static void Register([DynamicallyAccessedMembers(Methods)] Type type, Func<MethodInfo, int> find, Func<int, object?, Delegate> create)
    {
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(create);
        Register(type, method => find(method) is var twin and >= 0 ? target => create(twin, target) : null);
    }

    /// <summary>Whether <paramref name="method"/> is named <paramref name="name"/> and takes exactly <paramref name="parameterTypes"/>.</summary>
    /// <param name="method">A method of a registered type.</param>
    /// <param name="name">The [Greenlet] method's name.</param>
    /// <param name="parameterTypes">The [Greenlet] method's parameter types, in order.</param>
    /// <returns>True when both match.</returns>
    public static bool Matches(MethodInfo method, string name, params Type[] parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Name != name || method.IsGenericMethod)
        {
            return false;
        }

        var parameters = method.GetParameters();
        if (parameters.Length != parameterTypes.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType != parameterTypes[i])
            {
                return false;
            }
        }

        return true;
    }

    internal static Registration? Find(Type? type) =>
        type is not null && s_types.TryGetValue(type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type, out var registration)
            ? registration
            : null;

    /// <summary>A registered type, with the annotation that keeps its methods (a dictionary's values cannot carry one).</summary>
    internal sealed class Registration([DynamicallyAccessedMembers(Methods)] Type type, Func<MethodInfo, Func<object?, Delegate>?>[] resolvers)
    {
        [DynamicallyAccessedMembers(Methods)]
        public Type Type { get; } = type;

        /// <summary>The factory of <paramref name="method"/>'s twin, or null.</summary>
        public Func<object?, Delegate>? Resolve(MethodInfo method)
        {
            foreach (var resolve in resolvers)
            {
                if (resolve(method) is { } factory)
                {
                    return factory;
                }
            }

            return null;
        }

        public Registration With(Func<MethodInfo, Func<object?, Delegate>?> resolve) => new(Type, [.. resolvers, resolve]);
    }
}
