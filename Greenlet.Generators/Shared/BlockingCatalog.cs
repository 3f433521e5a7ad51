using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Greenlets.Generators;

/// <summary>The green replacement a blocking API has, which decides the code fix and the compile-time patch.</summary>
internal enum GreenForm
{
    /// <summary>No specific replacement: the diagnostic says what to do.</summary>
    None,

    /// <summary><c>Thread.Sleep(ms)</c> becomes <c>Greenlet.Sleep(seconds)</c>.</summary>
    Sleep,

    /// <summary>A wait on a task becomes <c>Greenlet.WaitTask(task)</c>.</summary>
    WaitTask,

    /// <summary>A synchronous DNS lookup becomes the same lookup on <c>GreenDns</c>.</summary>
    Dns,

    /// <summary>The call runs on <c>GreenThreadPool</c> while the greenlet waits.</summary>
    ThreadPool,

    /// <summary>A whole-file call (<c>File.ReadAllText(path)</c>) becomes the same call on <c>GreenFile</c>.</summary>
    File,
}

/// <summary>One entry of the catalog: members of a type that block the calling thread.</summary>
internal sealed record BlockingApi(string TypeName, string Member, string Advice, GreenForm Form)
{
    /// <summary>Whether the compile-time patch may replace the call: the green form keeps the call's contract.</summary>
    public bool Patchable => Form is GreenForm.Sleep or GreenForm.WaitTask or GreenForm.Dns;
}

/// <summary>A catalog line that could not be read.</summary>
internal sealed record CatalogError(int Line, string Reason);

/// <summary>
/// The catalog of blocking APIs, kept as data: the built-in list (the embedded BlockingApis.txt) plus any
/// project's additional file <see cref="AdditionalFileName"/> in the same format.
/// </summary>
internal static class BlockingCatalog
{
    /// <summary>The name of the additional file through which a project adds entries.</summary>
    public const string AdditionalFileName = "GreenletBlockingApis.txt";

    private const string ResourceName = "Greenlets.BlockingApis.txt";

    private static readonly Lazy<IReadOnlyList<BlockingApi>> s_builtIn = new(() =>
    {
        using var stream = typeof(BlockingCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        var entries = Parse(reader.ReadToEnd(), out var errors);
        return errors.Count == 0 ? entries : throw new InvalidOperationException($"BlockingApis.txt line {errors[0].Line}: {errors[0].Reason}");
    });

    public static IReadOnlyList<BlockingApi> BuiltIn => s_builtIn.Value;

    /// <summary>Reads catalog text: <c>type | members | advice | green form</c> per line, # for comments.</summary>
    public static List<BlockingApi> Parse(string text, out List<CatalogError> errors)
    {
        var entries = new List<BlockingApi>();
        errors = new List<CatalogError>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('|').Select(f => f.Trim()).ToArray();
            if (fields.Length < 3 || fields.Length > 4 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                errors.Add(new CatalogError(i + 1, "expected 'type | members | advice | green form' (the green form is optional)"));
                continue;
            }

            var form = GreenForm.None;
            if (fields.Length == 4 && fields[3].Length > 0 && !Enum.TryParse(fields[3], ignoreCase: false, out form))
            {
                errors.Add(new CatalogError(i + 1, $"unknown green form '{fields[3]}'; use Sleep, WaitTask, Dns, File, ThreadPool or nothing"));
                continue;
            }

            foreach (var member in fields[1].Split(',').Select(m => m.Trim()).Where(m => m.Length > 0))
            {
                entries.Add(new BlockingApi(fields[0], member, fields[2], form));
            }
        }

        return entries;
    }
}

/// <summary>The catalog resolved against one compilation, for lookups by symbol.</summary>
internal sealed class CatalogIndex
{
    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>> _byType = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _patchableNames = new(StringComparer.Ordinal);

    public CatalogIndex(Compilation compilation, IEnumerable<BlockingApi> entries)
    {
        foreach (var entry in entries)
        {
            if (compilation.GetTypeByMetadataName(entry.TypeName) is not { } type)
            {
                continue; // not referenced by this project
            }

            if (!_byType.TryGetValue(type, out var members))
            {
                _byType[type] = members = new Dictionary<string, BlockingApi>(StringComparer.Ordinal);
            }

            members[entry.Member] = entry; // a later entry (a project's own) overrides an earlier one
            if (entry.Patchable)
            {
                _patchableNames.Add(entry.Member);
            }
        }
    }

    public bool IsEmpty => _byType.Count == 0;

    /// <summary>
    /// Whether a member by this name may have a patchable entry: the monkey patch binds only such names. A null
    /// name (a call the syntax does not name) and any name under a wildcard entry may.
    /// </summary>
    public bool MayPatch(string? name) => name is null || _patchableNames.Contains(name) || _patchableNames.Contains("*");

    /// <summary>The entry for a method or property, looking through overrides to the declaration the catalog names.</summary>
    public BlockingApi? Find(ISymbol member)
    {
        for (var current = member.OriginalDefinition; current is not null; current = Overridden(current)?.OriginalDefinition)
        {
            if (current.ContainingType is { } type
                && _byType.TryGetValue(type.OriginalDefinition, out var members)
                && (members.TryGetValue(current.Name, out var entry)
                    || (current is IMethodSymbol { MethodKind: MethodKind.Ordinary } && current.DeclaredAccessibility == Accessibility.Public && members.TryGetValue("*", out entry))))
            {
                return entry;
            }
        }

        return null;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
