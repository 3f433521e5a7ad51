using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Greenlets.Analyzers;

/// <summary>A variable fix seen from another fix's fix-all, which lets it go first (see GreenFormCodeFixProvider).</summary>
internal interface IVariableFix
{
    /// <summary>Whether this fix has a plan for <paramref name="diagnostic"/>: a more specific fix than any other for it.</summary>
    bool Claims(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The document with every variable that <paramref name="diagnostics"/> point at rewritten, each once.</summary>
    Task<Document> FixAllInAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken);
}

/// <summary>
/// The shape of a fix that gives a variable of this document a green type (a SemaphoreSlim, a lock object, a
/// Socket) and rewrites its uses: a plan per reported diagnostic, one code action per plan, and a fix-all that
/// rewrites each variable of a document once however many diagnostics point at it.
/// </summary>
/// <typeparam name="TPlan">What the fix changes for one variable.</typeparam>
internal sealed class VariableFix<TPlan> : IVariableFix
    where TPlan : class
{
    private readonly string _key;
    private readonly Func<SyntaxNode, SemanticModel, Diagnostic, CancellationToken, TPlan?> _plan;
    private readonly Func<TPlan, ISymbol> _variable;
    private readonly Func<TPlan, string> _title;
    private readonly Func<SyntaxNode, IEnumerable<TPlan>, SyntaxNode> _rewrite;

    public VariableFix(
        string key,
        Func<SyntaxNode, SemanticModel, Diagnostic, CancellationToken, TPlan?> plan,
        Func<TPlan, ISymbol> variable,
        Func<TPlan, string> title,
        Func<SyntaxNode, IEnumerable<TPlan>, SyntaxNode> rewrite)
    {
        _key = key;
        _plan = plan;
        _variable = variable;
        _title = title;
        _rewrite = rewrite;
        FixAll = new FixAllVariables(this);
    }

    /// <summary>Fix-all in a document, a project or the solution.</summary>
    public FixAllProvider FixAll { get; }

    /// <inheritdoc/>
    public bool Claims(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        _plan(root, model, diagnostic, cancellationToken) is not null;

    /// <inheritdoc/>
    public async Task<Document> FixAllInAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plans = new Dictionary<ISymbol, TPlan>(SymbolEqualityComparer.Default);
        foreach (var diagnostic in diagnostics)
        {
            if (_plan(root, model, diagnostic, cancellationToken) is { } plan && !plans.ContainsKey(_variable(plan)))
            {
                plans.Add(_variable(plan), plan);
            }
        }

        return plans.Count == 0 ? document : document.WithSyntaxRoot(_rewrite(root, plans.Values.ToList()));
    }

    /// <summary>Registers the fix for each diagnostic that has a plan.</summary>
    public async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (_plan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(_title(plan), _ => Task.FromResult(context.Document.WithSyntaxRoot(_rewrite(root, new[] { plan }))), _key),
                    diagnostic);
            }
        }
    }

    private sealed class FixAllVariables : DocumentBasedFixAllProvider
    {
        private readonly VariableFix<TPlan> _fix;

        public FixAllVariables(VariableFix<TPlan> fix) => _fix = fix;

        protected override async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await _fix.FixAllInAsync(document, await StaleDiagnostics.DropAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }
}
