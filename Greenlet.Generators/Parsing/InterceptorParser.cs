using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Generators;

/// <summary>
/// Finds calls such as <c>Greenlet.Spawn(Worker, "steve")</c> that pass [Greenlet] method groups to a method
/// marked [TwinOverload], and describes an interceptor that calls the twin overload with the twins instead.
/// A site it cannot name from generated code (private types, type parameters in scope) is left alone: the
/// runtime finds the twin by reflection there. A cooperative operation's method group (<c>Greenlet.Sleep</c>) is
/// sent to its spawnable form, or, where it has none, reported (GRN0014).
/// </summary>
internal static class InterceptorParser
{
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
        && CallNameFilter.InvokedName(invocation.Expression) is { } name && KnownNames.TwinOverloadMethods.Contains(name)
        && invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax);

    public static InterceptorResult? Parse(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || method.ReducedFrom is not null
            || CallClassifier.AttributeArgument(method.OriginalDefinition, KnownNames.TwinOverloadAttribute) is not { } overloadName
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        var compilation = model.Compilation;
        var arguments = new string[method.Parameters.Length];
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            arguments[i] = Parameter(method.Parameters[i].Name);
        }

        var anyTwin = false;
        var forms = new List<CooperativeForm>();
        var errors = new List<DiagnosticInfo>();
        foreach (var argument in operation.Arguments)
        {
            // Only parameters declared as delegates take twins; a type parameter inferred as a delegate is an argument.
            if (argument.Parameter is not { OriginalDefinition.Type.TypeKind: TypeKind.Delegate } parameter)
            {
                continue;
            }

            if (argument.Value is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var cooperative } }
                && CooperativeSpawn.IsCooperative(cooperative))
            {
                if (CooperativeSpawn.Plan(cooperative, compilation, out var whyNot) is not { } form)
                {
                    errors.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.UnspawnableCooperativeMethod.Id,
                        LocationInfo.From(argument.Syntax),
                        new[] { $"{cooperative.ContainingType.Name}.{cooperative.Name}", whyNot! }.ToEquatableArray()));
                    continue;
                }

                forms.Add(form);
                var receiver = cooperative.IsStatic ? null : $"({TypeNaming.Display(cooperative.ContainingType)}){Parameter(parameter.Name)}.Target!";
                arguments[parameter.Ordinal] = CooperativeSpawn.Reference(cooperative, receiver);
                anyTwin = true;
                continue;
            }

            if (argument.Value is not IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                || !CallClassifier.IsGreenletMethod(reference.Method)
                || reference.Method.MethodKind != MethodKind.Ordinary
                || !TypeNaming.IsNameable(reference.Method, compilation))
            {
                return errors.Count > 0 ? new InterceptorResult(null, errors.ToEquatableArray()) : null;
            }

            arguments[parameter.Ordinal] = TwinReference(reference.Method, Parameter(parameter.Name));
            anyTwin = true;
        }

        if (errors.Count > 0)
        {
            return new InterceptorResult(null, errors.ToEquatableArray()); // the build fails: no interceptor is needed
        }

        if (!anyTwin
            || !TypeNaming.IsNameable(method.ReturnType, compilation)
            || method.Parameters.Any(p => !TypeNaming.IsNameable(p.Type, compilation) || p.RefKind != RefKind.None)
            || (!method.IsStatic && !TypeNaming.IsNameable(method.ContainingType, compilation)))
        {
            return null;
        }

#pragma warning disable RSEXPERIMENTAL002 // the interceptable-location API is stable in the SDK this project pins
        var location = model.GetInterceptableLocation(invocation, cancellationToken);
#pragma warning restore RSEXPERIMENTAL002
        if (location is null)
        {
            return null;
        }

        var parameters = method.Parameters.Select(p => $"{TypeNaming.Display(p.Type)} {Parameter(p.Name)}");
        if (!method.IsStatic)
        {
            parameters = new[] { $"this {TypeNaming.Display(method.ContainingType)} @this" }.Concat(parameters);
        }

        var receiverType = method.IsStatic ? TypeNaming.Display(method.ContainingType) : "@this";
        var lineSpan = invocation.GetLocation().GetLineSpan();
        return new InterceptorResult(
            new InterceptorModel(
                location.GetInterceptsLocationAttributeSyntax(),
                method.ReturnsVoid ? "void" : TypeNaming.Display(method.ReturnType),
                string.Join(", ", parameters),
                $"{receiverType}.{overloadName}{TypeNaming.TypeArguments(method)}({string.Join(", ", arguments)})",
                $"{lineSpan.Path}:{lineSpan.StartLinePosition.Line:D6}:{lineSpan.StartLinePosition.Character:D6}",
                forms.ToEquatableArray()),
            EquatableArray<DiagnosticInfo>.Empty);
    }

    private static string Parameter(string name) => "@" + name;

    /// <summary>
    /// <c>static (__a1) =&gt; global::Workers.Worker__Greenlet(__a1)</c>, or the twin on the delegate's target for an
    /// instance method. A static method goes through a lambda rather than a method group: the compiler makes the
    /// lambda an instance method of a cached singleton, and a delegate to an instance method is called directly,
    /// where one to a static method goes through a shuffle thunk on every spawn.
    /// </summary>
    private static string TwinReference(IMethodSymbol target, string delegateParameter)
    {
        var name = target.Name + KnownNames.TwinSuffix + TypeNaming.TypeArguments(target);
        var owner = TypeNaming.Display(target.ContainingType);
        if (!target.IsStatic)
        {
            return $"(({owner}){delegateParameter}.Target!).{name}";
        }

        var lambdaParameters = string.Join(", ", target.Parameters.Select((_, i) => $"__a{i + 1}"));
        return $"static ({lambdaParameters}) => {owner}.{name}({lambdaParameters})";
    }
}
