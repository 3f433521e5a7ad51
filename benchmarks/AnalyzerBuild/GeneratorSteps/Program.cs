using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// GeneratorSteps <project dir> <csc command line file> <Greenlet.Generators.dll> <roslyn dir> [runs] [generator|bind-calls]
//   generator   runs the generator on a fresh compilation of the project, `runs` times (the first ones pay the JIT)
//   bind-calls  binds every invocation of the project instead: the floor a generator that binds each call cannot beat
var (projectDirectory, commandLineFile, generatorPath, roslynDirectory) = (args[0], args[1], args[2], args[3]);
var runs = args.Length > 4 ? int.Parse(args[4]) : 5;
var mode = args.Length > 5 ? args[5] : "generator";

var words = File.ReadAllText(commandLineFile).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
    .Select(w => w.Trim('"')).Where(w => !w.StartsWith("/analyzer:", StringComparison.Ordinal)).ToArray();
var parsed = CSharpCommandLineParser.Default.Parse(words, projectDirectory, roslynDirectory);
var trees = parsed.SourceFiles.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f.Path), parsed.ParseOptions, f.Path)).ToList();
var references = parsed.MetadataReferences
    .Select(r => (MetadataReference)MetadataReference.CreateFromFile(Path.IsPathRooted(r.Reference) ? r.Reference : Path.Combine(projectDirectory, r.Reference)))
    .ToList();
var generatorType = Assembly.LoadFrom(generatorPath).GetTypes().Single(t => t.Name == "GreenletGenerator");
// ALLOC_TYPES=1: the runtime's allocation samples (one about every 100 KB) by type, for the last run: where the bytes go.
using var allocations = Environment.GetEnvironmentVariable("ALLOC_TYPES") == "1" ? new AllocationSampler() : null;

for (var run = 1; run <= runs; run++)
{
    var compilation = CSharpCompilation.Create("Bench", trees, references, parsed.CompilationOptions);
    var generator = (IIncrementalGenerator)Activator.CreateInstance(generatorType)!;
    GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parsed.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    GC.Collect();
    allocations?.Reset();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    if (mode is "bind-calls" or "bind-one")
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
            var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>();
            if (mode == "bind-one")
            {
                // One call per method: what binding costs when a name filter lets through only the calls that matter.
                calls = calls.GroupBy(c => c.FirstAncestorOrSelf<MethodDeclarationSyntax>()).Select(g => g.Last());
            }

            foreach (var call in calls)
            {
                _ = model.GetSymbolInfo(call);
            }
        }
    }
    else
    {
        driver = driver.RunGenerators(compilation);
    }

    clock.Stop();
    var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
    Console.WriteLine($"run {run}: {clock.Elapsed.TotalMilliseconds:F0} ms wall, {cpuUsed.TotalMilliseconds:F0} ms cpu, {megabytes:F1} MB allocated");
    if (mode is not ("bind-calls" or "bind-one") && run == runs)
    {
        var result = driver.GetRunResult().Results[0];
        foreach (var (name, steps) in result.TrackedSteps.OrderByDescending(s => s.Value.Sum(r => r.ElapsedTime.Ticks)).Take(4))
        {
            Console.WriteLine($"  step {name}: {steps.Length} runs, {steps.Sum(r => r.ElapsedTime.TotalMilliseconds):F0} ms");
        }

        allocations?.Print(20);
        if (Environment.GetEnvironmentVariable("DUMP") is { Length: > 0 } dump)
        {
            // DUMP=dir: the generated files, to compare two generators' output on the same project.
            Directory.CreateDirectory(dump);
            foreach (var source in result.GeneratedSources)
            {
                File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
            }
        }

        Console.WriteLine($"  {result.GeneratedSources.Length} files generated, {result.Diagnostics.Length} diagnostics");
        Console.WriteLine($"RESULT generator-steps mode={mode} wall={clock.Elapsed.TotalMilliseconds:F0}ms cpu={cpuUsed.TotalMilliseconds:F0}ms allocated={megabytes:F1}MB");
    }
    else if (run == runs)
    {
        Console.WriteLine($"RESULT generator-steps mode={mode} wall={clock.Elapsed.TotalMilliseconds:F0}ms cpu={cpuUsed.TotalMilliseconds:F0}ms allocated={megabytes:F1}MB");
    }
}

/// <summary>Counts the runtime's AllocationTick samples by type name: each stands for about 100 KB allocated.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at verbose
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not "GCAllocationTick_V4" and not "GCAllocationTick_V3" || e.Payload is null)
        {
            return;
        }

        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_bytes)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    public void Reset()
    {
        lock (_bytes)
        {
            _bytes.Clear();
        }
    }

    public void Print(int top)
    {
        Thread.Sleep(500); // the listener's events arrive on their own thread
        lock (_bytes)
        {
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
            {
                Console.WriteLine($"  alloc {bytes / 1e6,7:F1} MB  {type}");
            }
        }
    }
}
