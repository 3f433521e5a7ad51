using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Tests.Generator;

/// <summary>Golden-file tests of spawn sites (the interceptors) and of suspension points inside expressions.</summary>
[Category(TestCategories.Generator)]
public sealed class SpawnAndExpressionSnapshotTests
{
    [Test]
    public void ContextSwitchInterleaving()
    {
        // The tutorial's first example: two greenlets hand control to each other with Sleep(0).
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class ContextSwitch
            {
                [Greenlet]
                static void Foo()
                {
                    Console.WriteLine("Running in foo");
                    Greenlet.Sleep(0);
                    Console.WriteLine("Explicit context switch to foo again");
                }

                [Greenlet]
                static void Bar()
                {
                    Console.WriteLine("Explicit context to bar");
                    Greenlet.Sleep(0);
                    Console.WriteLine("Implicit context switch back to bar");
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Greenlet.JoinAll(
                        Greenlet.Spawn(Foo),
                        Greenlet.Spawn(Bar));
                }
            }
            """);

        run.MatchesGolden(nameof(ContextSwitchInterleaving)).CompilesCleanly();
        Assert.That(run.Run("Demo.ContextSwitch").Printed, Is.EqualTo(
            "Running in foo\nExplicit context to bar\nExplicit context switch to foo again\nImplicit context switch back to bar\n"));
    }

    [Test]
    public void SpawnSites()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public partial class Shop(string name)
            {
                public string Name { get; } = name;

                [Greenlet]
                public static int Price(string item, int count)
                {
                    Greenlet.Sleep(0);
                    return item.Length * count;
                }

                [Greenlet]
                public string Open(int hour)
                {
                    Greenlet.Sleep(hour);
                    return $"{Name} opens at {hour}";
                }

                [Greenlet]
                public static T Echo<T>(T value)
                {
                    Greenlet.Sleep(0);
                    return value;
                }

                [Greenlet]
                private static void Hidden() => Greenlet.Sleep(0);

                [Greenlet]
                public static int Nested()
                {
                    // Inside a [Greenlet] method the call itself is rewritten: no interceptor.
                    var inner = Greenlet.Spawn(Price, "tea", 2);
                    return inner.Get();
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var shop = new Shop("corner");
                    var price = Greenlet.Spawn(Price, "apple", 3);            // intercepted: static
                    var open = Greenlet.Spawn(shop.Open, 2);                  // intercepted: instance
                    var echo = Greenlet.Spawn(Echo, 'x');                     // intercepted: generic
                    var nested = Greenlet.Spawn(Nested);                      // intercepted: no arguments
                    var hidden = Greenlet.Spawn(Hidden);                      // private: found at run time
                    var lambda = Greenlet.Spawn(() => 40 + 2);                // plain code
                    Func<string, int, int> stored = Price;
                    var fromVariable = Greenlet.Spawn(stored, "pear", 1);     // a variable: found at run time
                    Greenlet.JoinAll(price, open, echo, nested, hidden, lambda, fromVariable);
                    Console.WriteLine($"{price.Get()} {open.Get()} {echo.Get()} {nested.Get()} {lambda.Get()} {fromVariable.Get()}");
                }
            }
            """);

        run.MatchesGolden(nameof(SpawnSites)).CompilesCleanly();
        Assert.That(InterceptedSpawns(run), Is.EqualTo(new[]
        {
            "Greenlet.Spawn(Price, \"tea\", 2)", // in the plain form of Nested, which still spawns the rewritten Price
            "Greenlet.Spawn(Price, \"apple\", 3)",
            "Greenlet.Spawn(shop.Open, 2)",
            "Greenlet.Spawn(Echo, 'x')",
            "Greenlet.Spawn(Nested)",
        }));
        Assert.That(run.Run("Demo.Shop").Printed, Is.EqualTo("15 corner opens at 2 x 6 42 4\n"));
    }

    /// <summary>
    /// A cooperative operation's method group, spawned from plain code and from a [Greenlet] method, is sent to its
    /// spawnable form, written once per file in the file-local class CooperativeForms.
    /// </summary>
    [Test]
    public void CooperativeSpawnSites()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Sleepers
            {
                [Greenlet]
                public static string Take(GreenQueue<string> queue)
                {
                    Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)1).Join();
                    return Greenlet.Spawn(queue.Get, true, (GreenDuration?)null).Get();
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var queue = new GreenQueue<string>();
                    var sleeper = Greenlet.Spawn(Greenlet.Sleep, (GreenDuration)10);
                    var taker = Greenlet.Spawn(Take, queue);
                    var getter = Greenlet.Spawn(queue.Get, true, (GreenDuration?)null);
                    Console.WriteLine(sleeper);
                    Console.WriteLine(getter);
                    Greenlet.Sleep(2);
                    queue.Put("a");
                    queue.Put("b");
                    sleeper.Join();
                    Console.WriteLine($"{taker.Get()} {getter.Get()} {Hub.Current.Now.TotalSeconds}");
                }
            }
            """);

        run.MatchesGolden(nameof(CooperativeSpawnSites)).CompilesCleanly();
        Assert.That(run.Run("Demo.Sleepers").Printed, Is.EqualTo(
            "<Greenlet \"Greenlet-1\": Greenlet.Sleep(10)>\n<Greenlet \"Greenlet-2\": GreenQueue.Get(true, null)>\nb a 10\n"));
    }

    [Test]
    public void SuspensionInsideExpressions()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Expressions
            {
                [Greenlet]
                public static int Produce(string name, int value)
                {
                    Console.WriteLine($"{name} produces {value}");
                    Greenlet.Sleep(0);
                    return value;
                }

                [Greenlet]
                public static int[] Items(int count) => new int[count];

                [Greenlet]
                public static string Combine(Greenlet<int> a, Greenlet<int> b)
                {
                    Console.WriteLine(a.Get());
                    var sum = a.Get() + b.Get();
                    var text = $"{a.Get()}-{b.Get()}";
                    var chosen = sum > 10 ? a.Get() : b.Get();
                    var length = Items(b.Get())[0] + Items(2).Length;
                    var cast = (long)a.Get() * 2;
                    int? none = null;
                    var fallback = none ?? b.Get();
                    var both = sum > 0 && a.Get() > 0;
                    var tuple = (First: a.Get(), Second: Produce("tuple", 7));
                    return $"{sum} {text} {chosen} {length} {cast} {fallback} {both} {tuple.First + tuple.Second} {a.Get().ToString().Length}";
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var a = Greenlet.Spawn(Produce, "a", 3);
                    var b = Greenlet.Spawn(Produce, "b", 4);
                    Console.WriteLine(Greenlet.Spawn(Combine, a, b).Get());
                }
            }
            """);

        run.MatchesGolden(nameof(SuspensionInsideExpressions)).CompilesCleanly();
        Assert.That(run.Run("Demo.Expressions").Printed, Is.EqualTo(
            "a produces 3\nb produces 4\n3\ntuple produces 7\n7 3-4 4 2 6 4 True 10 1\n"));
    }

    /// <summary>The spawn calls of the user's file that the compiler redirects to a generated interceptor.</summary>
    private static IEnumerable<string> InterceptedSpawns(GeneratorRun run)
    {
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.DefaultPath);
        var model = run.Output.GetSemanticModel(tree);
#pragma warning disable RSEXPERIMENTAL002 // the interceptor query is what this test is about
        return tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => call.ToString().StartsWith("Greenlet.Spawn", StringComparison.Ordinal) && model.GetInterceptorMethod(call) is not null)
            .Select(call => call.ToString())
            .ToList();
#pragma warning restore RSEXPERIMENTAL002
    }
}
