using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// Fixes a <c>lock</c> statement that holds a Monitor around a suspension point (the generator's GRN0003) or around
/// code that blocks (GRN0104) by making the lock object green: its declaration becomes a <c>GreenLock</c>, and
/// every <c>lock (gate) { ... }</c> on it becomes <c>using (gate.Lock()) { ... }</c>, which waits cooperatively and
/// releases however the block is left. A Monitor is re-entrant and a GreenLock is not: when the fix can see a lock
/// taken again while held (nested, or through the methods the block calls), the object becomes an <c>RLock</c>,
/// re-entrant per greenlet, instead. Offered only when the object is a field or local of this document created with
/// <c>new object()</c>, <c>new()</c> or <c>new Lock()</c>, and every use of it is a lock statement of a [Greenlet]
/// method: a lock that plain code or another thread also takes must stay a Monitor.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenLockCodeFixProvider)), Shared]
public sealed class GreenLockCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the fix; fix-all applies it to every such lock object.</summary>
    public const string Key = "Greenlet.UseGreenLock";

    /// <summary>The generator's error for a suspension point inside a lock statement, reported at the lock.</summary>
    public const string SuspensionInLockId = "GRN0003";

    private const string GreenLockType = "Greenlets.GreenLock";
    private const string RLockType = "Greenlets.RLock";

    // How many methods the re-entry search reads before it assumes the lock may be taken again.
    private const int ReentrySearchLimit = 200;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SuspensionInLockId, DiagnosticDescriptors.LockAroundBlocking.Id);

    private static readonly VariableFix<LockPlan> s_fix = new(
        Key,
        Plan,
        plan => plan.Variable.Symbol,
        plan => plan.Reentrant
            ? $"Make '{plan.Variable.Symbol.Name}' an RLock (it is locked again while held)"
            : $"Make '{plan.Variable.Symbol.Name}' a GreenLock",
        Rewrite);

    /// <summary>This fix, for the blocking-call fix-all, which also greens the lock around a call it greens.</summary>
    internal static IVariableFix Fix => s_fix;

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => s_fix.FixAll;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => s_fix.RegisterAsync(context);

    /// <summary>What to change for one lock object: its declaration, and every lock statement on it.</summary>
    private sealed class LockPlan
    {
        public LockPlan(RetypedVariable variable, IReadOnlyList<LockStatementSyntax> locks, bool reentrant)
        {
            Variable = variable;
            Locks = locks;
            Reentrant = reentrant;
        }

        public RetypedVariable Variable { get; }

        public IReadOnlyList<LockStatementSyntax> Locks { get; }

        /// <summary>Whether a lock on it may be taken again while held, so that it must become an RLock.</summary>
        public bool Reentrant { get; }
    }

    private static LockPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<LockStatementSyntax>().FirstOrDefault() is not { } reported
            || model.Compilation.GetTypeByMetadataName(GreenLockType) is null
            || RetypedVariable.Find(reported.Expression, model, cancellationToken) is not { } variable
            || variable.Creation is not { } creation
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || !IsLockObjectType(model.GetTypeInfo(creation, cancellationToken).Type)
            || !IsLockObjectType(variable.Type))
        {
            return null;
        }

        var locks = new List<LockStatementSyntax>();
        foreach (var use in variable.Uses(root, model, cancellationToken))
        {
            if (use.Parent is not LockStatementSyntax @lock || @lock.Expression != use || !RetypedVariable.IsInGreenletBody(@lock, model, cancellationToken))
            {
                return null;
            }

            locks.Add(@lock);
        }

        return new LockPlan(variable, locks, IsReentrant(locks, model, cancellationToken));
    }

    /// <summary><c>object</c>, or .NET 9's <c>System.Threading.Lock</c>: the types a lock object is made of.</summary>
    private static bool IsLockObjectType(ITypeSymbol? type) =>
        type is { SpecialType: SpecialType.System_Object } || type?.ToDisplayString() == "System.Threading.Lock";

    /// <summary>
    /// Whether a lock on the object can be taken again while held: one lock inside another, or a lock's block calling,
    /// through methods with source in this compilation, a method that locks it. Calls through delegates and
    /// interfaces are not followed.
    /// </summary>
    private static bool IsReentrant(IReadOnlyList<LockStatementSyntax> locks, SemanticModel model, CancellationToken cancellationToken)
    {
        if (locks.Any(inner => inner.Ancestors().OfType<LockStatementSyntax>().Any(locks.Contains)))
        {
            return true;
        }

        var holders = new HashSet<IMethodSymbol>(
            locks.Select(l => model.GetEnclosingSymbol(l.SpanStart, cancellationToken)).OfType<IMethodSymbol>().Select(m => m.OriginalDefinition),
            SymbolEqualityComparer.Default);
        var pending = new Stack<IMethodSymbol>(locks.SelectMany(l => CalledMethods(l.Statement, model, cancellationToken)));
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        while (pending.Count > 0)
        {
            var method = pending.Pop();
            if (holders.Contains(method))
            {
                return true;
            }

            if (!seen.Add(method))
            {
                continue;
            }

            if (seen.Count > ReentrySearchLimit)
            {
                return true; // too far to follow: re-entrant is the safe answer
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax(cancellationToken);
                var bodyModel = body.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(body.SyntaxTree);
                foreach (var called in CalledMethods(body, bodyModel, cancellationToken))
                {
                    pending.Push(called);
                }
            }
        }

        return false;
    }

    /// <summary>The methods, constructors and accessors that code calls, leaving out lambdas.</summary>
    private static IEnumerable<IMethodSymbol> CalledMethods(SyntaxNode code, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetOperation(code, cancellationToken) is not { } root)
        {
            yield break;
        }

        foreach (var operation in HelperWalker.Descendants(root))
        {
            var called = HelperWalker.CalledMember(operation) switch
            {
                IMethodSymbol method => method,
                IPropertySymbol property => property.GetMethod,
                _ => null,
            };
            if (called is not null)
            {
                yield return (called.ReducedFrom ?? called).OriginalDefinition;
            }
        }
    }

    private static SyntaxNode Rewrite(SyntaxNode root, IEnumerable<LockPlan> plans)
    {
        var declarations = new Dictionary<SyntaxNode, SyntaxNode>();
        var locks = new HashSet<SyntaxNode>();
        foreach (var plan in plans)
        {
            var type = plan.Reentrant ? RLockType : GreenLockType;
            declarations[plan.Variable.Declaration] = plan.Variable.Retype(type, plan.Variable.NewCreation(type, ArgumentList()));
            locks.UnionWith(plan.Locks);
        }

        // The rewritten node, not the original: a lock inside another one is rewritten first.
        return root.ReplaceNodes(
            declarations.Keys.Concat(locks),
            (original, rewritten) => locks.Contains(original) ? ToUsing((LockStatementSyntax)rewritten) : declarations[original]);
    }

    /// <summary><c>lock (gate) { ... }</c> as <c>using (gate.Lock()) { ... }</c>, keeping its layout.</summary>
    private static UsingStatementSyntax ToUsing(LockStatementSyntax @lock)
    {
        var acquire = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, @lock.Expression.WithoutTrivia(), IdentifierName("Lock")));
        return UsingStatement(null, acquire.WithTriviaFrom(@lock.Expression), @lock.Statement)
            .WithAttributeLists(@lock.AttributeLists)
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTriviaFrom(@lock.LockKeyword))
            .WithOpenParenToken(@lock.OpenParenToken)
            .WithCloseParenToken(@lock.CloseParenToken);
    }
}
