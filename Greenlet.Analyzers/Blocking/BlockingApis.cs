using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;

namespace Greenlets.Analyzers;

/// <summary>
/// What blocks, for one compilation: the built-in catalog, the project's GreenletBlockingApis.txt, and the
/// methods marked [Blocking] or [NonBlocking].
/// </summary>
internal sealed class BlockingApis
{
    private readonly CatalogIndex _index;

    // A project calls the same members over and over: each is looked up once per compilation.
    private readonly ConcurrentDictionary<ISymbol, BlockingApi?> _found = new(SymbolEqualityComparer.Default);

    private BlockingApis(CatalogIndex index, ImmutableArray<Diagnostic> catalogErrors)
    {
        _index = index;
        CatalogErrors = catalogErrors;
    }

    /// <summary>The unreadable lines of the project's catalog file, to report once.</summary>
    public ImmutableArray<Diagnostic> CatalogErrors { get; }

    public static BlockingApis Create(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var entries = new List<BlockingApi>(BlockingCatalog.BuiltIn);
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var file in additionalFiles.Where(f => Path.GetFileName(f.Path) == BlockingCatalog.AdditionalFileName))
        {
            if (file.GetText(cancellationToken) is not { } text)
            {
                continue;
            }

            entries.AddRange(BlockingCatalog.Parse(text.ToString(), out var lineErrors));
            foreach (var error in lineErrors)
            {
                var line = text.Lines[error.Line - 1];
                var location = Location.Create(file.Path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
                errors.Add(Diagnostic.Create(DiagnosticDescriptors.UnreadableCatalogLine, location, error.Line, error.Reason));
            }
        }

        return new BlockingApis(new CatalogIndex(compilation, entries), errors.ToImmutable());
    }

    /// <summary>The entry of a method, property or constructor that blocks, or null.</summary>
    public BlockingApi? Find(ISymbol member) =>
        _found.GetOrAdd((member as IMethodSymbol)?.ReducedFrom ?? member.OriginalDefinition, Lookup);

    private BlockingApi? Lookup(ISymbol definition)
    {
        if (CallClassifier.AttributeArgument(definition, KnownNames.BlockingAttribute) is { } advice)
        {
            return new BlockingApi(definition.ContainingType?.ToDisplayString() ?? "", definition.Name, advice, GreenForm.None);
        }

        return IsMarkedNonBlocking(definition) ? null : _index.Find(definition);
    }

    public static bool IsMarkedNonBlocking(ISymbol member) =>
        CallClassifier.HasAttribute(((member as IMethodSymbol)?.ReducedFrom ?? member).OriginalDefinition, KnownNames.NonBlockingAttribute);

    /// <summary>How diagnostics name a member: <c>Thread.Sleep</c>, <c>Task.Result</c>, <c>new TcpClient</c>.</summary>
    public static string Display(ISymbol member)
    {
        var definition = (member as IMethodSymbol)?.ReducedFrom ?? member;
        return definition is IMethodSymbol { MethodKind: MethodKind.Constructor }
            ? "new " + definition.ContainingType.Name
            : definition is IMethodSymbol { MethodKind: MethodKind.LocalFunction } || definition.ContainingType is null
                ? definition.Name
                : definition.ContainingType.Name + "." + definition.Name;
    }
}
