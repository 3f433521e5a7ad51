using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Greenlets.Generators;

/// <summary>
/// The spawnable form of a cooperative operation, as one declaration of the generated <c>CooperativeForms</c> class:
/// <c>public static async global::Greenlets.CompilerServices.GreenTask Sleep__Greenlet(double @seconds) => await Greenlet.SleepAwaitable(@seconds);</c>.
/// It has the shape of a rewritten [Greenlet] method, so a spawn site passing <c>Greenlet.Sleep</c> runs it as a
/// greenlet, and the greenlet describes itself as <c>Greenlet.Sleep(10)</c>.
/// </summary>
internal sealed record CooperativeForm(string ClassName, string Declaration);

/// <summary>
/// Plans the spawn of a cooperative operation's method group (<c>Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10)</c>, gevent's
/// <c>gevent.spawn(gevent.sleep, 10)</c>): the twin-taking overload gets a delegate to its spawnable form instead.
/// </summary>
internal static class CooperativeSpawn
{
    /// <summary>The file-local class holding the forms, in every generated file that needs some.</summary>
    public const string FormsClass = "CooperativeForms";

    public const string FormsNamespace = KnownNames.InterceptorsNamespace;

    /// <summary>The receiver of an instance operation, as the forms' first parameter; descriptions leave it out.</summary>
    public const string Receiver = "@this";

    /// <summary>Whether the method is a cooperative operation, not a [Greenlet] method: a method group of it is spawned through its form.</summary>
    public static bool IsCooperative(IMethodSymbol method) => CallClassifier.IsCooperativeOperation(method);

    /// <summary>The form of <paramref name="method"/>, or why it has none (then a spawn of it is the error GRN0014).</summary>
    public static CooperativeForm? Plan(IMethodSymbol method, Compilation compilation, out string? whyNot)
    {
        var definition = method.OriginalDefinition;
        var awaitable = CallClassifier.AttributeArgument(definition, KnownNames.CooperativeAttribute)!;
        whyNot = WhyNotSpawnable(method, awaitable, compilation);
        if (whyNot is not null)
        {
            return null;
        }

        var parameters = method.Parameters.Select(p => $"{TypeNaming.Display(p.Type)} {Name(p)}").ToList();
        var arguments = string.Join(", ", method.Parameters.Select(Name));
        string target;
        if (method.IsStatic)
        {
            target = TypeNaming.Display(method.ContainingType);
        }
        else
        {
            parameters.Insert(0, $"{TypeNaming.Display(method.ContainingType)} {Receiver}");
            target = Receiver;
        }

        var returnType = method.ReturnsVoid ? KnownNames.GreenTask : $"{KnownNames.GreenTask}<{TypeNaming.Display(method.ReturnType)}>";
        var declaration = $"public static async {returnType} {method.Name}{KnownNames.TwinSuffix}({string.Join(", ", parameters)})"
            + $" => await {target}.{awaitable}{TypeNaming.TypeArguments(method)}({arguments});";
        return new CooperativeForm(ClassName(method), declaration);
    }

    /// <summary>
    /// The delegate a twin-taking parameter gets for the method group: a static lambda calling the form, or, for an
    /// instance operation, one that passes <paramref name="receiver"/> (an expression) along. On one line.
    /// </summary>
    public static string Reference(IMethodSymbol method, string? receiver)
    {
        var names = string.Join(", ", method.Parameters.Select((_, i) => $"__a{i + 1}"));
        var form = $"global::{FormsNamespace}.{FormsClass}.{ClassName(method)}.{method.Name}{KnownNames.TwinSuffix}";
        return method.IsStatic || receiver is null
            ? $"static ({names}) => {form}({names})"
            : $"({names}) => {form}({receiver}{(names.Length > 0 ? ", " : "")}{names})";
    }

