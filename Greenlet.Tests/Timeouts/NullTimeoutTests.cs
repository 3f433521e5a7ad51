using System.Reflection;
using System.Text;
using Greenlets.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Timeouts;

/// <summary>
/// <c>timeout: null</c> means "as long as it takes" on every method that has a timeout, as gevent's
/// <c>timeout=None</c> does. Every timeout is one <see cref="GreenDuration"/>? parameter, so there is no seconds and
/// TimeSpan pair to choose between. Where a method also has a form whose timeout is a <see cref="GreenTimeout"/>
/// (<c>Join</c>, <c>Get</c>), a null still compiles and picks the <see cref="GreenDuration"/> form, which carries
/// <see cref="System.Runtime.CompilerServices.OverloadResolutionPriorityAttribute"/> for that.
/// </summary>
/// <remarks>
/// gevent, run with /usr/bin/python3 (gevent 22.10.2):
/// <code>
/// g = gevent.spawn(lambda: (gevent.sleep(5), 42)[1])
/// g.join(timeout=None); print(g.dead)      # True
/// print(gevent.spawn(lambda: (gevent.sleep(5), 42)[1]).get(timeout=None))   # 42
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class NullTimeoutTests : HubTestBase
{
    [Greenlet]
    private static int SleepThenAnswer(double seconds)
    {
        Greenlet.Sleep(seconds);
        return 42;
    }

    [Greenlet]
    private static string JoinAndGetWithNullTimeouts(Greenlet<int> target)
    {
        target.Join(timeout: null);
        var joined = global::Greenlets.Hub.Current.Now.TotalSeconds;
        return $"{joined} {target.Get(timeout: null)} {((Greenlet)target).Get(timeout: null)}";
    }

    [Test]
    public void JoinAndGetWithANullTimeoutWaitForever()
    {
        var g = Greenlet.Spawn(SleepThenAnswer, 5.0);
        g.Join(timeout: null);
        Assert.That((g.IsDead, Now), Is.EqualTo((true, 5.0)));

        var typed = Greenlet.Spawn(SleepThenAnswer, 5.0);
        Assert.That(typed.Get(timeout: null), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(10));

        var untyped = (Greenlet)Greenlet.Spawn(SleepThenAnswer, 5.0);
        Assert.That(untyped.Get(timeout: null), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(15));
    }

    [Test]
    public void RewrittenCodeWaitsForeverOnANullTimeoutToo()
    {
        var waiter = Greenlet.Spawn(JoinAndGetWithNullTimeouts, Greenlet.Spawn(SleepThenAnswer, 3.0));

        Assert.That(waiter.Get(), Is.EqualTo("3 42 42"));
    }

    [Test]
    public void ANullGreenTimeoutWaitsForeverLikeANullNumberOfSeconds()
    {
        var g = Greenlet.Spawn(SleepThenAnswer, 2.0);
        GreenTimeout? none = null;

        g.Join(none);
        Assert.That((g.IsDead, Now), Is.EqualTo((true, 2.0)));
        Assert.That(Greenlet.Spawn(SleepThenAnswer, 2.0).Get(none), Is.EqualTo(42));
        Assert.That(((Greenlet)Greenlet.Spawn(SleepThenAnswer, 2.0)).Get(none), Is.EqualTo(42));
        Assert.That(Now, Is.EqualTo(6));
    }

    /// <summary>Every public method of the runtime with a parameter named <c>timeout</c> or <c>…Timeout</c>.</summary>
    private static IReadOnlyList<(MethodInfo Method, ParameterInfo Timeout)> MethodsWithATimeout() =>
        typeof(Greenlet).Assembly.GetExportedTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => !method.IsSpecialName)
            .SelectMany(method => method.GetParameters()
                .Where(p => p.Name == "timeout" || p.Name!.EndsWith("Timeout", StringComparison.Ordinal))
                .Select(p => (method, p)))
            .ToList();

    [Test]
    public void EveryTimeoutParameterTakesNullInPlainAndRewrittenCode()
    {
        var methods = MethodsWithATimeout();
        Assert.That(methods, Has.Count.GreaterThan(80), "the public surface has this many waits with a timeout");

        var calls = methods.Select(m => CallWithNullTimeout(m.Method, m.Timeout)).ToList();
        var source = new StringBuilder("""
            using Greenlets;

            namespace NullTimeouts;

            public static partial class Calls
            {
                public static void Plain()
                {

            """);
        foreach (var call in calls)
        {
            source.Append("        ").Append(call).AppendLine(";");
        }

        source.AppendLine("""
                }

                [Greenlet]
                public static void Rewritten()
                {
            """);
        foreach (var call in calls)
        {
            source.Append("        ").Append(call).AppendLine(";");
        }

        source.AppendLine("    }").AppendLine("}");

        var run = GeneratorHarness.Generate(source.ToString());
        var errors = run.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(GeneratorRun.Format).ToList();
        Assert.That(errors, Is.Empty, "timeout: null must compile everywhere:\n" + source);

        // Each call binds to the method itself or, where a GreenTimeout sibling also takes null, to the GreenDuration form.
        var tree = run.Input.SyntaxTrees.Single();
        var model = run.Input.GetSemanticModel(tree);
        var invocations = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Take(calls.Count).ToList();
        Assert.That(invocations, Has.Count.EqualTo(methods.Count));
        for (var i = 0; i < methods.Count; i++)
        {
            var (method, timeout) = methods[i];
            var bound = (IMethodSymbol)model.GetSymbolInfo(invocations[i]).Symbol!;
            var boundTimeout = bound.Parameters.Single(p => p.Name == timeout.Name).Type.ToDisplayString();
            Assert.That(
                bound.Name == method.Name && (boundTimeout == "Greenlets.GreenDuration?" || Describe(bound) == Describe(method)),
                Is.True,
                $"{calls[i]} bound to {bound.ToDisplayString()}");
        }
    }

    [Test]
    public void AGreenDurationBesideAGreenTimeoutWinsOverloadResolution()
    {
        var methods = MethodsWithATimeout();
        var besideAGreenTimeout = methods
            .Where(m => m.Timeout.ParameterType == typeof(GreenDuration?))
            .Where(m => methods.Any(other => other.Method.DeclaringType == m.Method.DeclaringType
                && other.Method.Name == m.Method.Name && other.Timeout.ParameterType == typeof(GreenTimeout)))
            .ToList();
        var withoutPriority = besideAGreenTimeout
            .Where(m => m.Method.GetCustomAttribute<System.Runtime.CompilerServices.OverloadResolutionPriorityAttribute>() is not { Priority: > 0 })
            .Select(m => $"{m.Method.DeclaringType!.Name}.{m.Method.Name}");

        Assert.That(besideAGreenTimeout, Has.Count.EqualTo(6), "Join, Get and their awaitable forms, on Greenlet and Greenlet<T>");
        Assert.That(withoutPriority, Is.Empty, "a GreenTimeout? sibling would make timeout: null ambiguous");
    }

    private static string Describe(IMethodSymbol method) =>
        $"{method.ContainingType.Name}.{method.Name}({string.Join(", ", method.OriginalDefinition.Parameters.Select(p => p.Name))})";

    private static string Describe(MethodInfo method) =>
        $"{method.DeclaringType!.Name.Split('`')[0]}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.Name))})";

    /// <summary>
    /// A call that names its arguments: the timeout as null, each other required parameter as a default of its
    /// type, the optional ones left out; type parameters are <c>int</c> (<c>string</c> where they must be classes).
    /// </summary>
    private static string CallWithNullTimeout(MethodInfo method, ParameterInfo timeout)
    {
        var type = method.DeclaringType!;
        var receiver = method.IsStatic ? CSharp(type) : $"default({CSharp(type)})!";
        var typeArguments = method.IsGenericMethodDefinition
            ? "<" + string.Join(", ", method.GetGenericArguments().Select(TypeArgumentFor)) + ">"
            : "";
        var arguments = method.GetParameters()
            .Where(p => p == timeout || !p.HasDefaultValue)
            .Select(p => p == timeout ? $"{p.Name}: null" : $"{p.Name}: default({CSharp(p.ParameterType)})!");
        return $"{receiver}.{method.Name}{typeArguments}({string.Join(", ", arguments)})";
    }

    private static string TypeArgumentFor(Type parameter) =>
        parameter.GenericParameterAttributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint) ? "string" : "int";

    private static string CSharp(Type type)
    {
        if (type.IsGenericParameter)
        {
            return TypeArgumentFor(type);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return CSharp(underlying) + "?";
        }

        if (type.IsArray)
        {
            return CSharp(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? CSharp(type.DeclaringType!) + "." + type.Name : $"global::{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name;
        }

        var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).ToArray();
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return own.Length == 0 ? name : $"{name[..tick]}<{string.Join(", ", own.Select(CSharp))}>";
    }
}
