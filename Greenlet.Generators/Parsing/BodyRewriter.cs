using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Generators;

/// <summary>
/// Turns a [Greenlet] method's body into its twin's body: every suspension point becomes
/// <c>(await …)</c> of its awaitable form, and local functions that suspend become async.
/// Only tokens are added, never line breaks, so each line of the result maps to the same line of the user's file.
/// </summary>
internal sealed class BodyRewriter : CSharpSyntaxRewriter
{
    private readonly SemanticModel _model;
    private readonly string _methodName;
    private readonly HashSet<IMethodSymbol> _suspendingLocalFunctions;
    private readonly HashSet<string> _suspendingLocalFunctionNames;
    private readonly CallNameFilter _names;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<SuspensionPoint> _points = new();
    private readonly List<CooperativeForm> _cooperativeForms = new();
    private readonly HashSet<LockStatementSyntax> _reportedLocks = new();
    private readonly CatalogIndex _catalog;
    private readonly bool _monkeyPatch;

    public BodyRewriter(
        SemanticModel model,
        string methodName,
        HashSet<IMethodSymbol> suspendingLocalFunctions,
        CatalogIndex catalog,
        bool monkeyPatch,
        CancellationToken cancellationToken)
        : base(visitIntoStructuredTrivia: false)
    {
        _model = model;
        _methodName = methodName;
        _suspendingLocalFunctions = suspendingLocalFunctions;
        _suspendingLocalFunctionNames = new HashSet<string>(suspendingLocalFunctions.Select(f => f.Name), StringComparer.Ordinal);
        _names = CallNameFilter.For(model.Compilation);
        _catalog = catalog;
        _monkeyPatch = monkeyPatch;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Whether the body has blocking calls that the monkey patch rewrites (whether or not this rewriter does).</summary>
    public bool HasPatchableCalls { get; private set; }

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    /// <summary>The spawnable forms of the cooperative operations the body spawns by method group.</summary>
    public IReadOnlyList<CooperativeForm> CooperativeForms => _cooperativeForms;

    /// <summary>The suspension points found, in the order of the source (see <see cref="AwaitOrder"/> for the compiler's).</summary>
    public IReadOnlyList<SuspensionPoint> Points => _points;

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (!_names.MayMatter(node, _suspendingLocalFunctionNames))
        {
            // Plain by its name: bound only when the monkey patch may rewrite a call by that name.
            var plain = base.VisitInvocationExpression(node)!;
            return _catalog.MayPatch(CallNameFilter.InvokedName(node.Expression)) ? Patch(node, plain) : plain;
        }

        var call = CallClassifier.Classify(node, _model, _suspendingLocalFunctions, _cancellationToken);
        var visited = CallerInfo.PassOriginalValues(node, (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!, _methodName, _model, _cancellationToken);
        if (call.Kind == CallKind.Plain)
        {
            return Patch(node, visited);
        }

        if (call.Suspends && SuspensionPosition.WhyNotRewritable(node) is { } problem)
        {
            return ReportUnrewritable(node, problem.At, problem.Reason, visited);
        }

        if (call.Kind == CallKind.Cooperative && !CooperativeSpawn.HasAwaitableForm(call.Method!, call.NewName!))
        {
            var definition = call.Method!.ReducedFrom ?? call.Method;
            Report(DiagnosticDescriptors.MissingAwaitableForm, node, $"{definition.ContainingType.Name}.{definition.Name}", call.NewName!);
            return visited;
        }

        var rewritten = RenameTwinArguments(node, visited, call);
        if (call.NewName is { } newName && !TryRename(ref rewritten, newName))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, node, Describe(node), "through an expression that is not a method name");
            return visited;
        }

        if (!call.Suspends)
        {
            return rewritten; // a twin overload: same call shape, no await
        }

