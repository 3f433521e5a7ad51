using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Generator;

/// <summary>
/// The twin's body is the user's text with edits spliced in (<see cref="SourceEdits"/>): at one position they must come
/// out in the order a rewritten syntax tree would print them, whatever order the walk made them in.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SourceEditsTests
{
    private const string Body = "{ var n = (a.Get().Next()).Length; }";

    [Test]
    public void NestedSuspensionPointsOpenOutermostFirstAndCloseInnermostFirst()
    {
        var (tree, calls) = Parse();
        var inner = calls.Single(c => c.ToString() == "a.Get()");
        var outer = calls.Single(c => c.ToString() == "a.Get().Next()");

        // The walk visits the inner call first, as a rewriter does.
        var edits = new SourceEdits();
        Await(edits, inner, parenthesized: true);
        Rename(edits, inner, "GetAwaitable");
        Await(edits, outer, parenthesized: false);
        Rename(edits, outer, "NextAwaitable");

        Assert.That(Apply(edits, tree), Is.EqualTo("{ var n = (await (await a.GetAwaitable()).NextAwaitable()).Length; }"));
    }

    [Test]
    public void AReplacementDropsTheEditsInsideWhatItReplaces()
    {
        var (tree, calls) = Parse();
        var inner = calls.Single(c => c.ToString() == "a.Get()");
        var outer = calls.Single(c => c.ToString() == "a.Get().Next()");

        var edits = new SourceEdits();
        Await(edits, inner, parenthesized: true);
        edits.Replace(outer.Span, "Patched()");

        Assert.That(Apply(edits, tree), Is.EqualTo("{ var n = (Patched()).Length; }"));
    }

    [Test]
    public void EditsAreWrittenAfterTheIndentation()
    {
        var (tree, calls) = Parse();
        var edits = new SourceEdits();
        Rename(edits, calls.Single(c => c.ToString() == "a.Get()"), "Got");

        Assert.That(edits.Apply(tree.GetText(), Block(tree).Span, indent: 4), Is.EqualTo("    { var n = (a.Got().Next()).Length; }"));
    }

    private static (SyntaxTree Tree, List<InvocationExpressionSyntax> Calls) Parse()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void M() " + Body + " }");
        return (tree, tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().ToList());
    }

    private static BlockSyntax Block(SyntaxTree tree) => tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().Single();

    private static string Apply(SourceEdits edits, SyntaxTree tree) => edits.Apply(tree.GetText(), Block(tree).Span);

    private static void Await(SourceEdits edits, InvocationExpressionSyntax call, bool parenthesized)
    {
        edits.InsertBefore(call, parenthesized ? "(await " : "await ");
        if (parenthesized)
        {
            edits.InsertAfter(call, ")");
        }
    }

    private static void Rename(SourceEdits edits, InvocationExpressionSyntax call, string name) =>
        edits.Replace(((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.Span, name);
}
