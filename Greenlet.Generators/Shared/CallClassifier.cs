using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Generators;

/// <summary>What a call inside a [Greenlet] method becomes in its rewritten twin.</summary>
internal enum CallKind
{
    /// <summary>Runs straight through; never switches.</summary>
    Plain,

    /// <summary>A cooperative operation: awaited through its awaitable form.</summary>
    Cooperative,

    /// <summary>Another [Greenlet] method: awaited through its twin.</summary>
    GreenletMethod,

    /// <summary>A local function of the same method that suspends: awaited as is (it is rewritten too).</summary>
    SuspendingLocalFunction,

    /// <summary>A call taking [Greenlet] method groups: redirected to the overload that takes their twins. Not a suspension point.</summary>
    TwinOverload,
}

/// <summary>The classification of one call, and how to rewrite it.</summary>
internal readonly struct CallInfo
{
    public CallInfo(CallKind kind, IMethodSymbol? method, string? newName, ImmutableArray<int> twinArguments)
    {
        Kind = kind;
        Method = method;
        NewName = newName;
        TwinArguments = twinArguments.IsDefault ? ImmutableArray<int>.Empty : twinArguments;
    }

    public CallKind Kind { get; }

    public IMethodSymbol? Method { get; }

    /// <summary>The name the call's method is renamed to, or null to keep it.</summary>
    public string? NewName { get; }

    /// <summary>Indexes of arguments that are [Greenlet] method groups, to be renamed to their twins.</summary>
    public ImmutableArray<int> TwinArguments { get; }

    public bool Suspends => Kind is CallKind.Cooperative or CallKind.GreenletMethod or CallKind.SuspendingLocalFunction;
}

/// <summary>
/// Decides which calls are suspension points. Shared by the generator (which rewrites them) and the analyzers
/// (which reason about them), so both always agree.
/// </summary>
internal static class CallClassifier
{
    public static CallInfo Classify(
        InvocationExpressionSyntax invocation,
        SemanticModel model,
        ICollection<IMethodSymbol> suspendingLocalFunctions,
        CancellationToken cancellationToken)
    {
        return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
            ? Classify(invocation, method, model, suspendingLocalFunctions, cancellationToken)
            : default;
    }

