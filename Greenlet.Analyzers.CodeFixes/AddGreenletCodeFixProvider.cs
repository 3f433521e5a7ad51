using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// Fixes a plain helper that suspends (GRN0200): marks the helper [Greenlet], and its types partial, so that the
/// greenlet calls its rewritten form. Fix-all marks each helper once, however many calls report it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddGreenletCodeFixProvider)), Shared]
public sealed class AddGreenletCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string Key = "Greenlet.AddGreenletAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.PlainHelperSuspends.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new MarkHelpersFixAll();

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await HelperOf(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } helper)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Mark '{helper.Name}' [Greenlet]", ct => Mark(context.Document.Project.Solution, new[] { helper }, ct), Key),
                diagnostic);
        }
    }

    /// <summary>The helper a GRN0200 call site calls, when its declaration is in the solution's source.</summary>
    private static async Task<IMethodSymbol?> HelperOf(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node is not null && model?.GetOperation(node, cancellationToken) is IInvocationOperation { TargetMethod: { } target }
            && target.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax
                ? target.OriginalDefinition
                : null;
    }

    /// <summary>Adds [Greenlet] to each helper and partial to every type around it, once per declaration.</summary>
    private static async Task<Solution> Mark(Solution solution, IEnumerable<IMethodSymbol> helpers, CancellationToken cancellationToken)
    {
        var declarations = new List<MethodDeclarationSyntax>();
        foreach (var helper in helpers.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
        {
            if (helper.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
                && await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax declaration)
            {
                declarations.Add(declaration);
            }
        }

        foreach (var byTree in declarations.GroupBy(d => d.SyntaxTree))
        {
            if (solution.GetDocument(byTree.Key) is not { } document)
            {
                continue;
            }

            var methods = byTree.ToList();
            var types = methods.SelectMany(m => m.Ancestors().OfType<TypeDeclarationSyntax>())
                .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
                .Distinct()
                .ToList();
            var root = await byTree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var newRoot = root.ReplaceNodes(
                methods.Cast<SyntaxNode>().Concat(types),
                (original, rewritten) => original is MethodDeclarationSyntax ? AddAttribute((MethodDeclarationSyntax)rewritten) : AddPartial((TypeDeclarationSyntax)rewritten));
            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    private static MethodDeclarationSyntax AddAttribute(MethodDeclarationSyntax method)
    {
        var attribute = AttributeList(SingletonSeparatedList(Attribute(ParseName("global::Greenlets.Greenlet"))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        if (method.AttributeLists.Count == 0)
        {
            // The attribute takes over the method's indentation, on a line of its own.
            var leading = method.GetLeadingTrivia();
            var newLine = method.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var endOfLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : EndOfLine("\n");
            var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            return method
                .WithLeadingTrivia(indentation)
                .WithAttributeLists(SingletonList(attribute.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine)));
        }

        return method.WithAttributeLists(method.AttributeLists.Add(attribute));
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        // partial goes last among the modifiers, just before the keyword.
        var partial = Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(Space);
        if (type.Modifiers.Count == 0)
        {
            return type.WithKeyword(type.Keyword.WithLeadingTrivia()).WithModifiers(TokenList(partial.WithLeadingTrivia(type.Keyword.LeadingTrivia)));
        }

        return type.WithModifiers(type.Modifiers.Add(partial));
    }

    /// <summary>Fix-all: every reported helper in the scope, each marked once.</summary>
    private sealed class MarkHelpersFixAll : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => System.Array.Empty<Document>(),
            };

            var helpers = new List<IMethodSymbol>();
            foreach (var document in documents)
            {
                foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await HelperOf(document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false) is { } helper)
                    {
                        helpers.Add(helper);
                    }
                }
            }

            return CodeAction.Create("Mark the helpers [Greenlet]", ct => Mark(fixAllContext.Solution, helpers, ct), Key);
        }
    }
}
