using System.Diagnostics;
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

for (var run = 1; run <= runs; run++)
{
    var compilation = CSharpCompilation.Create("Bench", trees, references, parsed.CompilationOptions);
    var generator = (IIncrementalGenerator)Activator.CreateInstance(generatorType)!;
    GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parsed.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    GC.Collect();
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

        Console.WriteLine($"  {result.GeneratedSources.Length} files generated, {result.Diagnostics.Length} diagnostics");
        Console.WriteLine($"RESULT generator-steps mode={mode} wall={clock.Elapsed.TotalMilliseconds:F0}ms cpu={cpuUsed.TotalMilliseconds:F0}ms allocated={megabytes:F1}MB");
    }
    else if (run == runs)
    {
        Console.WriteLine($"RESULT generator-steps mode={mode} wall={clock.Elapsed.TotalMilliseconds:F0}ms cpu={cpuUsed.TotalMilliseconds:F0}ms allocated={megabytes:F1}MB");
    }
}
