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
/// Fixes <c>semaphore.Wait()</c> on a <c>SemaphoreSlim</c> (GRN0100) by turning the semaphore itself green: its
/// declaration becomes a <c>GreenSemaphore</c> (or a <c>BoundedSemaphore</c> when the maximum equals the initial
/// count), every <c>Wait()</c> becomes <c>Acquire()</c>, every <c>Wait(token)</c>, <c>Wait(ms, token)</c> and
/// <c>Wait(timeSpan, token)</c> the <c>Acquire</c> taking the same token, and every <c>Release()</c> stays a release.
/// Offered only when the declaration and every use are in this document and each use is one of those calls, since
/// any other use could not survive the change of type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenSemaphoreCodeFixProvider)), Shared]
public sealed class GreenSemaphoreCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the fix; fix-all applies it to every such semaphore.</summary>
    public const string Key = "Greenlet.UseGreenSemaphore";

    private const string SemaphoreSlimType = "System.Threading.SemaphoreSlim";
    private const string GreenSemaphoreType = "Greenlets.GreenSemaphore";
    private const string BoundedSemaphoreType = "Greenlets.BoundedSemaphore";
    private const string CancellationTokenType = "System.Threading.CancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCall.Id);

    private static readonly VariableFix<SemaphorePlan> s_fix = new(
        Key,
        Plan,
        plan => plan.Symbol,
        plan => $"Make '{plan.Symbol.Name}' a {(plan.Bounded ? "BoundedSemaphore" : "GreenSemaphore")}",
        Rewrite);

    /// <summary>This fix, for the blocking-call fix-all that lets it go first.</summary>
    internal static IVariableFix Fix => s_fix;

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => s_fix.FixAll;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => s_fix.RegisterAsync(context);

    /// <summary>What to change for one semaphore: its declaration, and its Wait/Release calls.</summary>
    private sealed class SemaphorePlan
    {
        public SemaphorePlan(RetypedVariable variable, ArgumentSyntax count, bool bounded, IReadOnlyDictionary<InvocationExpressionSyntax, InvocationExpressionSyntax?> calls)
        {
            Variable = variable;
            Count = count;
            Bounded = bounded;
            Calls = calls;
        }

        public RetypedVariable Variable { get; }

        public ISymbol Symbol => Variable.Symbol;

        public ArgumentSyntax Count { get; }

        public bool Bounded { get; }

        /// <summary>Each use, with its replacement: an <c>Acquire</c> for a <c>Wait</c>, null for a <c>Release</c> that stays.</summary>
        public IReadOnlyDictionary<InvocationExpressionSyntax, InvocationExpressionSyntax?> Calls { get; }
    }

    private static SemaphorePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait,
            } reported
            || model.Compilation.GetTypeByMetadataName(GreenSemaphoreType) is not { } greenSemaphore
            || GreenWait(reported, greenSemaphore, model, cancellationToken) is null
            || RetypedVariable.Find(wait.Expression, model, cancellationToken) is not { } variable
            || variable.Creation?.ArgumentList?.Arguments is not { Count: 1 or 2 } arguments
            || model.GetTypeInfo(variable.Creation, cancellationToken).Type?.ToDisplayString() != SemaphoreSlimType
            || arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return null;
        }

        var bounded = false;
        if (arguments.Count == 2)
        {
            var count = model.GetConstantValue(arguments[0].Expression, cancellationToken);
            var max = model.GetConstantValue(arguments[1].Expression, cancellationToken);
            if (max is { HasValue: true, Value: int.MaxValue })
            {
                bounded = false;
            }
            else if ((count.HasValue && max.HasValue && Equals(count.Value, max.Value))
                     || AreEquivalent(arguments[0].Expression, arguments[1].Expression))
            {
                bounded = true; // SemaphoreSlim(n, n) throws on over-release, as BoundedSemaphore(n) does
            }
            else
            {
                return null; // a maximum above the initial count has no green equivalent
            }
        }

        var calls = new Dictionary<InvocationExpressionSyntax, InvocationExpressionSyntax?>();
        foreach (var receiver in variable.Uses(root, model, cancellationToken))
        {
            if (receiver.Parent is not MemberAccessExpressionSyntax access
                || access.Expression != receiver
                || access.Parent is not InvocationExpressionSyntax call)
            {
                return null;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "Wait" when GreenWait(call, greenSemaphore, model, cancellationToken) is { } acquire:
                    calls[call] = acquire;
                    break;
                case "Release" when call.ArgumentList.Arguments.Count == 0 && call.Parent is ExpressionStatementSyntax:
                    calls[call] = null; // stays; its result is not read: SemaphoreSlim returns the count before, GreenSemaphore the count after
                    break;
                default:
                    return null;
            }
        }

        return new SemaphorePlan(variable, arguments[0], bounded, calls);
    }

    /// <summary>
    /// The <c>Acquire</c> a <c>SemaphoreSlim.Wait</c> call becomes, or null when it has none with the same meaning:
    /// <c>Wait()</c> and <c>Wait(token)</c> keep their arguments; <c>Wait(ms, token)</c> takes seconds (a constant
    /// <c>-1</c>, infinite, becomes <c>null</c>; any other int goes through <c>TimeSpan.FromMilliseconds</c>, which
    /// keeps <c>-1</c> infinite); <c>Wait(TimeSpan, token)</c> keeps its TimeSpan. A wait with a timeout and no token
    /// has no fix: its green form, <c>Acquire(timeout: seconds)</c>, treats a negative timeout differently.
    /// </summary>
    private static InvocationExpressionSyntax? GreenWait(InvocationExpressionSyntax call, INamedTypeSymbol greenSemaphore, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { Name: "Wait" } wait
            || wait.ContainingType.ToDisplayString() != SemaphoreSlimType
            || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return null;
        }

        var arguments = call.ArgumentList.Arguments;
        var takesToken = wait.Parameters.Length > 0 && wait.Parameters[wait.Parameters.Length - 1].Type.ToDisplayString() == CancellationTokenType;
        if (wait.Parameters.Length != arguments.Count || (arguments.Count > 0 && !takesToken))
        {
            return null;
        }

        if (takesToken && !greenSemaphore.GetMembers("Acquire").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == arguments.Count
                && m.Parameters[m.Parameters.Length - 1].Type.ToDisplayString() == CancellationTokenType))
        {
            return null; // a runtime from before the token overloads
        }

        var acquire = call.WithExpression(access.WithName(IdentifierName("Acquire").WithTriviaFrom(access.Name)));
        if (arguments.Count < 2)
        {
            return acquire;
        }

        var timeout = arguments[0].Expression;
        ExpressionSyntax greenTimeout;
        if (wait.Parameters[0].Type.SpecialType != SpecialType.System_Int32)
        {
            greenTimeout = timeout; // TimeSpan: the same overload exists
        }
        else if (model.GetConstantValue(timeout, cancellationToken) is { HasValue: true, Value: int milliseconds })
        {
            if (milliseconds < Timeout.Infinite)
            {
                return null; // SemaphoreSlim throws for it
            }

            greenTimeout = milliseconds == Timeout.Infinite ? LiteralExpression(SyntaxKind.NullLiteralExpression) : GreenForms.Seconds(milliseconds);
        }
        else
        {
            greenTimeout = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RetypedVariable.TypeName("System.TimeSpan"), IdentifierName("FromMilliseconds")),
                ArgumentList(SingletonSeparatedList(Argument(timeout.WithoutTrivia()))));
        }

        return acquire.WithArgumentList(acquire.ArgumentList.WithArguments(
            arguments.Replace(arguments[0], arguments[0].WithExpression(greenTimeout.WithTriviaFrom(timeout)))));
    }

    private static SyntaxNode Rewrite(SyntaxNode root, IEnumerable<SemaphorePlan> plans)
    {
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var plan in plans)
        {
            var typeName = plan.Bounded ? BoundedSemaphoreType : GreenSemaphoreType;
            var creation = plan.Variable.NewCreation(typeName, ArgumentList(SingletonSeparatedList(plan.Count.WithoutTrivia())));
            replacements[plan.Variable.Declaration] = plan.Variable.Retype(typeName, creation);

            foreach (var call in plan.Calls)
            {
                if (call.Value is { } acquire)
                {
                    replacements[call.Key] = acquire;
                }
            }
        }

        return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }
}
