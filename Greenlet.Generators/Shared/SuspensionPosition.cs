using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Where in a [Greenlet] body an await can go. Shared by the generator, which rewrites suspension points, and the
/// analyzers, which must know which blocking calls the compile-time patch can rewrite.
/// </summary>
internal static class SuspensionPosition
{
    /// <summary>
    /// Why an await cannot go where this suspension point is, and the code to point at (for "lock", the innermost
    /// lock statement around it); null when it can.
    /// </summary>
    public static (string Reason, SyntaxNode At)? WhyNotRewritable(SyntaxNode node)
    {
        SyntaxNode child = node;
        var onAccessChain = true;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax:
                case QueryExpressionSyntax:
                    return ("lambda", node);
                case LocalFunctionStatementSyntax:
                case MemberDeclarationSyntax:
                    return null;
                case LockStatementSyntax @lock when child == @lock.Statement:
                    return ("lock", @lock); // one report per lock, however many suspension points it holds
                case CatchFilterClauseSyntax:
                    return ("in a catch filter", node);
                case ConditionalAccessExpressionSyntax access when child == access.WhenNotNull && onAccessChain:
                    // Point at the whole access (other?.Get()), not at its tail (.Get()).
                    var whole = access;
                    while (whole.Parent is ConditionalAccessExpressionSyntax outer && outer.WhenNotNull == whole)
                    {
                        whole = outer;
                    }

                    return ("through the ?. operator", whole);
            }

            // Whether the call is still the target of the member accesses, calls and indexing above it
            // (g?.Get().ToString()), rather than inside one of their arguments (a?.Add(g.Get())).
            onAccessChain &= ancestor switch
            {
                InvocationExpressionSyntax invocation => invocation.Expression == child,
                MemberAccessExpressionSyntax member => member.Expression == child,
                ElementAccessExpressionSyntax element => element.Expression == child,
                PostfixUnaryExpressionSyntax => true,
                ConditionalAccessExpressionSyntax => true,
                _ => false,
            };
            child = ancestor;
        }

        return null;
    }
}
