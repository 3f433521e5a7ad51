using Greenlets.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>
/// GRN0206: a cooperative operation spawned by method group with arguments its delegate cannot take does not compile
/// (C# fills no optional parameter in a delegate), and the error says what to write instead of speaking of method
/// groups and delegate types.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SpawnArgumentsTests
{
    private static Task Check(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest<SpawnArgumentsAnalyzer>(source, expected)
        {
            CompilerDiagnostics = CompilerDiagnostics.None, // the compiler's own error stands beside this one
        };
        return test.RunAsync();
    }

    private static DiagnosticResult Mismatch(int location, string operation, string write) =>
        new DiagnosticResult("GRN0206", DiagnosticSeverity.Error).WithLocation(location).WithArguments(operation, write);

    [Test]
    public Task EachCallSaysWhatToWrite() => Check("""
        public static class Starts
        {
            public static void Go(GreenQueue<int> queue, Greenlet other, Pool pool, int item)
            {
                Greenlet.Spawn({|#0:queue.Get|});
                Greenlet.Spawn({|#1:Greenlet.Sleep|}, 10);
                Greenlet.Spawn({|#2:Greenlet.Sleep|});
                Greenlet.Spawn({|#3:other.Join|});
                Greenlet.SpawnLater(1, {|#4:queue.Put|}, item);
                pool.Spawn({|#5:queue.Get|}, false);
            }
        }
        """,
        Mismatch(0, "GreenQueue.Get", "Greenlet.Spawn(queue.Get, true, (GreenDuration?)null)"),
        Mismatch(1, "Greenlet.Sleep", "Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10)"),
        Mismatch(2, "Greenlet.Sleep", "Greenlet.Spawn(Greenlet.Sleep, default(GreenDuration))"),
        Mismatch(3, "Greenlet.Join", "Greenlet.Spawn(other.Join, (GreenDuration?)null)"),
        Mismatch(4, "GreenQueue.Put", "Greenlet.SpawnLater(1, queue.Put, item, true, (GreenDuration?)null)"),
        Mismatch(5, "GreenQueue.Get", "pool.Spawn(queue.Get, false, (GreenDuration?)null)"));

    [Test]
    public Task SpawnsThatCompileAndOtherFailuresAreNotReported() => Check("""
        public static class Starts
        {
            public static void Go(GreenQueue<int> queue, int item)
            {
                Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10);
                Greenlet.Spawn(queue.Get, true, (GreenDuration?)null);
                Greenlet.Spawn(Plain, "wrong");
                Console.WriteLine(queue.Get, item);
            }

            private static int Plain(int x) => x;
        }
        """);
}
