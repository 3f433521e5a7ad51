using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Tests.Generator;

/// <summary>
/// Checks the errors the generator reports. Sources use markup: the expected span is written
/// <c>[|like this|]</c>. Every source is otherwise valid C#, so any other diagnostic is a failure.
/// </summary>
internal static class DiagnosticHarness
{
    /// <summary>The using every diagnostic source shares.</summary>
    public const string Prelude = "using Greenlets;\n";

    /// <summary>Asserts the generator reports exactly one diagnostic, <paramref name="id"/>, on the marked span, and nothing else is reported.</summary>
    public static Diagnostic ExpectOne(string id, string markup, bool allowUnsafe = false)
    {
        var (source, expected) = ParseMarkup(Prelude + markup);
        var run = GeneratorHarness.Generate(source, allowUnsafe);
        var all = run.AllDiagnostics;
        Assert.That(all.Select(GeneratorRun.Format), Has.Exactly(1).StartsWith(id + " "), "expected exactly one " + id);
        var diagnostic = all.Single(d => d.Id == id);
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo(GeneratorHarness.DefaultPath), "reported in the user's file");
            Assert.That(diagnostic.Location.GetLineSpan().Span, Is.EqualTo(SourceText.From(source).Lines.GetLinePositionSpan(expected)), "reported line and column");
            Assert.That(Text(source, diagnostic.Location.SourceSpan), Is.EqualTo(Text(source, expected)), "reported span");
            Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(expected));
            Assert.That(all.Where(d => d != diagnostic).Select(GeneratorRun.Format), Is.Empty, "no other diagnostic, in source or generated code");
            Assert.That(diagnostic.GetMessage(), Does.Not.Contain("__Greenlet").And.Not.Contain("GreenTask").And.Not.Contain("global::"),
                "the message speaks of the user's code, not of generated code");
            Assert.That(diagnostic.Descriptor.HelpLinkUri, Does.EndWith($"{id}.md"));
        });
        return diagnostic;
    }

    /// <summary>Asserts the source compiles with the generator without any diagnostic.</summary>
    public static void ExpectNone(string source, bool allowUnsafe = false) =>
        GeneratorHarness.Generate(Prelude + source, allowUnsafe).CompilesCleanly();

    private static (string Source, TextSpan Span) ParseMarkup(string markup)
    {
        var normalized = GoldenFiles.Normalize(markup);
        var start = normalized.IndexOf("[|", StringComparison.Ordinal);
        var end = normalized.IndexOf("|]", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "markup needs one [| |] span");
        var source = normalized.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }

    private static string Text(string source, TextSpan span) =>
        span.End <= source.Length ? source.Substring(span.Start, span.Length) : "<out of range>";
}
