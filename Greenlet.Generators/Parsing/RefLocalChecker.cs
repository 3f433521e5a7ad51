using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Finds Span-like values that would have to survive a suspension: a ref local, a local of a ref struct type
/// or a stackalloc, whose scope still holds a later suspension point. The compiler rejects those in async code,
/// so they are reported at the user's line instead of inside the twin.
/// </summary>
internal static class RefLocalChecker
{
    public static void Check(SyntaxNode body, BodyScan scan, IReadOnlyList<SyntaxNode> points, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return;
        }

        foreach (var declarator in scan.Declarators)
        {
            if (declarator.Parent is not VariableDeclarationSyntax declaration)
            {
                continue;
            }

            // Where it matters first (a suspension point later in its scope), then what it is: that needs the binder.
            var scope = declaration.Ancestors().FirstOrDefault(a => a is BlockSyntax or SwitchSectionSyntax) ?? body;
            var after = points.FirstOrDefault(p => p.SpanStart > declarator.Span.End && scope.Span.Contains(p.Span) && SameFunction(p, declarator));
            if (after is not null
                && !IsPlainByItsLiteral(declaration, declarator)
                && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                && (local.IsRef || local.Type.IsRefLikeType))
            {
                diagnostics.Add(new DiagnosticInfo(
                    DiagnosticDescriptors.RefLocalAcrossSuspension.Id,
                    LocationInfo.From(declarator),
                    new[] { local.Name, local.IsRef ? "a ref local" : local.Type.ToDisplayString(), BodyRewriter.Describe(after) }.ToEquatableArray()));
            }
        }

        // foreach over a Span keeps a ref struct enumerator alive through the whole loop body.
        foreach (var loop in scan.ForEachLoops)
        {
            var inside = points.FirstOrDefault(p => loop.Statement.Span.Contains(p.Span) && SameFunction(p, loop.Statement));
            if (inside is null)
            {
                continue; // nothing suspends in it: no need to ask the binder what it walks
            }

            var collection = model.GetTypeInfo(loop.Expression, cancellationToken).Type;
            var enumerator = model.GetForEachStatementInfo(loop).GetEnumeratorMethod?.ReturnType;
            var refLike = collection is { IsRefLikeType: true } ? collection : enumerator is { IsRefLikeType: true } ? enumerator : null;
            if (refLike is not null)
            {
                diagnostics.Add(new DiagnosticInfo(
                    DiagnosticDescriptors.RefLocalAcrossSuspension.Id,
                    LocationInfo.From(loop.Expression),
                    new[] { BodyRewriter.Describe(loop.Expression), refLike!.ToDisplayString(), BodyRewriter.Describe(inside) }.ToEquatableArray()));
            }
        }
    }

    /// <summary>
    /// <c>var total = 0;</c>: a number, string, character or boolean, so neither a ref local nor a ref struct. Asking
    /// the binder binds the initializer, for a local most [Greenlet] bodies start with.
    /// </summary>
    private static bool IsPlainByItsLiteral(VariableDeclarationSyntax declaration, VariableDeclaratorSyntax declarator) =>
        declaration.Type.IsVar
        && declarator.Initializer?.Value.Kind() is SyntaxKind.NumericLiteralExpression or SyntaxKind.StringLiteralExpression
            or SyntaxKind.CharacterLiteralExpression or SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression;

    private static bool SameFunction(SyntaxNode a, SyntaxNode b) =>
        Function(a) == Function(b);

    private static SyntaxNode? Function(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(n => n is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax);
}