        _points.Add(new SuspensionPoint(node, SuspensionKind.Call, IsInLocalFunction(node)));
        return Awaited(rewritten, NeedsParentheses(node));
    }

    /// <summary>
    /// <c>await call</c>, or <c>(await call)</c>, in the place of <paramref name="call"/> and with its trivia. Each
    /// trivia move rebuilds the expression, so only the moves needed are made: this runs for every suspension point.
    /// </summary>
    private static ExpressionSyntax Awaited(ExpressionSyntax call, bool inParentheses)
    {
        var awaitKeyword = Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space);
        if (inParentheses)
        {
            return ParenthesizedExpression(AwaitExpression(awaitKeyword, call.WithoutTrivia())).WithTriviaFrom(call);
        }

        // The call keeps its trailing trivia; its leading trivia (the indentation) moves before the keyword.
        var leading = call.GetLeadingTrivia();
        return leading.Count == 0
            ? AwaitExpression(awaitKeyword, call)
            : AwaitExpression(awaitKeyword.WithLeadingTrivia(leading), call.WithoutLeadingTrivia());
    }

    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        var visited = base.VisitMemberAccessExpression(node)!;
        return (node.Parent is InvocationExpressionSyntax call && call.Expression == node) || !_catalog.MayPatch(node.Name.Identifier.ValueText)
            ? visited // a method's name (the invocation decides), or a name nothing in the catalog has
            : Patch(node, visited);
    }

    /// <summary>
    /// The monkey patch: a blocking call with a green form of the same contract becomes the awaited green form,
    /// <c>(await global::Greenlets.Greenlet.SleepAwaitable(1))</c> for <c>Thread.Sleep(1000)</c>.
    /// </summary>
    private SyntaxNode Patch(ExpressionSyntax original, SyntaxNode visited)
    {
        if (_catalog.IsEmpty
            || _model.GetSymbolInfo(original, _cancellationToken).Symbol is not { } member
            || _catalog.Find(member) is not { Patchable: true } api
            || MonkeyPatch.Plan(original, member, api, _model, _cancellationToken) is not { } plan)
        {
            return visited;
        }

        HasPatchableCalls = true;
        if (!_monkeyPatch)
        {
            return visited;
        }

        _points.Add(new SuspensionPoint(original, SuspensionKind.Call, inLocalFunction: false));
        ExpressionSyntax awaited = AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), plan.Call.ToSyntax(plan.AwaitableName));
        if (NeedsParentheses(original))
        {
            awaited = ParenthesizedExpression(awaited);
        }

        // The green call is written on one line: line breaks inside the original go after it, so later lines keep their numbers.
        var lineBreaks = original.ToString().Count(c => c == '\n');
        return awaited
            .WithLeadingTrivia(visited.GetLeadingTrivia())
            .WithTrailingTrivia(Enumerable.Repeat(EndOfLine("\n"), lineBreaks).Concat(visited.GetTrailingTrivia()));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
        RewriteForEach(node, (CommonForEachStatementSyntax)base.VisitForEachStatement(node)!);

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
        RewriteForEach(node, (CommonForEachStatementSyntax)base.VisitForEachVariableStatement(node)!);

    /// <summary>A foreach over a cooperative enumerator suspends at each step: it becomes <c>await foreach</c>.</summary>
    private SyntaxNode RewriteForEach(CommonForEachStatementSyntax node, CommonForEachStatementSyntax visited)
    {
        if (!CallClassifier.IsCooperativeForEach(node, _model))
        {
            return visited;
        }

        if (SuspensionPosition.WhyNotRewritable(node) is { } problem)
        {
            return ReportUnrewritable(node, problem.At, problem.Reason, visited);
        }

        if (_model.GetTypeInfo(node.Expression, _cancellationToken).Type is not { } collection
            || !HasMethod(collection, "GetAsyncEnumerator"))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, node.Expression, Describe(node.Expression), "by a foreach over a type without GetAsyncEnumerator");
            return visited;
        }

        var inLocalFunction = IsInLocalFunction(node);
        _points.Add(new SuspensionPoint(node, SuspensionKind.ForEachMoveNext, inLocalFunction));
        if (_model.GetForEachStatementInfo(node).DisposeMethod is not null)
        {
            _points.Add(new SuspensionPoint(node, SuspensionKind.ForEachDispose, inLocalFunction));
        }
        var foreachKeyword = visited.ForEachKeyword;
        return visited
            .WithAwaitKeyword(Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(foreachKeyword.LeadingTrivia).WithTrailingTrivia(Space))
            .WithForEachKeyword(foreachKeyword.WithLeadingTrivia());
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (_model.GetDeclaredSymbol(node, _cancellationToken) is not IMethodSymbol symbol || !_suspendingLocalFunctions.Contains(symbol))
        {
            return visited;
        }

        var returnType = visited.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            ? ParseTypeName(KnownNames.GreenTask)
            : ParseTypeName($"{KnownNames.GreenTask}<{visited.ReturnType}>");
        var asyncKeyword = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
        if (visited.Modifiers.Count == 0)
        {
            // The keyword goes first: it takes over the indentation, so the declaration stays on its own line.
            asyncKeyword = asyncKeyword.WithLeadingTrivia(visited.ReturnType.GetLeadingTrivia());
            returnType = returnType.WithTrailingTrivia(visited.ReturnType.GetTrailingTrivia());
        }
        else
        {
            returnType = returnType.WithTriviaFrom(visited.ReturnType);
        }

        return visited
            .WithReturnType(returnType)
            .WithModifiers(visited.Modifiers.Add(asyncKeyword));
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        // A suspending local function used as a value (not called) cannot be rewritten. Only an identifier spelled
        // like one is bound: binding every identifier of every body was half the generator's time.
        if (node.Parent is not InvocationExpressionSyntax
            && node.Parent is not LocalFunctionStatementSyntax
            && IsSpelledLikeASuspendingLocalFunction(node.Identifier.ValueText)
            && _model.GetSymbolInfo(node, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } local
            && _suspendingLocalFunctions.Contains(local.OriginalDefinition))
        {
            Report(DiagnosticDescriptors.SuspendingLocalFunction, node, local.Name,
                "it can only be called directly; to spawn it or pass it on, make it a [Greenlet] method of the type");
        }

        return base.VisitIdentifierName(node);
    }

    private bool IsSpelledLikeASuspendingLocalFunction(string name)
    {
        foreach (var local in _suspendingLocalFunctions)
        {
            if (local.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private InvocationExpressionSyntax RenameTwinArguments(InvocationExpressionSyntax original, InvocationExpressionSyntax visited, CallInfo call)
    {
        var arguments = visited.ArgumentList.Arguments;
        foreach (var index in call.TwinArguments)
        {
            // The semantic model only knows the original nodes.
            var target = CallClassifier.MethodGroupTarget(original.ArgumentList.Arguments[index].Expression, _model, _cancellationToken);
            if (target is null or { MethodKind: MethodKind.LocalFunction })
            {
                continue; // inside the twin a local function already is its rewritten form
            }

            if (CooperativeSpawn.IsCooperative(target))
            {
                if (CooperativeReference(original.ArgumentList.Arguments[index].Expression, arguments[index].Expression, target) is { } reference)
                {
                    arguments = arguments.Replace(arguments[index], arguments[index].WithExpression(reference.WithTriviaFrom(arguments[index].Expression)));
                }

                continue;
            }

            var expression = arguments[index].Expression;
            if (TryRenameExpression(ref expression, target.Name + KnownNames.TwinSuffix))
            {
                if (target is { IsStatic: true, IsGenericMethod: false, ReducedFrom: null })
                {
                    expression = StaticLambdaCalling(expression, target.Parameters.Length);
                }

                arguments = arguments.Replace(arguments[index], arguments[index].WithExpression(expression));
            }
        }

        return visited.WithArgumentList(visited.ArgumentList.WithArguments(arguments));
    }

    /// <summary>
    /// The delegate to the spawnable form of a cooperative operation's method group: <c>Greenlet.Sleep</c> becomes
    /// <c>static (__a1) => …CooperativeForms.Greenlet.Sleep__Greenlet(__a1)</c>, <c>queue.Get</c> a lambda passing
    /// <c>queue</c> along. Null, with GRN0014 reported, where the operation cannot be spawned so.
    /// </summary>
    private ExpressionSyntax? CooperativeReference(ExpressionSyntax original, ExpressionSyntax visited, IMethodSymbol target)
    {
        var form = CooperativeSpawn.Plan(target, _model.Compilation, out var whyNot);
        string? receiver = null;
        if (form is not null && !target.IsStatic)
        {
            receiver = original switch
            {
                IdentifierNameSyntax or GenericNameSyntax => "this",
                MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } => null,
                // The receiver goes into a lambda as written: not if the rewrite changed it (it suspends), nor over lines.
                MemberAccessExpressionSyntax member when visited is MemberAccessExpressionSyntax rewritten
                    && rewritten.Expression.ToString() == member.Expression.ToString()
                    && !member.Expression.ToString().Contains("\n") => member.Expression.ToString(),
                _ => null,
            };
            whyNot = receiver is null ? "its receiver is 'base', suspends or spans lines; store it in a local first" : null;
        }

        if (form is null || whyNot is not null)
        {
            Report(DiagnosticDescriptors.UnspawnableCooperativeMethod, original, $"{target.ContainingType.Name}.{target.Name}", whyNot!);
            return null;
        }

        _cooperativeForms.Add(form);
        return ParseExpression(CooperativeSpawn.Reference(target, receiver));
    }

    /// <summary>
    /// <c>static (__a1, …) => Twin(__a1, …)</c> for a static twin's method group: a delegate over a static method
    /// is invoked through a shuffle thunk that moves every argument, one over a lambda (an instance method of the
    /// compiler's cached closure) is not. Generic methods keep the method group, whose type arguments the compiler
    /// infers from the delegate type. On one line, like every rewrite.
    /// </summary>
    private static ExpressionSyntax StaticLambdaCalling(ExpressionSyntax twin, int parameterCount)
    {
        var names = string.Join(", ", Enumerable.Range(1, parameterCount).Select(i => "__a" + i));
        var lambda = ParseExpression("static (" + names + ") => " + twin.ToString() + "(" + names + ")");
        return lambda.WithTriviaFrom(twin);
    }

    private static bool TryRename(ref InvocationExpressionSyntax invocation, string newName)
    {
        var expression = invocation.Expression;
        if (!TryRenameExpression(ref expression, newName))
        {
            return false;
        }

        invocation = invocation.WithExpression(expression);
        return true;
    }

    private static bool TryRenameExpression(ref ExpressionSyntax expression, string newName)
    {
        switch (expression)
        {
            case IdentifierNameSyntax identifier:
                expression = identifier.WithIdentifier(Identifier(newName).WithTriviaFrom(identifier.Identifier));
                return true;
            case GenericNameSyntax generic:
                expression = generic.WithIdentifier(Identifier(newName).WithTriviaFrom(generic.Identifier));
                return true;
            case MemberBindingExpressionSyntax binding:
                SimpleNameSyntax bound = binding.Name;
                ExpressionSyntax renamedBinding = bound;
                if (!TryRenameExpression(ref renamedBinding, newName))
                {
                    return false;
                }

                expression = binding.WithName((SimpleNameSyntax)renamedBinding);
                return true;
            case MemberAccessExpressionSyntax member:
                SimpleNameSyntax name = member.Name;
                ExpressionSyntax renamed = name;
                if (!TryRenameExpression(ref renamed, newName))
                {
                    return false;
                }

                expression = member.WithName((SimpleNameSyntax)renamed);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether the type has the method, declared or inherited (a <c>LifoQueue&lt;T&gt;</c> gets <c>GetAsyncEnumerator</c>
    /// from <c>GreenQueue&lt;T&gt;</c>), or, for a type parameter, reached through its constraints.
    /// </summary>
    private static bool HasMethod(ITypeSymbol type, string name)
    {
        if (type is ITypeParameterSymbol parameter)
        {
            return parameter.ConstraintTypes.Any(constraint => HasMethod(constraint, name));
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).OfType<IMethodSymbol>().Any())
            {
                return true;
            }
        }

        return false;
    }

    private SyntaxNode ReportUnrewritable(SyntaxNode suspension, SyntaxNode node, string reason, SyntaxNode visited)
    {
        switch (reason)
        {
            case "lambda":
                Report(DiagnosticDescriptors.SuspensionInLambda, node, Describe(node));
                break;
            case "lock" when node is LockStatementSyntax @lock:
                // At the lock's header, naming its first suspension point: one mistake, one error.
                if (_reportedLocks.Add(@lock))
                {
                    var header = TextSpan.FromBounds(@lock.LockKeyword.SpanStart, @lock.CloseParenToken.Span.End);
                    _diagnostics.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.SuspensionInLock.Id,
                        LocationInfo.From(Location.Create(@lock.SyntaxTree, header)),
                        new[] { Describe(suspension), Describe(@lock.Expression) }.ToEquatableArray()));
                }

                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedCall, node, Describe(node), reason);
                break;
        }

        return visited;
    }

    /// <summary>An await binds looser than member access, indexing, calls and postfix operators.</summary>
    private static bool NeedsParentheses(ExpressionSyntax node) => node.Parent switch
    {
        MemberAccessExpressionSyntax member => member.Expression == node,
        ConditionalAccessExpressionSyntax access => access.Expression == node,
        InvocationExpressionSyntax call => call.Expression == node,
        ElementAccessExpressionSyntax element => element.Expression == node,
        PostfixUnaryExpressionSyntax => true,
        _ => false,
    };

    private static bool IsInLocalFunction(SyntaxNode node) =>
        node.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).Any(a => a is LocalFunctionStatementSyntax);

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(node), arguments.ToEquatableArray()));

    /// <summary>The call as written, on one line: <c>tasks.Get()</c>.</summary>
    private static readonly char[] s_otherWhitespace = ['\t', '\r', '\n', '\v', '\f'];

    public static string Describe(SyntaxNode node)
    {
        var text = node.ToString();
        if (text.IndexOf("  ", StringComparison.Ordinal) >= 0 || text.IndexOfAny(s_otherWhitespace) >= 0)
        {
            text = Regex.Replace(text, @"\s+", " "); // most calls are on one line, singly spaced, and need no regex
        }


        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }
}

