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
    /// <summary>
    /// Entries the analyzers report but the compile-time patch never rewrites: waits whose green form is a change of
    /// design, and reads that only block on some streams (found through the receiver's concrete type).
    /// </summary>
    private const string AnalyzerOnlyEntries = """
        System.Threading.ReaderWriterLockSlim | EnterReadLock, EnterWriteLock, EnterUpgradeableReadLock, TryEnterReadLock, TryEnterWriteLock, TryEnterUpgradeableReadLock | use GreenLock, whose Lock suspends only this greenlet
        System.Threading.ReaderWriterLock | AcquireReaderLock, AcquireWriterLock, UpgradeToWriterLock | use GreenLock, whose Lock suspends only this greenlet
        System.Threading.Tasks.Parallel | For, ForEach, Invoke | the caller waits for every iteration: spawn greenlets and join them, or run the loop on GreenThreadPool
        System.IO.FileStream | ReadExactly, ReadAtLeast | run it on GreenThreadPool | ThreadPool
        System.Net.Sockets.TcpClient | .ctor | connect a GreenSocket (GreenSocket.CreateConnection) and read and write its GetStream(), whose calls suspend only this greenlet
        System.Net.Sockets.UdpClient | .ctor | use GreenSocket with a datagram socket
        """;

    private readonly CatalogIndex _index;
    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>> _byType;

    // A project calls the same members over and over: each is looked up once per compilation.
    private readonly ConcurrentDictionary<ISymbol, BlockingApi?> _found = new(SymbolEqualityComparer.Default);

    private BlockingApis(CatalogIndex index, Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>> byType, ImmutableArray<Diagnostic> catalogErrors)
    {
        _index = index;
        _byType = byType;
        CatalogErrors = catalogErrors;
    }

    /// <summary>The unreadable lines of the project's catalog file, to report once.</summary>
    public ImmutableArray<Diagnostic> CatalogErrors { get; }

    public static BlockingApis Create(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var entries = new List<BlockingApi>(BlockingCatalog.BuiltIn);
        entries.AddRange(BlockingCatalog.Parse(AnalyzerOnlyEntries, out _));
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

        var byType = new Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>>(SymbolEqualityComparer.Default);
        foreach (var entry in entries)
        {
            if (compilation.GetTypeByMetadataName(entry.TypeName) is { } type)
            {
                if (!byType.TryGetValue(type, out var members))
                {
                    byType[type] = members = new Dictionary<string, BlockingApi>(System.StringComparer.Ordinal);
                }

                members[entry.Member] = entry;
            }
        }

        return new BlockingApis(new CatalogIndex(compilation, entries), byType, errors.ToImmutable());
    }

    /// <summary>
    /// The entry of a member called on a receiver known to be a <paramref name="concrete"/>: <c>Stream.Read</c> on a
    /// local made with <c>new FileStream(...)</c> is <c>FileStream.Read</c>.
    /// </summary>
    public BlockingApi? FindOn(ITypeSymbol? concrete, ISymbol member)
    {
        for (var type = concrete as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, member.ContainingType?.OriginalDefinition))
            {
                return null;
            }

            if (_byType.TryGetValue(type.OriginalDefinition, out var members) && members.TryGetValue(member.Name, out var entry))
            {
                return entry;
            }
        }

        return null;
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

        if (IsMarkedNonBlocking(definition))
        {
            return null;
        }

        // Of the constructors in the catalog, only those given a host name block: they resolve it and connect.
        return definition is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && !constructor.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String)
            ? null
            : _index.Find(definition);
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
