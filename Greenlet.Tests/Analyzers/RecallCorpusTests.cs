using System.Collections.Immutable;
using Greenlets.Analyzers;
using Greenlets.Tests.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// The recall corpus: realistic [Greenlet] code in Analyzers/Corpus, one file per family, each case a line marked
/// <c>//! blocks</c> (GRN0100 or GRN0101 must be reported on it) or <c>//! ok</c> (nothing may be). The figures
/// are those of docs/diagnostics/README.md.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class RecallCorpusTests
{
    private const string BlocksMark = "//! blocks";
    private const string OkMark = "//! ok";
    private static readonly string[] s_blockingIds = ["GRN0100", "GRN0101"];

    [Test]
    public async Task TheAnalyzerFindsTheBlockingCasesOfTheCorpusAndLeavesTheTrapsAlone()
    {
        var result = await Measure();
        TestContext.Out.WriteLine(result.Report());
        Assert.Multiple(() =>
        {
            Assert.That(result.BlockingCases, Is.GreaterThanOrEqualTo(80), "the corpus keeps at least 80 blocking cases");
            Assert.That(result.Traps, Is.GreaterThanOrEqualTo(30), "the corpus keeps at least 30 traps");
            Assert.That(result.Unmarked, Is.Empty, "diagnostics on lines that are not cases:\n" + string.Join("\n", result.Unmarked));
            Assert.That(result.Recall, Is.GreaterThanOrEqualTo(0.95), "recall; misses:\n" + string.Join("\n", result.Misses));
            Assert.That(result.FalsePositiveRate, Is.LessThanOrEqualTo(0.05), "false positives:\n" + string.Join("\n", result.FalsePositives));
        });
    }

    [Test]
    public async Task TheCorpusIsRealCodeThatCompiles()
    {
        var (compilation, _) = Compile();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        await Task.CompletedTask;
    }

    internal static async Task<CorpusResult> Measure()
    {
        var (compilation, files) = Compile();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new BlockingCallAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        var flagged = diagnostics
            .Where(d => s_blockingIds.Contains(d.Id))
            .ToLookup(d => (Path.GetFileName(d.Location.SourceTree!.FilePath), d.Location.GetLineSpan().StartLinePosition.Line));

        var result = new CorpusResult();
        var cases = new HashSet<(string, int)>();
        foreach (var (name, lines) in files)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var blocks = lines[i].Contains(BlocksMark, StringComparison.Ordinal);
                if (!blocks && !lines[i].Contains(OkMark, StringComparison.Ordinal))
                {
                    continue;
                }

                cases.Add((name, i));
                var found = flagged[(name, i)].ToList();
                var where = $"{name}:{i + 1}: {lines[i].Trim()}";
                result.Count(Family(name), blocks, found.Count > 0, found.Count > 0 ? where + "  <- " + found[0].GetMessage() : where);
            }
        }

        foreach (var group in flagged.Where(g => !cases.Contains(g.Key)))
        {
            result.Unmarked.Add($"{group.Key.Item1}:{group.Key.Line + 1}: {group.First().GetMessage()}");
        }

        return result;
    }

    private static string Family(string file) => file[..file.IndexOf('.', StringComparison.Ordinal)];

    private static (CSharpCompilation Compilation, List<(string Name, string[] Lines)> Files) Compile()
    {
        // Found from the test's output folder, not [CallerFilePath]: a CI build maps source paths to /_/.
        var folder = Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Analyzers", "Corpus");
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location))
            .ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        // The referenced assembly: compiled on its own, seen by the corpus only as metadata.
        var vendorTree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(folder, "Vendor.lib.txt")), parse, "Vendor.lib.txt");
        var vendor = CSharpCompilation.Create("Vendor", [vendorTree], references, options);
        using var image = new MemoryStream();
        var emitted = vendor.Emit(image);
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        references.Add(MetadataReference.CreateFromImage(image.ToArray()));

        var files = Directory.GetFiles(folder, "*.cs.txt").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllLines(path)))
            .ToList();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(string.Join("\n", f.Item2), parse, f.Item1));
        return (CSharpCompilation.Create("Corpus", trees, references, options), files);
    }
}

/// <summary>Hits, misses and false positives over the corpus, in total and by family.</summary>
internal sealed class CorpusResult
{
    private readonly SortedDictionary<string, int[]> _byFamily = new(StringComparer.Ordinal); // blocking, found, traps, flagged

    public int BlockingCases { get; private set; }

    public int Traps { get; private set; }

    public List<string> Misses { get; } = [];

    public List<string> FalsePositives { get; } = [];

    public List<string> Unmarked { get; } = [];

    public double Recall => BlockingCases == 0 ? 0 : (double)(BlockingCases - Misses.Count) / BlockingCases;

    public double FalsePositiveRate => Traps == 0 ? 0 : (double)FalsePositives.Count / Traps;

    public void Count(string family, bool blocks, bool flagged, string where)
    {
        if (!_byFamily.TryGetValue(family, out var counts))
        {
            _byFamily[family] = counts = new int[4];
        }

        counts[blocks ? 0 : 2]++;
        if (flagged)
        {
            counts[blocks ? 1 : 3]++;
        }

        if (blocks)
        {
            BlockingCases++;
            if (!flagged)
            {
                Misses.Add(where);
            }
        }
        else
        {
            Traps++;
            if (flagged)
            {
                FalsePositives.Add(where);
            }
        }
    }

    public string Report()
    {
        var lines = new List<string>
        {
            $"recall {BlockingCases - Misses.Count}/{BlockingCases} = {Recall:P1}, false positives {FalsePositives.Count}/{Traps} = {FalsePositiveRate:P1}",
            "family | blocking found | traps flagged",
        };
        lines.AddRange(_byFamily.Select(f => $"{f.Key} | {f.Value[1]}/{f.Value[0]} | {f.Value[3]}/{f.Value[2]}"));
        lines.Add("misses:");
        lines.AddRange(Misses.Select(m => "  " + m));
        lines.Add("false positives:");
        lines.AddRange(FalsePositives.Select(m => "  " + m));
        lines.Add("unmarked:");
        lines.AddRange(Unmarked.Select(m => "  " + m));
        return string.Join("\n", lines);
    }
}
