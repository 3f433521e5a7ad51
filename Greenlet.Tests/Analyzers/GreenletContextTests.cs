using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

[Category(TestCategories.Generator)]
public sealed class GreenletContextTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<GreenletContextAnalyzer>(source, expected).RunAsync();

    [Test]
    public Task AGreenletMethodTurnedIntoADelegateIsReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Step() => Greenlet.Sleep(0);

            [Greenlet]
            public static void Run()
            {
                Action step = {|#0:Step|};
                step();
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0201").WithLocation(0).WithArguments("Step", "Run"));

    [Test]
    public Task AGreenletMethodPassedToTheRuntimeIsNotReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Step() => Greenlet.Sleep(0);

            [Greenlet]
            public static void Run()
            {
                Greenlet.JoinAll(Greenlet.Spawn(Step), Greenlet.Spawn(Step));
            }

            public static void Main()
            {
                Action plain = Step; // outside greenlets the plain form is the main greenlet's
                plain();
            }
        }
        """);

    [Test]
    public Task ALambdaThatSuspendsPassedToSpawnIsReported() => Check("""
        public static class Program
        {
            public static void Main()
            {
                var g = Greenlet.Spawn({|#0:() => Greenlet.Sleep(1)|});
                var h = Greenlet.Spawn(() => Console.WriteLine("plain lambdas are fine"));
                var k = Greenlet.Spawn(() => g.Kill(block: false)); // told not to wait, it never suspends
                Greenlet.JoinAll(g, h, k);
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0202").WithLocation(0).WithArguments("Greenlet.Spawn", "Greenlet.Sleep"));

    [Test]
    public Task ALambdaThatSuspendsIsFineWhereTheRuntimeRunsItAsTheMainGreenlet() => Check("""
        public static class Program
        {
            public static void Main()
            {
                // RunSeeds calls its body on the main greenlet of each seed's hub, as Main runs: Sleep runs the hub.
                Simulation.RunSeeds(10, () => Greenlet.Sleep(1));
                HubGroup.Run(2, {|#0:_ => Greenlet.Sleep(1)|}); // each hub spawns its entry as a greenlet
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0202").WithLocation(0).WithArguments("HubGroup.Run", "Greenlet.Sleep"));

    [Test]
    public Task AsyncLambdasAndLocalFunctionsInAGreenletAreReported() => Check("""
        public static partial class Workers
        {
            [Greenlet]
            public static void Run()
            {
                Func<Task> later = {|#0:async|} () => await Task.Delay(1);
                Load();
                {|#1:async|} Task Load() => await Task.Yield();
            }

            public static async Task PlainAsyncIsFine() => await Task.Delay(1);
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0203").WithLocation(0).WithArguments("lambda", "Run"),
        AnalyzerSetup.Diagnostic("GRN0203").WithLocation(1).WithArguments("local function", "Run"));
}
