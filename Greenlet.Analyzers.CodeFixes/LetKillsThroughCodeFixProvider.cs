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
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// Fixes a catch clause that swallows kills and timeouts (GRN0205), two ways: a filter that lets GreenletExit and
/// GreenTimeout through, <c>catch (Exception e) when (e is not (GreenletExit or GreenTimeout))</c> (offered first,
/// and the one <c>dotnet format</c> applies), or clauses before it that rethrow them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LetKillsThroughCodeFixProvider)), Shared]
public sealed class LetKillsThroughCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the filter fix.</summary>
    public const string FilterKey = "Greenlet.LetKillsThrough.Filter";

    /// <summary>The equivalence key of the rethrow fix.</summary>
    public const string RethrowKey = "Greenlet.LetKillsThrough.Rethrow";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SwallowedKill.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (model is null
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>() is not { } clause
                || !diagnostic.Properties.TryGetValue(SwallowedKillAnalyzer.SwallowedProperty, out var swallowed) || swallowed is null
                || !diagnostic.Properties.TryGetValue(SwallowedKillAnalyzer.VariableProperty, out var variable) || variable is null)
            {
                continue;
            }

            // The types as the code at the clause can name them: GreenletExit with 'using Greenlets;', else in full.
            var types = swallowed.Split(',').Select(type => NameAt(model, clause.SpanStart, type)).ToArray();
            var names = string.Join(" and ", swallowed.Split(',').Select(t => t.Substring(t.LastIndexOf('.') + 1)));
            var exception = NameAt(model, clause.SpanStart, "System.Exception");
            context.RegisterCodeFix(
                CodeAction.Create($"Let {names} through", ct => Replace(context.Document, clause, new[] { WithFilter(clause, types, variable, exception) }, ct), FilterKey),
                diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create($"Rethrow {names} before this clause", ct => Replace(context.Document, clause, Rethrowing(clause, types), ct), RethrowKey),
                diagnostic);
        }
    }

    private static async Task<Document> Replace(Document document, CatchClauseSyntax clause, IEnumerable<CatchClauseSyntax> replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(clause, replacement));
    }

    /// <summary>
    /// <c>catch (Exception e) when (e is not (GreenletExit or GreenTimeout))</c>: the clause gets a variable if it has
    /// none (a bare <c>catch</c> becomes <c>catch (Exception e)</c>), and its filter, if it has one, is kept after the test.
    /// Written as text and parsed, so the result is the tree the same code typed in would give.
    /// </summary>
    private static CatchClauseSyntax WithFilter(CatchClauseSyntax clause, string[] types, string variable, string exception)
    {
        var declaration = clause.Declaration is { } existing
            ? $"({existing.Type.WithoutTrivia()} {(existing.Identifier.IsKind(SyntaxKind.None) ? variable : existing.Identifier.ValueText)})"
            : $"({exception} {variable})";
        var name = clause.Declaration?.Identifier is { RawKind: not (int)SyntaxKind.None } identifier ? identifier.ValueText : variable;
        var test = types.Length == 1 ? $"{name} is not {types[0]}" : $"{name} is not ({string.Join(" or ", types)})";
        if (clause.Filter is { } filter)
        {
            test += $" && ({filter.FilterExpression.WithoutTrivia()})";
        }

        var header = ((TryStatementSyntax)ParseStatement($"try {{ }} catch {declaration} when ({test}) {{ }}")).Catches[0];
        var trailing = (SyntaxNode?)clause.Filter ?? (SyntaxNode?)clause.Declaration;
        return clause
            .WithCatchKeyword(clause.CatchKeyword.WithTrailingTrivia(Space))
            .WithDeclaration(header.Declaration!.WithTrailingTrivia(Space))
            .WithFilter(header.Filter!.WithTrailingTrivia(trailing?.GetTrailingTrivia() ?? clause.CatchKeyword.TrailingTrivia));
    }

    /// <summary><c>catch (GreenletExit) { throw; }</c> and <c>catch (GreenTimeout) { throw; }</c>, then the clause.</summary>
    private static IEnumerable<CatchClauseSyntax> Rethrowing(CatchClauseSyntax clause, string[] types)
    {
        foreach (var type in types)
        {
            yield return CatchClause(CatchDeclaration(ParseTypeName(type)), null, Block(ThrowStatement()))
                .WithLeadingTrivia(clause.GetLeadingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        yield return clause;
    }

    /// <summary>The type's simple name where it binds to that type at <paramref name="position"/>, else its full name.</summary>
    private static string NameAt(SemanticModel model, int position, string metadataName)
    {
        var simple = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        var type = model.Compilation.GetTypeByMetadataName(metadataName);
        return model.LookupNamespacesAndTypes(position, name: simple).Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, type))
            ? simple
            : metadataName;
    }
}
