using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Classifies a call <c>receiver.Name(…)</c> by looking its names up instead of binding it, when the receiver is a
/// type, a parameter of the method, a field or a property, and every method the name can reach there is classified alike
/// (<c>queue.Get()</c>: each <c>Get</c> of <c>GreenQueue&lt;T&gt;</c> is [Cooperative("GetAwaitable")]). Then the
/// method overload resolution would pick does not change the rewrite, and the statement is not bound: binding the
/// calls the name filter lets through was a third of the generator's time in a build. Any other call is bound as before.
/// </summary>
/// <remarks>
/// Both lookups are kept per type declaration: a name the body does not declare (<see cref="BodyScan.DeclaredNames"/>)
/// means the same in every member of the declaration, and which methods a type's member name reaches from there
/// (accessibility, the extension methods its usings bring) is the same for every call. A lookup per call cost more
/// than the binding it saved: it gathers every extension method in scope.
/// </remarks>
internal sealed class LookupClassifier
{
    private static readonly ConditionalWeakTable<Compilation, LookupClassifier> s_byCompilation = new();

    private readonly ConcurrentDictionary<(SyntaxNode Scope, string Name), ISymbol?> _receivers = new();
    private readonly ConcurrentDictionary<(SyntaxNode Scope, ITypeSymbol Type, string Name, bool IsStatic, int Arguments), CallInfo?> _calls = new(new CallKeyComparer());

    public static LookupClassifier For(Compilation compilation) => s_byCompilation.GetValue(compilation, _ => new LookupClassifier());

    /// <summary>The call's classification, or null when only binding the call can tell it.</summary>
    /// <param name="invocation">A call in the body of <paramref name="method"/>.</param>
    /// <param name="method">The method whose body holds the call.</param>
    /// <param name="declaredNames">Every name the body declares (locals, local functions, lambda parameters...).</param>
    /// <param name="model">The model of the call's tree.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public CallInfo? Classify(InvocationExpressionSyntax invocation, IMethodSymbol method, ICollection<string> declaredNames, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiverName, Name: IdentifierNameSyntax name } access
            || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            || Scope(invocation) is not { } scope)
        {
            return null;
        }

        var receiver = Receiver(receiverName.Identifier.ValueText, invocation.SpanStart, scope, method, declaredNames, model);
        if (receiver is null || ReceiverType(receiver) is not { } type)
        {
            return null;
        }

        var key = (scope, (ITypeSymbol)type, name.Identifier.ValueText, receiver is INamedTypeSymbol, invocation.ArgumentList.Arguments.Count);
        if (!_calls.TryGetValue(key, out var call))
        {
            call = ByMembers(invocation, type, key.Item3, key.Item4, key.Item5, model, cancellationToken);
            _calls.TryAdd(key, call);
        }

        return call;
    }

    /// <summary>The declaration whose members share what a name means: the nearest type declaration around the call.</summary>
    private static SyntaxNode? Scope(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is BaseTypeDeclarationSyntax)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>What the receiver's name stands for: a parameter of the method, or what a lookup finds in the declaration.</summary>
    private ISymbol? Receiver(string text, int position, SyntaxNode scope, IMethodSymbol method, ICollection<string> declaredNames, SemanticModel model)
    {
        if (declaredNames.Contains(text))
        {
            return null; // a local, or a lambda's parameter, may hide what the name means elsewhere: bind
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == text)
            {
                return parameter;
            }
        }

        foreach (var typeParameter in method.TypeParameters)
        {
            if (typeParameter.Name == text)
            {
                return null;
            }
        }

        if (!_receivers.TryGetValue((scope, text), out var found))
        {
            found = Single(model.LookupSymbols(position, name: text));
            _receivers.TryAdd((scope, text), found);
        }

        return found;
    }

    /// <summary>What a name without type arguments stands for: <c>Greenlet</c> is the type, not <c>Greenlet&lt;T&gt;</c>.</summary>
    private static ISymbol? Single(ImmutableArray<ISymbol> found)
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
    /// The type whose members the call names: a type named on its own, or the declared type of a parameter of the
    /// method, a field or a property. Not a local (its type may need its initializer bound), nor a name that may be
    /// either the type or the value (<c>Color Color</c>).
    /// </summary>
    private static INamedTypeSymbol? ReceiverType(ISymbol receiver) => receiver switch
    {
        INamedTypeSymbol { Arity: 0, TypeKind: not TypeKind.Error } type => type,
        IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary }, Type: INamedTypeSymbol { TypeKind: not TypeKind.Error } type } parameter
            when type.Name != parameter.Name => type,
        IFieldSymbol { Type: INamedTypeSymbol { TypeKind: not TypeKind.Error } type } field when type.Name != field.Name => type,
        IPropertySymbol { IsIndexer: false, Type: INamedTypeSymbol { TypeKind: not TypeKind.Error } type } property when type.Name != property.Name => type,
        _ => null,
    };

    /// <summary>The classification every method the name reaches agrees on, or null.</summary>
    private static CallInfo? ByMembers(InvocationExpressionSyntax invocation, INamedTypeSymbol type, string name, bool isStatic, int arguments, SemanticModel model, CancellationToken cancellationToken)
    {
        CallInfo? agreed = null;
        var isCallable = false;
        foreach (var member in model.LookupSymbols(invocation.SpanStart, type, name, includeReducedExtensionMethods: !isStatic))
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

    /// <summary>Types compared as symbols (a nullable annotation does not change the members), the rest as values.</summary>
    private sealed class CallKeyComparer : IEqualityComparer<(SyntaxNode Scope, ITypeSymbol Type, string Name, bool IsStatic, int Arguments)>
    {
        public bool Equals((SyntaxNode Scope, ITypeSymbol Type, string Name, bool IsStatic, int Arguments) x, (SyntaxNode Scope, ITypeSymbol Type, string Name, bool IsStatic, int Arguments) y) =>
            x.Scope == y.Scope && x.Name == y.Name && x.IsStatic == y.IsStatic && x.Arguments == y.Arguments && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

        public int GetHashCode((SyntaxNode Scope, ITypeSymbol Type, string Name, bool IsStatic, int Arguments) key) =>
            (key.Scope.GetHashCode() * 31 + StringComparer.Ordinal.GetHashCode(key.Name)) * 31 + SymbolEqualityComparer.Default.GetHashCode(key.Type) + key.Arguments;
    }
}
