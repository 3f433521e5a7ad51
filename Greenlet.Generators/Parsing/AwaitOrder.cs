using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// Orders suspension points as the compiler numbers the awaits of the twin's state machine, so that the
/// runtime can name the point a greenlet is suspended at from the state number alone. That is evaluation
/// order (receiver and arguments before the call), except where the compiler's loop lowering moves code:
/// a while or for condition comes after the body, unless the condition declares variables.
/// </summary>
internal static class AwaitOrder
{
    public static IEnumerable<SuspensionPoint> Sort(SyntaxNode? body, IEnumerable<SuspensionPoint> points)
    {
        var list = points as IReadOnlyList<SuspensionPoint> ?? points.ToList();
        if (body is null || list.Count < 2)
        {
            return list; // nothing to order
        }

        var index = new Dictionary<(SyntaxNode, SuspensionKind), int>();
        Walk(body, index, list);
        return list.OrderBy(p => index.TryGetValue((p.Node, p.Kind), out var i) ? i : int.MaxValue);
    }

    /// <summary>Numbers the nodes in lowered order, going only into the subtrees that hold a point: the rest would only be numbered.</summary>
    private static void Walk(SyntaxNode node, Dictionary<(SyntaxNode, SuspensionKind), int> index, IReadOnlyList<SuspensionPoint> points)
    {
        if (node is WhileStatementSyntax or ForStatementSyntax)
        {
            foreach (var child in LoweredChildren(node))
            {
                WalkIfHolding(child, index, points);
            }
        }
        else
        {
            // In source order; no iterator: this runs for every node above a suspension point.
            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.AsNode() is { } childNode)
                {
                    WalkIfHolding(childNode, index, points);
                }
            }
        }

        switch (node)
        {
            case InvocationExpressionSyntax:
            case MemberAccessExpressionSyntax: // task.Result, awaited when the monkey patch rewrites it
                index[(node, SuspensionKind.Call)] = index.Count;
                break;
            case CommonForEachStatementSyntax:
                // try { goto continue; start: body; continue: if (await MoveNextAsync()) goto start; } finally { await DisposeAsync(); }
                index[(node, SuspensionKind.ForEachMoveNext)] = index.Count;
                index[(node, SuspensionKind.ForEachDispose)] = index.Count;
                break;
        }
    }

    private static void WalkIfHolding(SyntaxNode node, Dictionary<(SyntaxNode, SuspensionKind), int> index, IReadOnlyList<SuspensionPoint> points)
    {
        if (HoldsAPoint(node, points))
        {
            Walk(node, index, points);
        }
    }

    private static bool HoldsAPoint(SyntaxNode node, IReadOnlyList<SuspensionPoint> points)
    {
        var span = node.FullSpan;
        for (var i = 0; i < points.Count; i++)
        {
            if (span.Contains(points[i].Node.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The children of a node in the order the lowered code evaluates them.</summary>
    private static IEnumerable<SyntaxNode> LoweredChildren(SyntaxNode node)
    {
        switch (node)
        {
            // goto continue; start: body; continue: if (condition) goto start;
            case WhileStatementSyntax loop when !DeclaresVariables(loop.Condition):
                return new SyntaxNode[] { loop.Statement, loop.Condition };

            case ForStatementSyntax loop:
                return ForParts(loop);

            default:
                return node.ChildNodes();
        }
    }

    private static IEnumerable<SyntaxNode> ForParts(ForStatementSyntax loop)
    {
        var parts = new List<SyntaxNode?> { loop.Declaration };
        parts.AddRange(loop.Initializers);
        if (loop.Condition is not null && DeclaresVariables(loop.Condition))
        {
            // initializer; start: if (!condition) goto break; body; continue: increment; goto start;
            parts.Add(loop.Condition);
            parts.Add(loop.Statement);
            parts.AddRange(loop.Incrementors);
        }
        else
        {
            // initializer; goto end; start: body; continue: increment; end: if (condition) goto start;
            parts.Add(loop.Statement);
            parts.AddRange(loop.Incrementors);
            parts.Add(loop.Condition);
        }

        return parts.Where(p => p is not null).Select(p => p!);
    }

    /// <summary>Whether a loop condition declares pattern or out variables of its own scope.</summary>
    private static bool DeclaresVariables(ExpressionSyntax condition) =>
        condition.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or SwitchExpressionArmSyntax or QueryExpressionSyntax))
            .Any(n => n is SingleVariableDesignationSyntax);
}