/// <summary>One suspension point of a twin.</summary>
/// <summary>What kind of await a suspension point becomes.</summary>
internal enum SuspensionKind
{
    /// <summary>A cooperative call, awaited.</summary>
    Call,

    /// <summary>The step of an <c>await foreach</c>.</summary>
    ForEachMoveNext,

    /// <summary>The disposal at the end of an <c>await foreach</c>.</summary>
    ForEachDispose,
}

/// <summary>One suspension point of a twin.</summary>
internal readonly struct SuspensionPoint
{
    public SuspensionPoint(SyntaxNode node, SuspensionKind kind, bool inLocalFunction)
    {
        Node = node;
        Kind = kind;
        InLocalFunction = inLocalFunction;
    }

    /// <summary>The call, or the foreach statement.</summary>
    public SyntaxNode Node { get; }

    public SuspensionKind Kind { get; }

    public bool InLocalFunction { get; }

    public string Describe()
    {
        var line = Node.SyntaxTree.GetLineSpan(Node.Span);
        var what = Node is CommonForEachStatementSyntax loop
            ? (Kind == SuspensionKind.ForEachDispose ? "end of " : "") + $"foreach ({BodyRewriter.Describe(loop.Expression)})"
            : BodyRewriter.Describe(Node);
        return $"{Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1}: {what}";
    }
}
