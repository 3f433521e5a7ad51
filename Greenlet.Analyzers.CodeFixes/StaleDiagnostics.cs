using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Analyzers;

/// <summary>
/// Diagnostics of a document that changed since they were reported. <c>dotnet format analyzers</c> analyses once per
/// diagnostic id, then runs every code fix provider of that id in turn over the changing solution with that one
/// analysis's diagnostics: after one provider has rewritten a document, another's spans can cover other code, and a
/// fix planned from such a span could rewrite the wrong call. Fix-all drops them; the next run fixes what is left.
/// </summary>
internal static class StaleDiagnostics
{
    public static async Task<IReadOnlyList<Diagnostic>> DropAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(diagnostic => IsCurrent(diagnostic, text)).ToList();
    }

    private static bool IsCurrent(Diagnostic diagnostic, SourceText text) =>
        diagnostic.Location.SourceTree is { } tree && (tree.TryGetText(out var reported) ? reported : tree.GetText()).ContentEquals(text);
}
