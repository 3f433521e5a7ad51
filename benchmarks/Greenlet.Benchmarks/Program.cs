using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Running;
using Greenlets.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/Greenlet.Benchmarks -- side-by-side [--quick]
//   dotnet run -c Release --project benchmarks/Greenlet.Benchmarks -- bdn [BenchmarkDotNet arguments]
//   dotnet run -c Release --project benchmarks/Greenlet.Benchmarks -- alloc-profile [--quick]
const string Usage = """
    usage: Greenlet.Benchmarks side-by-side [--quick]     RESULT lines for benchmarks/side-by-side.sh
           Greenlet.Benchmarks bdn [BenchmarkDotNet args]  micro benchmarks (all of them unless --filter is given)
           Greenlet.Benchmarks alloc-profile [--quick]     allocations by type (GC AllocationTick samples) per workload
           Greenlet.Benchmarks count <workload> <n>        one run at size n after a fixed warm-up (for valgrind --tool=callgrind)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

if (typeof(Work).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.Error.WriteLine("Greenlet.Benchmarks was built without optimizations: run it with -c Release.");
    return 2;
}

var rest = args[1..];
var quick = rest.Contains("--quick");
switch (args[0])
{
    case "side-by-side" when rest.All(a => a == "--quick"):
        return SideBySide.Run(quick);
    case "alloc-profile" when rest.All(a => a == "--quick"):
        return AllocationProfile.Run(quick);
    case "count" when rest.Length == 2 && int.TryParse(rest[1], out var size):
        return InstructionCount.Run(rest[0], size);
    case "bdn":
        // Without a filter BenchmarkDotNet asks which benchmarks to run; run them all instead.
        var bdnArgs = rest.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version")
            ? rest
            : [.. rest, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Work).Assembly).Run(bdnArgs);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
