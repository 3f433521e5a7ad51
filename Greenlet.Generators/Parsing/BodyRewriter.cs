using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Generators;

/// <summary>
/// Turns a [Greenlet] method's body into its twin's body: every suspension point becomes
/// <c>(await …)</c> of its awaitable form, and local functions that suspend become async.
/// Only tokens are added, never line breaks, so each line of the result maps to the same line of the user's file.
/// </summary>
/// <remarks>
/// It walks the body once and records each change as a text edit of the user's source (<see cref="SourceEdits"/>), then
/// writes the body out once with the edits spliced in. A syntax rewriter rebuilt every node above each change, and the
/// whole body was then printed from the new tree: two thirds of what the generator allocated.
/// </remarks>
internal sealed class BodyRewriter : CSharpSyntaxWalker
{
    private readonly SemanticModel _model;
    private readonly string _methodName;
    private readonly IMethodSymbol _method;
    private readonly ICollection<string> _declaredNames;
    private readonly LookupClassifier _lookup;
    private readonly HashSet<IMethodSymbol> _suspendingLocalFunctions;
    private static readonly HashSet<string> s_noNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _suspendingLocalFunctionNames;
    private readonly CallNameFilter _names;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<SuspensionPoint> _points = new();
    private readonly List<CooperativeForm> _cooperativeForms = new();
    private readonly HashSet<LockStatementSyntax> _reportedLocks = new();
    private readonly CatalogIndex _catalog;
    private readonly bool _monkeyPatch;
    private readonly SourceEdits _edits = new();

    public BodyRewriter(
        SemanticModel model,
        IMethodSymbol method,
        ICollection<string> declaredNames,
        HashSet<IMethodSymbol> suspendingLocalFunctions,
        CatalogIndex catalog,
        bool monkeyPatch,
        CancellationToken cancellationToken)
        : base(SyntaxWalkerDepth.Node)
    {
        _model = model;
        _methodName = method.Name;
        _method = method;
        _declaredNames = declaredNames;
        _lookup = LookupClassifier.For(model.Compilation);
        _suspendingLocalFunctions = suspendingLocalFunctions;
        _suspendingLocalFunctionNames = suspendingLocalFunctions.Count == 0 ? s_noNames : new HashSet<string>(suspendingLocalFunctions.Select(f => f.Name), StringComparer.Ordinal);
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

    /// <summary>
    /// The text of <paramref name="body"/> (a block or an expression) as the twin has it, without the outer trivia, as
    /// <c>ToString</c> would print a rewritten tree.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <param name="indent">How many spaces go before it.</param>
    public string Rewrite(SyntaxNode body, int indent)
    {
        Visit(body);
        return _edits.Apply(body.SyntaxTree.GetText(_cancellationToken), body.Span, indent);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (!_names.MayMatter(node, _suspendingLocalFunctionNames))
        {
            // Plain by its name: bound only when the monkey patch may rewrite a call by that name.
            base.VisitInvocationExpression(node);
            if (_catalog.MayPatch(CallNameFilter.InvokedName(node.Expression)))
            {
                Patch(node);
            }

            return;
        }

        // Found by lookup, the call's methods have no caller-info parameter, and only a name the catalog has may be patched.
        var lookedUp = _lookup.Classify(node, _method, _declaredNames, _model, _cancellationToken);
        var call = lookedUp ?? CallClassifier.Classify(node, _model, _suspendingLocalFunctions, _cancellationToken);
        base.VisitInvocationExpression(node);
        if (lookedUp is null && CallerInfo.OriginalValues(node, _methodName, _model, _cancellationToken) is { } callerInfo)
        {
            _edits.InsertInside(node.ArgumentList.CloseParenToken.FullSpan.Start, node.ArgumentList.Span, callerInfo);
        }

        if (call.Kind == CallKind.Plain)
        {
            if (lookedUp is null || _catalog.MayPatch(CallNameFilter.InvokedName(node.Expression)))
            {
                Patch(node);
            }

            return;
        }

        if (call.Suspends && SuspensionPosition.WhyNotRewritable(node) is { } problem)
        {
            ReportUnrewritable(node, problem.At, problem.Reason);
            return;
        }

        if (call.Kind == CallKind.Cooperative && !CooperativeSpawn.HasAwaitableForm(call.Method!, call.NewName!))
        {
            var definition = call.Method!.ReducedFrom ?? call.Method;
            Report(DiagnosticDescriptors.MissingAwaitableForm, node, $"{definition.ContainingType.Name}.{definition.Name}", call.NewName!);
            return;
        }

        var beforeArguments = call.TwinArguments.IsEmpty ? null : _edits.Save();
        RenameTwinArguments(node, call);
        if (call.NewName is { } newName && !TryRename(node.Expression, newName))
        {
            if (beforeArguments is not null)
            {
                _edits.Restore(beforeArguments); // the call stays as written, its arguments too
            }

            Report(DiagnosticDescriptors.UnsupportedCall, node, Describe(node), "through an expression that is not a method name");
            return;
        }

        if (!call.Suspends)
        {
            return; // a twin overload: same call shape, no await
        }

        _points.Add(new SuspensionPoint(node, SuspensionKind.Call, IsInLocalFunction(node)));
        Await(node, NeedsParentheses(node));
    }

    /// <summary><c>await call</c>, or <c>(await call)</c>, in the place of <paramref name="call"/>: its trivia stays where it is.</summary>
    private void Await(ExpressionSyntax call, bool inParentheses)
    {
        if (inParentheses)
        {
            _edits.InsertBefore(call, "(await ");
            _edits.InsertAfter(call, ")");
        }
        else
        {
            _edits.InsertBefore(call, "await ");
        }
    }

    public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        base.VisitMemberAccessExpression(node);
        if (!(node.Parent is InvocationExpressionSyntax call && call.Expression == node) && _catalog.MayPatch(node.Name.Identifier.ValueText))
        {
            Patch(node); // not a method's name (the invocation decides), and a name the catalog has
        }
    }

