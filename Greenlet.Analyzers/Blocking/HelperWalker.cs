using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>What a plain method does that matters to a greenlet calling it: the first call that blocks, and the first that suspends.</summary>
internal sealed class HelperSummary
{
    public static readonly HelperSummary None = new(null, null);

    public HelperSummary(ImmutableArray<string>? blockingPath, ImmutableArray<string>? suspendingPath)
    {
        BlockingPath = blockingPath;
        SuspendingPath = suspendingPath;
    }

    /// <summary>The methods from the helper's callee down to the blocking API: <c>[ReadConfig, File.ReadAllText]</c>.</summary>
    public ImmutableArray<string>? BlockingPath { get; }

    /// <summary>The methods from the helper's callee down to the cooperative operation or [Greenlet] method.</summary>
    public ImmutableArray<string>? SuspendingPath { get; }

    public bool IsComplete => BlockingPath is not null && SuspendingPath is not null;
}

/// <summary>
/// Walks plain helper methods of the compilation, through further helpers, for calls that block or suspend.
/// Each method is walked once per compilation; the result is cached by its symbol.
/// </summary>
internal sealed class HelperWalker
{
    private readonly Compilation _compilation;
    private readonly BlockingApis _blocking;
    private readonly ConcurrentDictionary<IMethodSymbol, HelperSummary> _cache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _walkable = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _invokedParameters = new(SymbolEqualityComparer.Default);

    public HelperWalker(Compilation compilation, BlockingApis blocking)
    {
        _compilation = compilation;
        _blocking = blocking;
    }

    /// <summary>Whether calls to this method are walked: a plain method with a body in this compilation.</summary>
    public static bool IsHelper(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.Constructor
        && !method.IsAbstract
        && !method.IsExtern
        && (!method.DeclaringSyntaxReferences.IsEmpty || (method.MethodKind == MethodKind.Constructor && method.Locations.Any(l => l.IsInSource)))
        && !CallClassifier.IsGreenletMethod(method)
        && CallClassifier.AttributeArgument(method, KnownNames.CooperativeAttribute) is null
        && !BlockingApis.IsMarkedNonBlocking(method)
        && !(method.AssociatedSymbol is { } property && BlockingApis.IsMarkedNonBlocking(property));

    /// <summary>The method a call or read runs: the method, the constructor, or the property's getter (its setter when assigned).</summary>
    public static IMethodSymbol? WalkTarget(IOperation operation, ISymbol member) => member switch
    {
        IMethodSymbol method => method,
        IPropertySymbol property => operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation ? property.SetMethod : property.GetMethod,
        _ => null,
    };

    /// <summary>How a path names a method: <c>LoadConfig</c>, <c>Text</c> for a getter, <c>new Config</c>.</summary>
    public static string StepName(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
        MethodKind.Constructor => "new " + method.ContainingType.Name,
        _ => method.Name,
    };

    /// <summary><see cref="IsHelper"/>, answered once per method and compilation.</summary>
    public bool IsWalkable(IMethodSymbol method) => _walkable.GetOrAdd(method.OriginalDefinition, IsHelper);

    public HelperSummary Summarize(IMethodSymbol helper, CancellationToken cancellationToken) =>
        Walk(helper.OriginalDefinition, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken, out _);

    private HelperSummary Walk(IMethodSymbol method, HashSet<IMethodSymbol> open, CancellationToken cancellationToken, out bool partial)
    {
        partial = false;
        if (_cache.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (!open.Add(method))
        {
            partial = true; // recursion: the outer walk of this method finds whatever it does
            return HelperSummary.None;
        }

        ImmutableArray<string>? blocking = null;
        ImmutableArray<string>? suspending = null;
        foreach (var operation in BodyOperations(method, cancellationToken))
        {
            if (CalledMember(operation) is not { } member)
            {
                continue;
            }

            var target = WalkTarget(operation, member);
            if (blocking is null && _blocking.Find(member) is not null)
            {
                blocking = ImmutableArray.Create(BlockingApis.Display(member));
            }
            else if (target is not null && SuspendsInPlainCode(operation, target))
            {
                suspending ??= ImmutableArray.Create(BlockingApis.Display(target));
            }
            else if (target is not null && IsWalkable(target))
            {
                var inner = Walk(target.OriginalDefinition, open, cancellationToken, out var innerPartial);
                partial |= innerPartial;
                if (blocking is null && inner.BlockingPath is { } innerBlocking)
                {
                    blocking = innerBlocking.Insert(0, StepName(target));
                }

                if (suspending is null && inner.SuspendingPath is { } innerSuspending)
                {
                    suspending = innerSuspending.Insert(0, StepName(target));
                }
            }

            if (blocking is not null && suspending is not null)
            {
                break;
            }
        }

        open.Remove(method);
        var summary = new HelperSummary(blocking, suspending);
        if (!partial || summary.IsComplete)
        {
            _cache.TryAdd(method, summary);
        }

        return summary;
    }

    /// <summary>
    /// Whether a method of this compilation calls the delegate passed as <paramref name="parameter"/> while it runs:
    /// invokes it, or hands it on to another such method. A delegate kept for later is not counted.
    /// </summary>
    public bool InvokesParameter(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        InvokesParameter(parameter.OriginalDefinition, new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    private bool InvokesParameter(IParameterSymbol parameter, HashSet<IParameterSymbol> open, CancellationToken cancellationToken)
    {
        if (_invokedParameters.TryGetValue(parameter, out var known))
        {
            return known;
        }

        if (parameter.Type.TypeKind != TypeKind.Delegate || parameter.ContainingSymbol is not IMethodSymbol method || !open.Add(parameter))
        {
            return false;
        }

        var invoked = false;
        foreach (var operation in BodyOperations(method, cancellationToken))
        {
            if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } invocation && Names(invocation.Instance, parameter))
            {
                invoked = true;
                break;
            }

            if (operation is IArgumentOperation { Parameter: { } next } argument && Names(argument.Value, parameter)
                && InvokesParameter(next.OriginalDefinition, open, cancellationToken))
            {
                invoked = true;
                break;
            }
        }

        open.Remove(parameter);
        _invokedParameters.TryAdd(parameter, invoked);
        return invoked;
    }

    /// <summary>Whether the operation reads the parameter: <c>action</c>, or <c>action</c> in <c>action?.Invoke()</c>.</summary>
    private static bool Names(IOperation? operation, IParameterSymbol parameter)
    {
        if (operation is IConditionalAccessInstanceOperation)
        {
            var access = operation.Parent;
            while (access is not null and not IConditionalAccessOperation)
            {
                access = access.Parent;
            }

            operation = (access as IConditionalAccessOperation)?.Operation;
        }

        return operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter);
    }

    /// <summary>
    /// Whether a call would suspend, so that plain code making it inside a greenlet fails: a [Greenlet] method, or a
    /// cooperative operation that is not told not to wait (<c>Kill(block: false)</c> runs straight through).
    /// </summary>
    public static bool SuspendsInPlainCode(IOperation operation, IMethodSymbol target) =>
        CallClassifier.IsGreenletMethod(target)
        || (CallClassifier.AttributeArgument(target.ReducedFrom ?? target, KnownNames.CooperativeAttribute) is not null
            && !(operation is IInvocationOperation call && CallClassifier.IsToldNotToWait(call)));

    /// <summary>The member an operation calls or reads, for the operations that can block or suspend.</summary>
    public static ISymbol? CalledMember(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IPropertyReferenceOperation property => property.Property,
        IObjectCreationOperation { Constructor: { } constructor } => constructor,
        _ => null,
    };

    /// <summary>
    /// The operations of a method's body in source order, leaving out lambdas (which may run at another time). A
    /// constructor's include the field and property initializers it runs, and an implicit base constructor's body.
    /// </summary>
    private IEnumerable<IOperation> BodyOperations(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var chainsToThis = false;
        var implicitBase = method.MethodKind == MethodKind.Constructor;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            // The whole declaration, so that a body which is itself a lambda is seen as one.
            var body = reference.GetSyntax(cancellationToken);
            if (body is ConstructorDeclarationSyntax { Initializer: { } initializer })
            {
                implicitBase = false;
                chainsToThis = initializer.ThisOrBaseKeyword.Text == "this";
            }

            if (body is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or ConstructorDeclarationSyntax))
            {
                continue;
            }

            foreach (var operation in OperationsOf(body, cancellationToken))
            {
                yield return operation;
            }
        }

