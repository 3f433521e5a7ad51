using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

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
/// The generator registers a resolver for each type whose twins it can name (<see cref="TwinRegistry"/>); a twin
/// it could not register (a generic method, a generic type, a private type inside a private type) is found by its name and parameters
/// where reflection may create code (<see cref="ReflectionFallback"/>). Lookups are cached per method.
/// </summary>
internal static class Twins
{
    public const string Suffix = "__Greenlet";

    private static readonly ConcurrentDictionary<MethodInfo, Func<object?, Delegate>?> s_factories = new();

    public static TTwin? Find<TTwin>(Delegate function)
        where TTwin : Delegate
    {
        var method = function.Method;
        if (method.IsStatic)
        {
            // A static twin's delegate is the same every time: build it once per method.
            return StaticTwins<TTwin>.Delegates.GetOrAdd(method, static m => Create<TTwin>(m, null));
        }

        return Create<TTwin>(method, function.Target);
    }

    private static TTwin? Create<TTwin>(MethodInfo method, object? target)
        where TTwin : Delegate
    {
        if (s_factories.GetOrAdd(method, Resolve) is { } factory)
        {
            return factory(target) as TTwin;
        }

        return ReflectionFallback.IsSupported ? ReflectionTwins.Find<TTwin>(method, target) : null;
    }

    private static Func<object?, Delegate>? Resolve(MethodInfo method)
    {
        if (TwinRegistry.Find(method.DeclaringType)?.Resolve(method) is { } factory)
        {
            return factory;
        }

        // Without the fallback an unregistered [Greenlet] method cannot run cooperatively: say so at the spawn, rather
        // than run its plain form, which would fail at its first cooperative call.
        return !ReflectionFallback.IsSupported && method.IsDefined(typeof(GreenletAttribute), inherit: false)
            ? _ => throw new NotSupportedException(
                $"{method.DeclaringType?.Name}.{method.Name} is a [Greenlet] method spawned through a delegate, and its twin is not registered, so it cannot be found " +
                "without runtime code generation (native AOT, trimming). The generator registers the non-generic methods of non-generic types that the " +
                "assembly can name, or that are nested one level inside such a type; move the method to one of those.")
            : null;
    }

    private static class StaticTwins<TTwin>
        where TTwin : Delegate
    {
        public static readonly ConcurrentDictionary<MethodInfo, TTwin?> Delegates = new();
    }

    /// <summary>The twins the generator could not register, found by name and parameters.</summary>
    private static class ReflectionTwins
    {
        private static readonly ConcurrentDictionary<MethodInfo, MethodInfo?> s_twins = new();

        [RequiresUnreferencedCode("Reads the methods of the [Greenlet] method's declaring type.")]
        [RequiresDynamicCode("Instantiates generic twins.")]
        public static TTwin? Find<TTwin>(MethodInfo method, object? target)
            where TTwin : Delegate
        {
            var twin = s_twins.GetOrAdd(method, FindTwinMethod);
            return (TTwin?)(method.IsStatic ? twin?.CreateDelegate(typeof(TTwin)) : twin?.CreateDelegate(typeof(TTwin), target));
        }

        [RequiresUnreferencedCode("Reads the methods of the [Greenlet] method's declaring type.")]
        [RequiresDynamicCode("Instantiates generic twins.")]
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
}

/// <summary>
/// Whether the runtime may fall back to reflection that trimming or native AOT cannot keep working: finding a twin the
/// generator did not register, reading a type it did not register for a report. On by default where the runtime can
/// generate code; the package's props turn it off for trimmed and native AOT publishing (the feature switch below),
/// so that the trimmer removes the fallback and the analyzers know it is gone.
/// </summary>
internal static class ReflectionFallback
{
    public const string SwitchName = "Greenlets.ReflectionFallback.IsSupported";

    [FeatureSwitchDefinition(SwitchName)]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsSupported { get; } = RuntimeFeature.IsDynamicCodeSupported && (!AppContext.TryGetSwitch(SwitchName, out var enabled) || enabled);
}
