namespace Greenlets.Tests.Generator;

/// <summary>
/// The generator lists each twin's suspension points in [SuspensionPoints], and the runtime names the point a
/// greenlet waits at by the state number of the compiler's state machine. These tests park a greenlet at one
/// point at a time (a Get on a greenlet that never finishes) and check that the hub's dump names that point,
/// through loops, switches, try and expressions where the compiler's lowering reorders code.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SuspensionPointOrderTests
{
    private const string Source = """
        using System;
        using Greenlets;

        namespace Demo;

        public static partial class Probe
        {
            [Greenlet]
            public static void ForLoop(Greenlet<int>[] g)
            {
                for (var i = g[0].Get(); i < g[1].Get(); i += g[2].Get())
                {
                    g[3].Get();
                }
            }

            [Greenlet]
            public static void ForLoopWithPattern(Greenlet<int>[] g)
            {
                for (var i = g[0].Get(); g[1].Get() is var limit && i < limit; i += g[2].Get())
                {
                    g[3].Get();
                }
            }

            [Greenlet]
            public static void WhileLoop(Greenlet<int>[] g)
            {
                var n = 0;
                while (n < g[0].Get())
                {
                    n += g[1].Get();
                }

                while (g[2].Get() is var v && v > n)
                {
                    n += g[3].Get();
                }

                do
                {
                    n -= g[4].Get();
                }
                while (n > g[5].Get());
            }

            [Greenlet]
            public static void NestedLoops(Greenlet<int>[] g)
            {
                var n = 0;
                while (n < g[0].Get())
                {
                    for (var i = 0; i < g[1].Get(); i++)
                    {
                        foreach (var item in new[] { g[2].Get() })
                        {
                            n += item + g[3].Get();
                        }
                    }
                }
            }

            [Greenlet]
            public static void Switches(Greenlet<int>[] g)
            {
                switch (g[0].Get())
                {
                    case 0 when g[1].Get() > 0:
                        g[2].Get();
                        break;
                    case 0 when g[3].Get() > 0:
                        g[4].Get();
                        break;
                }

                var r = g[5].Get() switch
                {
                    0 when g[6].Get() > 0 => g[7].Get(),
                    0 when g[8].Get() > 0 => g[9].Get(),
                    _ => 0,
                };
            }

            [Greenlet]
            public static void TryAndExpressions(Greenlet<int>[] g)
            {
                try
                {
                    g[0].Get();
                    throw new InvalidOperationException();
                }
                catch (InvalidOperationException)
                {
                    g[1].Get();
                }
                finally
                {
                    g[2].Get();
                }

                var x = g[3].Get() > 0 ? g[4].Get() : g[5].Get();
                int? maybe = null;
                var y = (maybe ?? g[6].Get()) + Math.Max(g[7].Get(), g[8].Get());
                var z = x + y > 0 && g[9].Get() > 0;
            }

            [Greenlet]
            public static int Value(int value) => value;

            [Greenlet]
            public static int Forever()
            {
                Hub.Current.MainGreenlet.Join();
                return 0;
            }

            public static string Main(string name, int target, int[] values)
            {
                using var hub = Hub.Install(HubClock.Virtual());
                var forever = Greenlet.Spawn(Forever);
                var gates = new Greenlet<int>[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    gates[i] = i == target ? forever : Greenlet.Spawn(Value, values[i]);
                }

                Greenlet.Sleep(0);
                var probe = name switch
                {
                    "ForLoop" => Greenlet.Spawn(ForLoop, gates),
                    "ForLoopWithPattern" => Greenlet.Spawn(ForLoopWithPattern, gates),
                    "WhileLoop" => Greenlet.Spawn(WhileLoop, gates),
                    "NestedLoops" => Greenlet.Spawn(NestedLoops, gates),
                    "Switches" => Greenlet.Spawn(Switches, gates),
                    "TryAndExpressions" => Greenlet.Spawn(TryAndExpressions, gates),
                    _ => throw new ArgumentException(name),
                };
                probe.Name = "probe";
                try
                {
                    probe.Join();
                    return "finished without blocking";
                }
                catch (LoopExitException exit)
                {
                    return exit.Greenlets;
                }
            }
        }
        """;

    private LoadedAssembly? _loaded;

    [OneTimeSetUp]
    public void Compile()
    {
        var run = GeneratorHarness.Generate(Source).CompilesCleanly();
        _loaded = run.Load();
    }

    [OneTimeTearDown]
    public void Unload() => _loaded?.Dispose();

    // Each case: the method, the value each gate returns, and the gates the method reaches with those values.
    [TestCase("ForLoop", new[] { 0, 1, 1, 0 }, new[] { 0, 1, 2, 3 })]
    [TestCase("ForLoopWithPattern", new[] { 0, 1, 1, 0 }, new[] { 0, 1, 2, 3 })]
    [TestCase("WhileLoop", new[] { 1, 1, 2, 1, 1, 0 }, new[] { 0, 1, 2, 3, 4, 5 })]
    [TestCase("NestedLoops", new[] { 1, 1, 1, 1 }, new[] { 0, 1, 2, 3 })]
    [TestCase("Switches", new[] { 0, 0, 0, 1, 0, 0, 0, 0, 1, 0 }, new[] { 0, 1, 3, 4, 5, 6, 8, 9 })]
    [TestCase("TryAndExpressions", new[] { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 }, new[] { 0, 1, 2, 3, 4, 6, 7, 8, 9 })]
    public void DumpNamesThePointWhereTheGreenletWaits(string method, int[] values, int[] reached)
    {
        foreach (var target in reached)
        {
            var dump = (string)_loaded!.Invoke("Demo.Probe", "Main", method, target, values).Returned!;
            var probeLine = dump.Split('\n').SingleOrDefault(l => l.Contains("\"probe\"", StringComparison.Ordinal));
            Assert.That(probeLine, Does.Contain($": g[{target}].Get()"), $"{method}, parked at g[{target}]; the dump was:\n{dump}");
        }
    }
}
