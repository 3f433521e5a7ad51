using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Text;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Greenlets.Tests.Generator;

/// <summary>
/// Builds in-memory compilations of test sources against the framework and the Greenlet runtime, runs the
/// generator on them, and compiles, loads and runs the result.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The path given to a test's syntax tree: fixed, so golden files hold no machine-specific path.</summary>
    public const string DefaultPath = "/src/Workers.cs";

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Greenlets.Generated") });

    private static readonly ImmutableArray<MetadataReference> s_references = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(Greenlet).Assembly.Location))
        .ToImmutableArray();

    private static int s_assemblyCount;

    /// <summary>Nullable enabled, every warning an error, the highest warning level.</summary>
    public static CSharpCompilationOptions CompilationOptions(bool allowUnsafe = false) =>
        new(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999,
            allowUnsafe: allowUnsafe);

    public static SyntaxTree Parse(string source, string path = DefaultPath) =>
        CSharpSyntaxTree.ParseText(SourceText.From(GoldenFiles.Normalize(source), Encoding.UTF8), ParseOptions, path);

    public static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees, bool allowUnsafe = false) =>
        CSharpCompilation.Create(
            "GeneratorTest" + Interlocked.Increment(ref s_assemblyCount),
            trees,
            s_references,
            CompilationOptions(allowUnsafe));

    /// <param name="buildProperties">MSBuild properties the project makes visible to the compiler (GreenletMonkeyPatch).</param>
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new GreenletGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new BuildPropertiesProvider(buildProperties ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over one source file at <see cref="DefaultPath"/>.</summary>
    public static GeneratorRun Generate(string source, bool allowUnsafe = false, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        Generate(new[] { Parse(source) }, allowUnsafe, buildProperties);

    public static GeneratorRun Generate(IEnumerable<SyntaxTree> trees, bool allowUnsafe = false, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var input = CreateCompilation(trees, allowUnsafe);
        var driver = CreateDriver(buildProperties).RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        return new GeneratorRun(input, output, diagnostics, driver);
    }
}

/// <summary>Global analyzer options as MSBuild writes them for CompilerVisibleProperty items: <c>build_property.Name</c>.</summary>
internal sealed class BuildPropertiesProvider(IReadOnlyDictionary<string, string> properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
{
    private readonly Options _global = new(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _global;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}

/// <summary>The outcome of one generator run: the compilation before and after, and what the generator reported.</summary>
internal sealed class GeneratorRun(Compilation input, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriver driver)
{
    public Compilation Input { get; } = input;

    public Compilation Output { get; } = output;

    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; } = generatorDiagnostics;

    public GeneratorDriver Driver { get; } = driver;

    /// <summary>The generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Driver.GetRunResult().Results.Single().GeneratedSources
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Every diagnostic: the generator's and the compiler's on source plus generated code, hidden ones included.</summary>
    public ImmutableArray<Diagnostic> AllDiagnostics => GeneratorDiagnostics.AddRange(Output.GetDiagnostics());

    /// <summary>Checks the generated sources against the golden files of <paramref name="caseName"/>.</summary>
    public GeneratorRun MatchesGolden(string caseName)
    {
        GoldenFiles.Verify(caseName, Sources);
        return this;
    }

    /// <summary>Asserts the source plus the generated code compiles with no diagnostic of any severity.</summary>
    public GeneratorRun CompilesCleanly()
    {
        var diagnostics = AllDiagnostics;
        Assert.That(diagnostics.Select(Format), Is.Empty, "diagnostics in:\n" + string.Join("\n", Sources.Select(s => $"// {s.Key}\n{s.Value}")));
        return this;
    }

    /// <summary>Emits the output with a portable PDB and loads it in a collectible context.</summary>
    public LoadedAssembly Load()
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = Output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics.Select(Format)));
        pe.Position = 0;
        pdb.Position = 0;
        return new LoadedAssembly(Output.AssemblyName!, pe, pdb);
    }

    /// <summary>Loads the output, calls the static method <paramref name="typeName"/>.<paramref name="methodName"/> and unloads it.</summary>
    public (string Printed, object? Returned) Run(string typeName, string methodName = "Main", params object?[] arguments)
    {
        using var loaded = Load();
        return loaded.Invoke(typeName, methodName, arguments);
    }

    public static string Format(Diagnostic d) =>
        $"{d.Id} ({d.Severity}) at {d.Location.GetLineSpan()}: {d.GetMessage()}";
}

/// <summary>A compiled test assembly, loaded in its own collectible context until disposed.</summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;

    public LoadedAssembly(string name, Stream pe, Stream pdb)
    {
        _context = new AssemblyLoadContext(name, isCollectible: true);
        _assembly = _context.LoadFromStream(pe, pdb);
    }

    /// <summary>
    /// Calls a static method and returns what it printed to the console and what it returned.
    /// An exception from the method is rethrown as is, with its own stack trace.
    /// </summary>
    public (string Printed, object? Returned) Invoke(string typeName, string methodName, params object?[] arguments)
    {
        var type = _assembly.GetType(typeName, throwOnError: true)!;
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, methodName);
        var (previousOut, previousError) = (Console.Out, Console.Error);
        using var printed = new StringWriter { NewLine = "\n" };
        using var errors = new StringWriter { NewLine = "\n" };
        Console.SetOut(printed);
        Console.SetError(errors); // the hub reports failed greenlets there
        try
        {
            var returned = method.Invoke(null, arguments);
            return (printed.ToString(), returned);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    public void Dispose() => _context.Unload();
}