    /// <summary>Writes the forms, each once, as the file-local class the references name.</summary>
    public static void Emit(CodeWriter writer, IEnumerable<CooperativeForm> forms)
    {
        var byClass = forms.Distinct().GroupBy(f => f.ClassName).OrderBy(g => g.Key, System.StringComparer.Ordinal).ToList();
        if (byClass.Count == 0)
        {
            return;
        }

        writer.Line();
        writer.Raw("#nullable enable");
        using (writer.Block($"namespace {FormsNamespace}"))
        {
            writer.Line("// Cooperative operations spawned by method group (Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10)), in the shape of");
            writer.Line("// rewritten [Greenlet] methods: each awaits the operation's awaitable form.");
            using (writer.Block($"file static class {FormsClass}"))
            {
                for (var i = 0; i < byClass.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.Line();
                    }

                    using (writer.Block($"public static class {byClass[i].Key}"))
                    {
                        foreach (var form in byClass[i].OrderBy(f => f.Declaration, System.StringComparer.Ordinal))
                        {
                            writer.Line(form.Declaration);
                        }
                    }
                }
            }
        }
    }

    private static string? WhyNotSpawnable(IMethodSymbol method, string awaitable, Compilation compilation)
    {
        if (method.ReducedFrom is not null || method.IsExtensionMethod)
        {
            return "it is an extension method";
        }

        if (!HasAwaitableForm(method, awaitable))
        {
            return $"its type has no awaitable form '{awaitable}' with the same parameters";
        }

        var delegatesRunElsewhere = CallClassifier.NamedArgument(method.OriginalDefinition, KnownNames.CooperativeAttribute, "HasOffHubDelegates") is true;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return $"its parameter '{parameter.Name}' is passed by reference";
            }

            if (parameter.Type.IsRefLikeType)
            {
                return $"its parameter '{parameter.Name}' is a ref struct, which cannot outlive a suspension";
            }

            if (parameter.Type.TypeKind == TypeKind.Delegate && !delegatesRunElsewhere)
            {
                return $"its parameter '{parameter.Name}' is a delegate, whose awaitable form takes the rewritten form of a [Greenlet] method";
            }
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType)
        {
            return "it returns by reference or a ref struct";
        }

        var unnameable = new ISymbol[] { method.ContainingType, method.ReturnType }
            .Concat(method.Parameters.Select(p => p.Type))
            .Concat(method.TypeArguments)
            .FirstOrDefault(symbol => !(symbol is ITypeSymbol { SpecialType: SpecialType.System_Void } || TypeNaming.IsNameable(symbol, compilation)));
        if (unnameable is not null || !compilation.IsSymbolAccessibleWithin(method.OriginalDefinition, compilation.Assembly))
        {
            return $"generated code cannot name {(unnameable?.ToDisplayString() ?? method.Name)} here (a type parameter, or a type private to its class or file)";
        }

        return null;
    }

    /// <summary>
    /// Whether the type declaring the cooperative method (or a base type or interface) has the awaitable form it
    /// names, with as many parameters; the same test as for a call in a [Greenlet] method.
    /// </summary>
    public static bool HasAwaitableForm(IMethodSymbol method, string awaitableName)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        for (var type = definition.ContainingType; type is not null; type = type.BaseType)
        {
            if (DeclaresForm(type, definition, awaitableName))
            {
                return true;
            }
        }

        foreach (var type in definition.ContainingType.AllInterfaces)
        {
            if (DeclaresForm(type, definition, awaitableName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Loops rather than queries: this runs for every cooperative call of every [Greenlet] body.</summary>
    private static bool DeclaresForm(INamedTypeSymbol type, IMethodSymbol definition, string awaitableName)
    {
        foreach (var member in type.GetMembers(awaitableName))
        {
            if (member is IMethodSymbol form && form.IsStatic == definition.IsStatic && form.Parameters.Length == definition.Parameters.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>GreenQueue</c> for <c>GreenQueue&lt;int&gt;.Get</c>: the class the form sits in names the operation's type.</summary>
    private static string ClassName(IMethodSymbol method) => method.ContainingType.Name;

    private static string Name(IParameterSymbol parameter) => "@" + parameter.Name;
}
