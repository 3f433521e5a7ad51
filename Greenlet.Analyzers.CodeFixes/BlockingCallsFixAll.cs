using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Greenlets.Analyzers;

/// <summary>
/// Fix-all for blocking calls (GRN0100, GRN0101) in a document: every call gets its most specific fix, whichever
/// call came first. A call whose variable can turn green (a SemaphoreSlim, a Socket) gets that; any other call with a
/// green form gets the green form; and a call with neither gets the thread-pool wrap where it may move to a thread. A
/// call made green inside a <c>lock</c> statement would suspend holding a Monitor (GRN0003), so the lock's object
/// turns green too when the lock fix can do it.
/// </summary>
/// <remarks>
/// <c>dotnet format analyzers</c> runs one fix-all per provider, with the equivalence key of the first action offered
/// for the first diagnostic it found. Were each kind its own fix-all, that first call would decide for the whole
/// solution: a file whose first blocking call had no green form would have every call wrapped in GreenThreadPool,
/// semaphores and sockets included, and the semaphore and socket fixes, run next over the changed documents, would
/// find nothing at their stale spans. And whether GRN0100 or GRN0104 is fixed first is the order of a hash set, so a
/// sleep greened before its lock would leave a lock that no longer blocks, and no GRN0104 to fix it. So this fix-all
/// applies them all, in one pass over each document: which fix each call gets is decided on the document as
/// analysed, and each variable fix is told where its calls stand after the fixes before it. The calls with no green
/// form are wrapped whichever key the fix-all came with: dotnet format's key is the first action of whichever
/// diagnostic its analysis happened to list first (a concurrent analysis, so it varies from run to run, and it can be
/// a GRN0104 with no key at all), and the outcome must not depend on it.
/// </remarks>
internal sealed class BlockingCallsFixAll : DocumentBasedFixAllProvider
{
    private const string MarkKind = "Greenlet.BlockingCall";

    private readonly GreenFormCodeFixProvider _provider;

    public BlockingCallsFixAll(GreenFormCodeFixProvider provider) => _provider = provider;

    /// <summary>Fixes that give the call's own variable a green type, in place of any fix of the call.</summary>
    private static IEnumerable<IVariableFix> VariableFixes => new[] { GreenSemaphoreCodeFixProvider.Fix, GreenSocketCodeFixProvider.Fix };

    /// <summary>The mark a node keeps through the fixes; a replacement takes over the mark of the node it replaces.</summary>
    internal static IEnumerable<SyntaxAnnotation> MarksOf(SyntaxNode node) => node.GetAnnotations(MarkKind);

    protected override async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var current = await StaleDiagnostics.DropAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || current.Count == 0)
        {
            return document;
        }

        // Which fix each call gets, decided on the document as analysed.
        var byVariableFix = VariableFixes.Append(GreenLockCodeFixProvider.Fix).ToDictionary(fix => fix, _ => new List<int>());
        var others = new List<int>();
        for (var i = 0; i < current.Count; i++)
        {
            var claimedBy = current[i].Id == DiagnosticDescriptors.BlockingCall.Id
                ? VariableFixes.FirstOrDefault(fix => fix.Claims(root, model, current[i], cancellationToken))
                : null;
            (claimedBy is null ? others : byVariableFix[claimedBy]).Add(i);
            if (claimedBy is null && GreenLockCodeFixProvider.Fix.Claims(root, model, current[i], cancellationToken))
            {
                byVariableFix[GreenLockCodeFixProvider.Fix].Add(i); // a call in a lock whose object can turn green
            }
        }

        // Each call's node carries a mark, so it can be found again after the fixes before its own.
        var nodes = current.Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)).ToList();
        var marked = document.WithSyntaxRoot(root.ReplaceNodes(
            nodes,
            (original, rewritten) => rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(MarkKind, nodes.IndexOf(original).ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        var fixedDocument = await _provider.FixCallsAsync(marked, Relocate(await marked.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false), current, others), cancellationToken).ConfigureAwait(false);
        foreach (var pair in byVariableFix.Where(pair => pair.Value.Count > 0))
        {
            var fixedRoot = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            fixedDocument = await pair.Key.FixAllInAsync(fixedDocument, Relocate(fixedRoot, current, pair.Value), cancellationToken).ConfigureAwait(false);
        }

        return fixedDocument;
    }

    /// <summary>The diagnostics at <paramref name="indexes"/>, each pointing at its marked node in <paramref name="root"/>.</summary>
    private static List<Diagnostic> Relocate(SyntaxNode? root, IReadOnlyList<Diagnostic> diagnostics, IEnumerable<int> indexes)
    {
        var relocated = new List<Diagnostic>();
        if (root is null)
        {
            return relocated;
        }

        // A wrap holds the call it wraps, mark and all: the outer node, first in document order, is the call's place.
        var byIndex = new Dictionary<int, SyntaxNode>();
        foreach (var node in root.GetAnnotatedNodes(MarkKind))
        {
            var index = int.Parse(node.GetAnnotations(MarkKind).First().Data!, System.Globalization.CultureInfo.InvariantCulture);
            if (!byIndex.ContainsKey(index))
            {
                byIndex.Add(index, node);
            }
        }

        foreach (var index in indexes)
        {
            if (byIndex.TryGetValue(index, out var node))
            {
                var diagnostic = diagnostics[index];
                relocated.Add(Diagnostic.Create(diagnostic.Descriptor, Location.Create(root.SyntaxTree, node.Span), diagnostic.Properties));
            }
        }

        return relocated;
    }
}