        if (method.MethodKind != MethodKind.Constructor || method.IsStatic)
        {
            yield break;
        }

        if (!chainsToThis)
        {
            foreach (var member in method.ContainingType.GetMembers())
            {
                if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
                {
                    continue;
                }

                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    SyntaxNode? initializer = reference.GetSyntax(cancellationToken) switch
                    {
                        VariableDeclaratorSyntax declarator => declarator.Initializer,
                        PropertyDeclarationSyntax property => property.Initializer,
                        _ => null,
                    };
                    if (initializer is not null)
                    {
                        foreach (var operation in OperationsOf(initializer, cancellationToken))
                        {
                            yield return operation;
                        }
                    }
                }
            }
        }

        if (implicitBase && method.ContainingType.BaseType?.InstanceConstructors.FirstOrDefault(c => c.Parameters.IsEmpty) is { } baseConstructor
            && IsWalkable(baseConstructor))
        {
            foreach (var operation in BodyOperations(baseConstructor, cancellationToken))
            {
                yield return operation;
            }
        }
    }

    private IEnumerable<IOperation> OperationsOf(SyntaxNode node, CancellationToken cancellationToken)
    {
        // Helpers live in other trees than the [Greenlet] method being analyzed; each tree's model is made once.
#pragma warning disable RS1030 // The walk must bind helpers' bodies; models are cached per tree, results per method.
        var model = _models.GetOrAdd(node.SyntaxTree, tree => _compilation.GetSemanticModel(tree));
#pragma warning restore RS1030
        return model.GetOperation(node, cancellationToken) is { } root ? Descendants(root) : Enumerable.Empty<IOperation>();
    }

    public static IEnumerable<IOperation> Descendants(IOperation root, bool intoLambdas = false)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations.Reverse())
            {
                if (intoLambdas || child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }
    }
}
