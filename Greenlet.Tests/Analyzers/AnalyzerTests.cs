using Greenlets.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// Microsoft.CodeAnalysis.Testing set up for Greenlet: the framework from Basic.Reference.Assemblies (nothing is
/// downloaded), the Greenlet runtime, C# latest, and <c>using Greenlets; using System.Threading;</c> in every source.
/// </summary>
internal static class AnalyzerSetup
{
    public const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Greenlets;\n";

    public static void Configure<TVerifier>(Microsoft.CodeAnalysis.Testing.AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0"); // no package: the references below are all there is
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location));
    }

    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);
}

/// <summary>Runs one analyzer over test sources and checks exactly the diagnostics marked in them.</summary>
internal sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest(string source, params DiagnosticResult[] expected)
    {
        AnalyzerSetup.Configure(this);
        TestCode = AnalyzerSetup.Usings + source;
        ExpectedDiagnostics.AddRange(expected);
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
}

/// <summary>Runs an analyzer and a code fix, and checks the fixed source (one fix, and fix-all in document, project and solution).</summary>
internal sealed class CodeFixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public CodeFixTest(string source, string fixedSource)
    {
        AnalyzerSetup.Configure(this);
        TestCode = source;
        FixedCode = fixedSource;
    }

    /// <summary>Source generators run with the analyzer, for a fix of a generator's diagnostic; their output is not compared.</summary>
    public List<Type> SourceGenerators { get; } = [];

    protected override IEnumerable<Type> GetSourceGenerators() => SourceGenerators;

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
}
