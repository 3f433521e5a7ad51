using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Generators
{
    /// <summary>
    /// Finds calls such as <c>Greenlet.Spawn(Worker, "steve")</c> that pass [Greenlet] method groups to a method
    /// marked [TwinOverload], and describes an interceptor that calls the twin overload with the twins instead.
    /// A site it cannot name from generated code (private types, type parameters in scope) is left alone: the
    /// runtime finds the twin by reflection there.
    /// </summary>
    internal static class InterceptorParser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
            && invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax);

        public static InterceptorModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            var model = context.SemanticModel;
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
            foreach (var argument in operation.Arguments)
            {
                // Only parameters declared as delegates take twins; a type parameter inferred as a delegate is an argument.
                if (argument.Parameter is not { OriginalDefinition.Type.TypeKind: TypeKind.Delegate } parameter)
                {
                    continue;
                }

                if (argument.Value is not IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                    || !CallClassifier.IsGreenletMethod(reference.Method)
                    || reference.Method.MethodKind != MethodKind.Ordinary
                    || !IsNameable(reference.Method, compilation))
                {
                    return null;
                }

                arguments[parameter.Ordinal] = TwinReference(reference.Method, Parameter(parameter.Name));
                anyTwin = true;
            }

            if (!anyTwin
                || !IsNameable(method.ReturnType, compilation)
                || method.Parameters.Any(p => !IsNameable(p.Type, compilation) || p.RefKind != RefKind.None)
                || (!method.IsStatic && !IsNameable(method.ContainingType, compilation)))
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

            var parameters = method.Parameters.Select(p => $"{p.Type.ToDisplayString(s_typeFormat)} {Parameter(p.Name)}");
            if (!method.IsStatic)
            {
                parameters = new[] { $"this {method.ContainingType.ToDisplayString(s_typeFormat)} @this" }.Concat(parameters);
            }

            var receiver = method.IsStatic ? method.ContainingType.ToDisplayString(s_typeFormat) : "@this";
            var typeArguments = method.IsGenericMethod
                ? "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(s_typeFormat))) + ">"
                : "";
            var lineSpan = invocation.GetLocation().GetLineSpan();
            return new InterceptorModel(
                location.GetInterceptsLocationAttributeSyntax(),
                method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat),
                string.Join(", ", parameters),
                $"{receiver}.{overloadName}{typeArguments}({string.Join(", ", arguments)})",
                $"{lineSpan.Path}:{lineSpan.StartLinePosition.Line:D6}:{lineSpan.StartLinePosition.Character:D6}");
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
            var typeArguments = target.IsGenericMethod
                ? "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(s_typeFormat))) + ">"
                : "";
            var name = target.Name + KnownNames.TwinSuffix + typeArguments;
            var owner = target.ContainingType.ToDisplayString(s_typeFormat);
            if (!target.IsStatic)
            {
                return $"(({owner}){delegateParameter}.Target!).{name}";
            }

            var lambdaParameters = string.Join(", ", target.Parameters.Select((_, i) => $"__a{i + 1}"));
            return $"static ({lambdaParameters}) => {owner}.{name}({lambdaParameters})";
        }

        /// <summary>Whether generated code at the top level of this assembly can name the symbol.</summary>
        private static bool IsNameable(ISymbol symbol, Compilation compilation)
        {
            switch (symbol)
            {
                case ITypeParameterSymbol:
                case IErrorTypeSymbol:
                    return false;
                case INamedTypeSymbol { IsAnonymousType: true }:
                    return false;
                case INamedTypeSymbol named when named.IsFileLocal:
                    return false;
                case INamedTypeSymbol named:
                    return compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly)
                        && named.TypeArguments.All(t => IsNameable(t, compilation))
                        && (named.ContainingType is null || IsNameable(named.ContainingType, compilation));
                case IArrayTypeSymbol array:
                    return IsNameable(array.ElementType, compilation);
                case IPointerTypeSymbol:
                case IFunctionPointerTypeSymbol:
                    return false;
                case IMethodSymbol method:
                    return compilation.IsSymbolAccessibleWithin(method.OriginalDefinition, compilation.Assembly)
                        && IsNameable(method.ContainingType, compilation)
                        && method.TypeArguments.All(t => IsNameable(t, compilation));
                default:
                    return true;
            }
        }
    }
}