    /// <summary>
    /// The monkey patch: a blocking call with a green form of the same contract becomes the awaited green form,
    /// <c>(await global::Greenlets.Greenlet.SleepAwaitable(1))</c> for <c>Thread.Sleep(1000)</c>.
    /// </summary>
    private void Patch(ExpressionSyntax original)
    {
        if (_catalog.IsEmpty
            || _model.GetSymbolInfo(original, _cancellationToken).Symbol is not { } member
            || _catalog.Find(member) is not { Patchable: true } api
            || MonkeyPatch.Plan(original, member, api, _model, _cancellationToken) is not { } plan)
        {
            return;
        }

        HasPatchableCalls = true;
        if (!_monkeyPatch)
        {
            return;
        }

        _points.Add(new SuspensionPoint(original, SuspensionKind.Call, inLocalFunction: false));
        var awaited = "await " + plan.Call.ToSyntax(plan.AwaitableName).ToString();
        if (NeedsParentheses(original))
        {
            awaited = "(" + awaited + ")";
        }

        // The green call is written on one line: line breaks inside the original go after it, so later lines keep their numbers.
        var lineBreaks = original.ToString().Count(c => c == '\n');
        _edits.Replace(original.Span, awaited + new string('\n', lineBreaks));
    }

    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        base.VisitForEachStatement(node);
        RewriteForEach(node);
    }

    public override void VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        base.VisitForEachVariableStatement(node);
        RewriteForEach(node);
    }

    /// <summary>A foreach over a cooperative enumerator suspends at each step: it becomes <c>await foreach</c>.</summary>
    private void RewriteForEach(CommonForEachStatementSyntax node)
    {
        if (!CallClassifier.IsCooperativeForEach(node, _model))
        {
            return;
        }

        if (SuspensionPosition.WhyNotRewritable(node) is { } problem)
        {
            ReportUnrewritable(node, problem.At, problem.Reason);
            return;
        }

        if (_model.GetTypeInfo(node.Expression, _cancellationToken).Type is not { } collection
            || !HasMethod(collection, "GetAsyncEnumerator"))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, node.Expression, Describe(node.Expression), "by a foreach over a type without GetAsyncEnumerator");
            return;
        }

        var inLocalFunction = IsInLocalFunction(node);
        _points.Add(new SuspensionPoint(node, SuspensionKind.ForEachMoveNext, inLocalFunction));
        if (_model.GetForEachStatementInfo(node).DisposeMethod is not null)
        {
            _points.Add(new SuspensionPoint(node, SuspensionKind.ForEachDispose, inLocalFunction));
        }

        _edits.InsertOpening(node.ForEachKeyword.SpanStart, node.Span, "await ");
    }

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        base.VisitLocalFunctionStatement(node);
        if (_model.GetDeclaredSymbol(node, _cancellationToken) is not IMethodSymbol symbol || !_suspendingLocalFunctions.Contains(symbol))
        {
            return;
        }

        // "async" goes just before the return type: after the modifiers, or in the place of the indentation.
        var returnType = node.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            ? KnownNames.GreenTask
            : $"{KnownNames.GreenTask}<{node.ReturnType}>";
        _edits.Replace(node.ReturnType.Span, returnType); // first: a replacement drops the edits made inside what it replaces
        _edits.InsertBefore(node.ReturnType, "async ");
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
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

        base.VisitIdentifierName(node);
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

    private void RenameTwinArguments(InvocationExpressionSyntax node, CallInfo call)
    {
        var arguments = node.ArgumentList.Arguments;
        foreach (var index in call.TwinArguments)
        {
            var expression = arguments[index].Expression;
            var target = CallClassifier.MethodGroupTarget(expression, _model, _cancellationToken);
            if (target is null or { MethodKind: MethodKind.LocalFunction })
            {
                continue; // inside the twin a local function already is its rewritten form
            }

            if (CooperativeSpawn.IsCooperative(target))
            {
                if (CooperativeReference(expression, target) is { } reference)
                {
                    _edits.Replace(expression.Span, reference);
                }

                continue;
            }

            if (TryRename(expression, target.Name + KnownNames.TwinSuffix)
                && target is { IsStatic: true, IsGenericMethod: false, ReducedFrom: null })
            {
                StaticLambdaCalling(expression, target.Parameters.Length);
            }
        }
    }

    /// <summary>
    /// The delegate to the spawnable form of a cooperative operation's method group: <c>Greenlet.Sleep</c> becomes
    /// <c>static (__a1) => …CooperativeForms.Greenlet.Sleep__Greenlet(__a1)</c>, <c>queue.Get</c> a lambda passing
    /// <c>queue</c> along. Null, with GRN0014 reported, where the operation cannot be spawned so.
    /// </summary>
    private string? CooperativeReference(ExpressionSyntax original, IMethodSymbol target)
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
                MemberAccessExpressionSyntax member when !_edits.HasEditsIn(member.Expression.Span)
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
        return CooperativeSpawn.Reference(target, receiver);
    }

    /// <summary>
    /// <c>static (__a1, …) => Twin(__a1, …)</c> for a static twin's method group: a delegate over a static method
    /// is invoked through a shuffle thunk that moves every argument, one over a lambda (an instance method of the
    /// compiler's cached closure) is not. Generic methods keep the method group, whose type arguments the compiler
    /// infers from the delegate type. On one line, like every rewrite.
    /// </summary>
    private void StaticLambdaCalling(ExpressionSyntax twin, int parameterCount)
    {
        var names = string.Join(", ", Enumerable.Range(1, parameterCount).Select(i => "__a" + i));
        _edits.InsertBefore(twin, "static (" + names + ") => ");
        _edits.InsertAfter(twin, "(" + names + ")");
    }

    /// <summary>Renames the method a call or a method group names (its last simple name); false for any other expression.</summary>
    private bool TryRename(ExpressionSyntax expression, string newName)
    {
        var name = expression switch
        {
            SimpleNameSyntax simple => simple.Identifier,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier,
            MemberAccessExpressionSyntax member => member.Name.Identifier,
            _ => default,
        };
        if (name.RawKind == 0)
        {
            return false;
        }

        _edits.Replace(name.Span, newName);
        return true;
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

    private void ReportUnrewritable(SyntaxNode suspension, SyntaxNode node, string reason)
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

    /// <summary><c>Workers.cs:12: Greenlet.Sleep(0)</c>.</summary>
    public string Describe()
    {
        var line = Node.SyntaxTree.GetLineSpan(Node.Span);
        var what = Node is CommonForEachStatementSyntax loop
            ? (Kind == SuspensionKind.ForEachDispose ? "end of " : "") + $"foreach ({BodyRewriter.Describe(loop.Expression)})"
            : BodyRewriter.Describe(Node);
        return string.Concat(FileName(line.Path), ":", (line.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture), ": ", what);
    }

    [ThreadStatic]
    private static (string Path, string Name) t_lastFile;

    /// <summary>The file name of a path, kept for the next point: a body's points are all in one file.</summary>
    private static string FileName(string path)
    {
        if (!ReferenceEquals(t_lastFile.Path, path))
        {
            t_lastFile = (path, Path.GetFileName(path));
        }

        return t_lastFile.Name;
    }
}
