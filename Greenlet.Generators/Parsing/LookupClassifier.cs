using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Classifies a call <c>receiver.Name(…)</c> by looking its names up instead of binding it, when the receiver is a
/// type or a parameter of an ordinary method and every method the name can reach there is classified alike
/// (<c>queue.Get()</c>: each <c>Get</c> of <c>GreenQueue&lt;T&gt;</c> is [Cooperative("GetAsync")]). Then the method
/// overload resolution would pick does not change the rewrite, and the statement is not bound: binding the calls the
/// name filter lets through was a third of the generator's time in a build. Any other call is bound as before.
/// </summary>
internal static class LookupClassifier
{
    /// <summary>The call's classification, or null when only binding the call can tell it.</summary>
    public static CallInfo? Classify(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: IdentifierNameSyntax name } access
            || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
        {
            return null;
        }

        var position = invocation.SpanStart;
        if (Receiver(model.LookupSymbols(position, name: receiver.Identifier.ValueText)) is not { } found || ReceiverType(found) is not { } type)
        {
            return null;
        }

        var isStatic = found is INamedTypeSymbol;
        var members = model.LookupSymbols(position, type, name.Identifier.ValueText, includeReducedExtensionMethods: !isStatic);
        var arguments = invocation.ArgumentList.Arguments.Count;
        CallInfo? agreed = null;
        var isCallable = false;
        foreach (var member in members)
        {
            // An override binds to the method it overrides, and an extension competes by applicability: bind those.
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false, IsOverride: false, ReducedFrom: null } method
                || method.IsStatic != isStatic
                || CallClassifier.HasDelegateParameter(method)
                || CallerInfo.MayAddValues(method))
            {
                return null;
            }

            var call = CallClassifier.Classify(invocation, method, model, Array.Empty<IMethodSymbol>(), cancellationToken);
            if (call.Kind == CallKind.Cooperative && !CooperativeSpawn.HasAwaitableForm(method, call.NewName!))
            {
                return null; // reported with the overload's own type: bind to name the right one
            }

            if (agreed is { } first && (first.Kind != call.Kind || first.NewName != call.NewName))
            {
                return null;
            }

            agreed = call;
            isCallable |= Takes(method, arguments);
        }

        // No method that takes this many arguments: the call is an error, which binding leaves as written.
        return isCallable ? agreed : null;
    }

    /// <summary>What a name without type arguments stands for: <c>Greenlet</c> is the type, not <c>Greenlet&lt;T&gt;</c>.</summary>
    private static ISymbol? Receiver(System.Collections.Immutable.ImmutableArray<ISymbol> found)
    {
        ISymbol? receiver = null;
        foreach (var symbol in found)
        {
            if (symbol is INamedTypeSymbol { Arity: > 0 })
            {
                continue;
            }

            if (receiver is not null)
            {
                return null;
            }

            receiver = symbol;
        }

        return receiver;
    }

    /// <summary>
    /// The type whose members the call names: a type named on its own, or a parameter's declared type. Not a local
    /// (its type may need its initializer bound), nor a name that may be either the type or the value (<c>Color Color</c>).
    /// </summary>
    private static INamedTypeSymbol? ReceiverType(ISymbol receiver) => receiver switch
    {
        INamedTypeSymbol { Arity: 0, TypeKind: not TypeKind.Error } type => type,
        IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary }, Type: INamedTypeSymbol { TypeKind: not TypeKind.Error } type } parameter
            when type.Name != parameter.Name => type,
        _ => null,
    };

    private static bool Takes(IMethodSymbol method, int arguments)
    {
        var parameters = method.Parameters;
        var required = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsOptional && !parameter.IsParams)
            {
                required++;
            }
        }

        return arguments >= required && (arguments <= parameters.Length || (parameters.Length > 0 && parameters[parameters.Length - 1].IsParams));
    }
}