    /// <summary>
    /// The classification of a call to <paramref name="method"/>, the symbol it binds to. The invocation and the model
    /// are only read when the method has a delegate parameter (<see cref="HasDelegateParameter"/>).
    /// </summary>
    public static CallInfo Classify(
        InvocationExpressionSyntax invocation,
        IMethodSymbol method,
        SemanticModel model,
        ICollection<IMethodSymbol> suspendingLocalFunctions,
        CancellationToken cancellationToken)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return suspendingLocalFunctions.Contains(method.OriginalDefinition)
                ? new CallInfo(CallKind.SuspendingLocalFunction, method, null, default)
                : default;
        }

        var definition = method.ReducedFrom ?? method;
        if (IsGreenletMethod(definition))
        {
            return new CallInfo(CallKind.GreenletMethod, method, method.Name + KnownNames.TwinSuffix, default);
        }

        var cooperative = AttributeArgument(definition, KnownNames.CooperativeAttribute);
        var twinOverload = AttributeArgument(definition, KnownNames.TwinOverloadAttribute);
        if (cooperative is null && twinOverload is null)
        {
            return default;
        }

        if (cooperative is not null && NamedArgument(definition, KnownNames.CooperativeAttribute, "HasOffHubDelegates") is true)
        {
            return new CallInfo(CallKind.Cooperative, method, cooperative, ImmutableArray<int>.Empty);
        }

        var delegateArguments = DelegateArguments(invocation, method, model, suspendingLocalFunctions, cancellationToken, out var allRewritten);
        if (cooperative is not null)
        {
            // A delegate argument that is not rewritten (a lambda, a plain method) runs as plain code:
            // then the call stays plain too, and nothing inside it can suspend.
            return delegateArguments.IsEmpty || allRewritten
                ? new CallInfo(CallKind.Cooperative, method, cooperative, delegateArguments)
                : default;
        }

        return !delegateArguments.IsEmpty && allRewritten
            ? new CallInfo(CallKind.TwinOverload, method, twinOverload, delegateArguments)
            : default;
    }

    /// <summary>
    /// Whether a call to a cooperative operation is told not to wait: a constant <c>false</c> for its <c>block</c> or
    /// <c>blocking</c> parameter, as in gevent (<c>Kill(block: false)</c>, <c>Get(block: false)</c>). Made from plain
    /// code inside a greenlet, such a call runs straight through instead of failing, so it does not make a plain
    /// helper or a lambda suspend. In a [Greenlet] method it is still a suspension point, rewritten as any other.
    /// </summary>
    public static bool IsToldNotToWait(IInvocationOperation call) =>
        call.Arguments.Any(a => a.Parameter is { Name: "block" or "blocking", Type.SpecialType: SpecialType.System_Boolean }
                                && a.Value.ConstantValue is { HasValue: true, Value: false });

    /// <summary>
    /// Whether a foreach walks a cooperative enumerator (its MoveNext is [Cooperative]), so that each step
    /// may suspend: in a twin it becomes <c>await foreach</c> over the collection's GetAsyncEnumerator.
    /// </summary>
    public static bool IsCooperativeForEach(CommonForEachStatementSyntax loop, SemanticModel model) =>
        loop.AwaitKeyword.IsKind(SyntaxKind.None)
        && model.GetForEachStatementInfo(loop).MoveNextMethod is { } moveNext
        && AttributeArgument(moveNext.OriginalDefinition, KnownNames.CooperativeAttribute) is not null;

    /// <summary>Whether the method is a cooperative operation (marked [Cooperative]), not a [Greenlet] method.</summary>
    public static bool IsCooperativeOperation(IMethodSymbol method) =>
        !IsGreenletMethod(method) && AttributeArgument((method.ReducedFrom ?? method).OriginalDefinition, KnownNames.CooperativeAttribute) is not null;

    public static bool IsGreenletMethod(IMethodSymbol method)
    {
        for (var current = method.OriginalDefinition; current is not null; current = current.OverriddenMethod?.OriginalDefinition)
        {
            if (HasAttribute(current, KnownNames.GreenletAttribute))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName) => Find(symbol, metadataName) is not null;

    public static string? AttributeArgument(ISymbol symbol, string metadataName) =>
        Find(symbol, metadataName) is { ConstructorArguments: { IsEmpty: false } arguments } ? arguments[0].Value as string : null;

    public static object? NamedArgument(ISymbol symbol, string metadataName, string name) =>
        Find(symbol, metadataName)?.NamedArguments.FirstOrDefault(argument => argument.Key == name).Value.Value;

    /// <summary>The symbol's attribute of that type; a loop, not a lambda over the list: this runs for every classified call.</summary>
    private static AttributeData? Find(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsNamed(attribute.AttributeClass, metadataName))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is the type named <paramref name="metadataName"/> (a namespace-qualified name
    /// of a non-nested type), compared name by name with no string built: this runs for every attribute of every
    /// called method.
    /// </summary>
    private static bool IsNamed(INamedTypeSymbol? type, string metadataName)
    {
        if (type is null || type.ContainingType is not null)
        {
            return false;
        }

        var end = metadataName.Length;
        var dot = metadataName.LastIndexOf('.');
        if (string.CompareOrdinal(type.Name, 0, metadataName, dot + 1, end - dot - 1) != 0 || type.Name.Length != end - dot - 1)
        {
            return false;
        }

        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            end = dot;
            if (end <= 0)
            {
                return false;
            }

            dot = metadataName.LastIndexOf('.', end - 1);
            if (ns.Name.Length != end - dot - 1 || string.CompareOrdinal(ns.Name, 0, metadataName, dot + 1, end - dot - 1) != 0)
            {
                return false;
            }
        }

        return dot < 0;
    }

    /// <summary>The method a method-group argument names, when the argument is one.</summary>
    public static IMethodSymbol? MethodGroupTarget(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax))
        {
            return null;
        }

        return model.GetOperation(expression, cancellationToken) is IMethodReferenceOperation reference
            ? reference.Method
            : model.GetOperation(expression.Parent?.Parent ?? expression, cancellationToken) is IDelegateCreationOperation { Target: IMethodReferenceOperation target }
                ? target.Method
                : model.GetSymbolInfo(expression, cancellationToken).Symbol as IMethodSymbol;
    }

    public static bool HasDelegateParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.OriginalDefinition.Parameters)
        {
            if (parameter.Type.TypeKind == TypeKind.Delegate)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Indexes of the arguments passed to delegate-typed parameters; whether each names a rewritten method.</summary>
    private static ImmutableArray<int> DelegateArguments(
        InvocationExpressionSyntax invocation,
        IMethodSymbol method,
        SemanticModel model,
        ICollection<IMethodSymbol> suspendingLocalFunctions,
        CancellationToken cancellationToken,
        out bool allRewritten)
    {
        allRewritten = true;
        if (!HasDelegateParameter(method))
        {
            return ImmutableArray<int>.Empty; // most cooperative calls: no need for the operation tree of the whole body
        }

        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            allRewritten = false;
            return ImmutableArray<int>.Empty;
        }

        var indexes = ImmutableArray.CreateBuilder<int>();
        var arguments = invocation.ArgumentList.Arguments;
        foreach (var argument in operation.Arguments)
        {
            // Only parameters declared as delegates take rewritten methods: a type parameter that happens to be
            // inferred as a delegate (Spawn's T3 given a lambda) is passed through unchanged.
            if (argument.Parameter?.OriginalDefinition.Type.TypeKind != TypeKind.Delegate || argument.Syntax is not ArgumentSyntax syntax)
            {
                continue;
            }

            // A cooperative operation's method group is passed as its spawnable form (or reported, if it has none).
            var target = MethodGroupTarget(syntax.Expression, model, cancellationToken);
            var rewritten = target is not null
                && (IsGreenletMethod(target) || suspendingLocalFunctions.Contains(target.OriginalDefinition) || IsCooperativeOperation(target));
            allRewritten &= rewritten;
            indexes.Add(arguments.IndexOf(syntax));
        }

        return indexes.ToImmutable();
    }
}
