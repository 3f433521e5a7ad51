namespace Greenlets.Tests.Generator;

/// <summary>Golden-file tests of the twins generated for the different shapes of [Greenlet] method.</summary>
[Category(TestCategories.Generator)]
public sealed class MethodShapeSnapshotTests
{
    [Test]
    public void StaticAndInstanceMethods()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public partial class Counter
            {
                private int _count;

                [Greenlet]
                public static void Tick(string name)
                {
                    Console.WriteLine($"{name} tick");
                    Greenlet.Sleep(0);
                    Console.WriteLine($"{name} tock");
                }

                [Greenlet]
                public int Add(int amount)
                {
                    Console.WriteLine($"add {amount}");
                    Greenlet.Sleep(0);
                    _count += amount;
                    return _count;
                }
            }

            public static class Program
            {
                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var counter = new Counter();
                    var a = Greenlet.Spawn(Counter.Tick, "a");
                    var b = Greenlet.Spawn(counter.Add, 5);
                    Greenlet.JoinAll(a, b);
                    Console.WriteLine($"total {b.Get()}");
                }
            }
            """);

        run.MatchesGolden(nameof(StaticAndInstanceMethods)).CompilesCleanly();
        Assert.That(run.Run("Demo.Program").Printed, Is.EqualTo("a tick\nadd 5\na tock\ntotal 5\n"));
    }

    [Test]
    public void NestedAndGenericTypes()
    {
        var run = GeneratorHarness.Generate("""
            using System.Collections.Generic;
            using Greenlets;

            namespace Demo.Nested
            {
                public static partial class Outer
                {
                    internal partial class Inner
                    {
                        [Greenlet]
                        public static int Twice(int x)
                        {
                            Greenlet.Sleep(0);
                            return x * 2;
                        }
                    }

                    public partial class Holder<T>
                        where T : notnull
                    {
                        private readonly List<T> _items = new();

                        [Greenlet]
                        public T Last()
                        {
                            Greenlet.Sleep(0);
                            return _items[^1];
                        }

                        public partial struct Cursor<TKey>
                        {
                            [Greenlet]
                            public static KeyValuePair<TKey, T> Pair(TKey key, T value)
                            {
                                Greenlet.Sleep(0);
                                return new KeyValuePair<TKey, T>(key, value);
                            }
                        }
                    }
                }

                public partial record Message(string Text)
                {
                    [Greenlet]
                    public string Shout()
                    {
                        Greenlet.Sleep(0);
                        return Text.ToUpperInvariant();
                    }
                }
            }
            """);

        run.MatchesGolden(nameof(NestedAndGenericTypes)).CompilesCleanly();
    }

    [Test]
    public void GenericMethods()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using System.Collections.Generic;
            using Greenlets;

            namespace Demo;

            public static partial class Generic
            {
                [Greenlet]
                public static T Echo<T>(T value)
                {
                    Greenlet.Sleep(0);
                    return value;
                }

                [Greenlet]
                public static TResult Fold<TItem, TResult>(IEnumerable<TItem> items, TResult seed, Func<TResult, TItem, TResult> step)
                    where TItem : notnull
                    where TResult : struct
                {
                    var acc = seed;
                    foreach (var item in items)
                    {
                        acc = step(acc, Echo(item));
                    }

                    return acc;
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var sum = Greenlet.Spawn(Fold, new[] { 1, 2, 3 }, 10, (int a, int b) => a + b);
                    var word = Greenlet.Spawn(Echo, "hello");
                    Console.WriteLine($"{sum.Get()} {word.Get()}");
                }
            }
            """);

        run.MatchesGolden(nameof(GenericMethods)).CompilesCleanly();
        Assert.That(run.Run("Demo.Generic").Printed, Is.EqualTo("16 hello\n"));
    }

    [Test]
    public void VoidAndValueReturningMethods()
    {
        var run = GeneratorHarness.Generate("""
            using Greenlets;

            namespace Demo;

            internal static partial class Returns
            {
                [Greenlet]
                internal static void Nothing()
                {
                    Greenlet.Sleep(0);
                }

                [Greenlet]
                internal static void EarlyReturn(bool stop)
                {
                    if (stop)
                    {
                        return;
                    }

                    Greenlet.Sleep(0);
                }

                [Greenlet]
                internal static (int Count, string? Name) Tuple(string? name)
                {
                    Nothing();
                    return (name?.Length ?? 0, name);
                }

                [Greenlet]
                internal static int[] Array(int size)
                {
                    var items = new int[size];
                    for (var i = 0; i < size; i++)
                    {
                        items[i] = Tuple(new string('x', i)).Count;
                    }

                    return items;
                }
            }
            """);

        run.MatchesGolden(nameof(VoidAndValueReturningMethods)).CompilesCleanly();
    }

    [Test]
    public void ExpressionBodiedMethods()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Bodies
            {
                [Greenlet]
                public static void Pause() => Greenlet.Sleep(0);

                [Greenlet]
                public static int Double(int x) => Add(x, x);

                [Greenlet]
                public static int Add(int a, int b) =>
                    Greenlet.Spawn(Echo, a).Get()
                    + b;

                [Greenlet]
                public static int Echo(int value) => value;

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Console.WriteLine(Greenlet.Spawn(Double, 21).Get());
                }
            }
            """);

        run.MatchesGolden(nameof(ExpressionBodiedMethods)).CompilesCleanly();
        Assert.That(run.Run("Demo.Bodies").Printed, Is.EqualTo("42\n"));
    }

    [Test]
    public void LocalFunctions()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Locals
            {
                [Greenlet]
                public static int Sum(string name, int count)
                {
                    var total = 0;
                    for (var i = 1; i <= count; i++)
                    {
                        total += Step(i);
                    }

                    return Square(total);

                    int Step(int i)
                    {
                        Console.WriteLine($"{name} step {i}");
                        Pause();
                        return i;
                    }

                    void Pause() => Greenlet.Sleep(0);

                    static int Square(int x) => x * x;
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var a = Greenlet.Spawn(Sum, "a", 2);
                    var b = Greenlet.Spawn(Sum, "b", 2);
                    Console.WriteLine($"{a.Get()} {b.Get()}");
                }
            }
            """);

        run.MatchesGolden(nameof(LocalFunctions)).CompilesCleanly();
        Assert.That(run.Run("Demo.Locals").Printed, Is.EqualTo("a step 1\nb step 1\na step 2\nb step 2\n9 9\n"));
    }

    /// <summary>
    /// Parameters the body never reads are read by the twin, in a block beside the body's (so a local named <c>_</c>
    /// does not take the discards), so that the greenlet's description shows every argument.
    /// </summary>
    [Test]
    public void UnreadParameters()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Unread
            {
                [Greenlet]
                public static void Block(string name, int @class, double used)
                {
                    var _ = used;
                    Greenlet.Sleep(0);
                }

                [Greenlet]
                public static int Expression(int ignored) => Pause(1);

                [Greenlet]
                public static int Pause(int seconds)
                {
                    Greenlet.Sleep(seconds);
                    return seconds;
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var block = Greenlet.Spawn(Block, "a", 2, 3.5);
                    var expression = Greenlet.Spawn(Expression, 7);
                    Console.WriteLine(block);
                    Console.WriteLine(expression);
                    Greenlet.JoinAll(block, expression);
                }
            }
            """);

        run.MatchesGolden(nameof(UnreadParameters)).CompilesCleanly();
        Assert.That(run.Run("Demo.Unread").Printed, Is.EqualTo(
            "<Greenlet \"Greenlet-1\": Unread.Block(\"a\", 2, 3.5)>\n<Greenlet \"Greenlet-2\": Unread.Expression(7)>\n"));
    }
}
