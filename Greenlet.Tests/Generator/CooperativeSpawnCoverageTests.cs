using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Generator;

/// <summary>
/// Every cooperative operation of the runtime (every public method marked [Cooperative]) can be spawned by its method
/// group, <c>Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10)</c> as gevent's <c>gevent.spawn(gevent.sleep, 10)</c>: from plain code
/// and from a [Greenlet] method, the spawn is sent to the operation's awaitable form and the whole compiles. The only
/// exceptions are the operations whose delegates take rewritten [Greenlet] methods, which are the compile-time error
/// GRN0014 at the spawn; none is left to fail at run time.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class CooperativeSpawnCoverageTests
{
    private static readonly List<MethodInfo> s_operations = typeof(Greenlet).Assembly.GetExportedTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(method => method.IsDefined(typeof(CooperativeAttribute)) && method.GetParameters().Length <= 6)
        .OrderBy(method => $"{method.DeclaringType!.FullName}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})", StringComparer.Ordinal)
        .ToList();

    [Test]
    public void EveryCooperativeOperationIsSpawnedThroughItsAwaitableFormOrIsACompileTimeError()
    {
        Assert.That(s_operations, Has.Count.GreaterThan(40), "the runtime's cooperative operations were found");
        var source = new StringBuilder("using Greenlets;\n\npublic static partial class Spawns\n{\n");
        for (var i = 0; i < s_operations.Count; i++)
        {
            var (parameters, spawn) = SpawnOf(s_operations[i]);
            source.Append($"    public static Greenlet Plain{i}({parameters}) => {spawn};\n\n");
            source.Append($"    [Greenlet]\n    public static void Inside{i}({parameters}) => {spawn}.Join();\n\n");
        }

        source.Append("}\n");
        var run = GeneratorHarness.Generate(source.ToString());

        var expectedErrors = s_operations
            .Where(method => !HasOffHubDelegates(method) && method.GetParameters().Any(p => typeof(Delegate).IsAssignableFrom(p.ParameterType)))
            .Select(method => $"{method.DeclaringType!.Name.Split((char)96)[0]}.{method.Name}")
            .ToList();
        var errors = run.AllDiagnostics.Where(d => d.Id == "GRN0014").ToList();
        TestContext.Out.WriteLine($"{s_operations.Count} cooperative operations; cannot be spawned: {string.Join(", ", expectedErrors)}");
        Assert.Multiple(() =>
        {
            Assert.That(run.AllDiagnostics.Where(d => d.Id != "GRN0014").Select(GeneratorRun.Format), Is.Empty, "everything else compiles:\n" + source);
            Assert.That(errors.Select(d => d.GetMessage().Split('\'')[1]), Is.EquivalentTo(expectedErrors.Concat(expectedErrors)),
                "GRN0014 at each spawn, plain and inside, of an operation whose delegates take rewritten methods");
            Assert.That(errors.Select(d => d.GetMessage()), Has.All.Contain("is a delegate, whose awaitable form takes the rewritten form of a [Greenlet] method"));
        });

        // Every other plain spawn site is intercepted.
        var tree = run.Output.SyntaxTrees.First();
        var model = run.Output.GetSemanticModel(tree);
        var plainSpawns = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.Text.StartsWith("Plain", StringComparison.Ordinal))
            .Select(m => m.DescendantNodes().OfType<InvocationExpressionSyntax>().First())
            .ToList();
        Assert.That(plainSpawns.Count(call => model.GetInterceptorMethod(call) is not null), Is.EqualTo(s_operations.Count - expectedErrors.Count));
    }

    /// <summary>
    /// <c>(GreenQueue&lt;int&gt; target, bool a1, double? a2)</c> and <c>Greenlet.Spawn(target.Get, a1, a2)</c>: one
    /// parameter per argument, of the operation's parameter's exact type, as a delegate needs.
    /// </summary>
    private static (string Parameters, string Spawn) SpawnOf(MethodInfo method)
    {
        var operation = method.IsGenericMethodDefinition ? method.MakeGenericMethod(method.GetGenericArguments().Select(_ => typeof(int)).ToArray()) : method;
        var parameters = operation.GetParameters().Select((p, i) => $"{TypeName(p.ParameterType)} a{i + 1}").ToList();
        var receiver = TypeName(method.DeclaringType!);
        if (!method.IsStatic)
        {
            parameters.Insert(0, $"{receiver} target");
            receiver = "target";
        }

        var arguments = operation.GetParameters().Select((_, i) => $", a{i + 1}");
        return (string.Join(", ", parameters), $"Greenlet.Spawn({receiver}.{method.Name}{string.Concat(arguments)})");
    }

    private static bool HasOffHubDelegates(MethodInfo method) => method.GetCustomAttribute<CooperativeAttribute>()!.HasOffHubDelegates;

    /// <summary>The C# name of a runtime type, its generic parameters given as <c>int</c>.</summary>
    private static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return "int";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : "global::" + type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).ToList();
        var tick = name.LastIndexOf('`');
        return own.Count == 0 ? name : $"{name[..tick]}<{string.Join(", ", own.Select(TypeName))}>";
    }
}
