using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Analyzers;

/// <summary>
/// GRN0104: a <c>lock</c> statement of a [Greenlet] method whose body blocks, directly or through helpers, or calls a
/// plain helper that suspends. Either way the green form of that code suspends, which a Monitor cannot be held
/// across. A lock whose body itself suspends is the generator's error GRN0003 instead, reported at the same place:
/// this analyzer then stays silent, so one mistake gives one report. A lock around plain code is fine on a hub.
/// </summary>
internal static class LockStatementAnalysis
{
    public static void Analyze(OperationAnalysisContext context, IMethodSymbol greenlet, BlockingApis blocking, HelperWalker walker)
    {
        var @lock = (ILockOperation)context.Operation;
        if (@lock.Syntax is not LockStatementSyntax syntax || BlockingCallAnalyzer.IsInsideLambda(@lock))
        {
            return;
        }

        string? reason = null;
        foreach (var operation in HelperWalker.Descendants(@lock.Body))
        {
            if (Suspends(operation, walker, context))
            {
                return; // GRN0003
            }

            reason ??= Reason(operation, blocking, walker, context);
        }

        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LockAroundBlocking, Header(syntax), syntax.Expression.ToString(), greenlet.Name, reason));
        }
    }

    /// <summary><c>lock (gate)</c>: where the generator reports GRN0003 too.</summary>
    public static Location Header(LockStatementSyntax syntax) =>
        Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.LockKeyword.SpanStart, syntax.CloseParenToken.Span.End));

    /// <summary>Whether the operation is a suspension point of the greenlet, as the generator sees it.</summary>
    private static bool Suspends(IOperation operation, HelperWalker walker, OperationAnalysisContext context)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction } local }:
                return walker.IsWalkable(local) && walker.Summarize(local, context.CancellationToken).SuspendingPath is not null;
            case IInvocationOperation { TargetMethod: var target }:
                return CallClassifier.IsGreenletMethod(target.ReducedFrom ?? target)
                       || CallClassifier.AttributeArgument(target.ReducedFrom ?? target, KnownNames.CooperativeAttribute) is not null;
            case IForEachLoopOperation { Syntax: CommonForEachStatementSyntax loop, SemanticModel: { } model }:
                return CallClassifier.IsCooperativeForEach(loop, model);
            default:
                return false;
        }
    }

    /// <summary>What the operation does that a green form would make suspend: <c>'Thread.Sleep', which blocks the hub</c>.</summary>
    private static string? Reason(IOperation operation, BlockingApis blocking, HelperWalker walker, OperationAnalysisContext context)
    {
        if (HelperWalker.CalledMember(operation) is not { } member)
        {
            return null;
        }

        if (blocking.Find(member) is not null)
        {
            return $"'{BlockingApis.Display(member)}', which blocks the hub";
        }

        if (member is not IMethodSymbol helper || !walker.IsWalkable(helper))
        {
            return null;
        }

        var summary = walker.Summarize(helper, context.CancellationToken);
        return summary.BlockingPath is { } path
            ? $"'{helper.Name} → {string.Join(" → ", path)}', which blocks the hub"
            : summary.SuspendingPath is { } suspending
                ? $"'{helper.Name} → {string.Join(" → ", suspending)}', which suspends once '{helper.Name}' is [Greenlet]"
                : null;
    }
}
