namespace Greenlets.Tests.Generator;

/// <summary>Golden-file tests of suspension points inside statements: loops, try, using, switch and patterns.</summary>
[Category(TestCategories.Generator)]
public sealed class StatementSnapshotTests
{
    [Test]
    public void SuspensionInsideLoops()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Loops
            {
                [Greenlet]
                public static int Echo(int value)
                {
                    Greenlet.Sleep(0);
                    return value;
                }

                [Greenlet]
                public static int Count(string name, int[] items)
                {
                    var total = 0;
                    for (var i = 0; i < 2; i++)
                    {
                        Console.WriteLine($"{name} for {i}");
                        Greenlet.Sleep(0);
                    }

                    foreach (var item in items)
                    {
                        total += Echo(item);
                    }

                    var n = 0;
                    while (Echo(n) < 2)
                    {
                        n++;
                    }

                    do
                    {
                        Console.WriteLine($"{name} do {n}");
                        Greenlet.Sleep(0);
                    }
                    while (--n > 0);

                    for (var j = Echo(0); j < Echo(2); j += Echo(1))
                    {
                        total += j;
                    }

                    return total;
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var a = Greenlet.Spawn(Count, "a", new[] { 1, 2 });
                    var b = Greenlet.Spawn(Count, "b", new[] { 10 });
                    Console.WriteLine($"{a.Get()} {b.Get()}");
                }
            }
            """);

        run.MatchesGolden(nameof(SuspensionInsideLoops)).CompilesCleanly();
        Assert.That(run.Run("Demo.Loops").Printed, Is.EqualTo(
            "a for 0\nb for 0\na for 1\nb for 1\nb do 2\na do 2\nb do 1\na do 1\n4 11\n"));
    }

    [Test]
    public void TryCatchFinally()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Guards
            {
                [Greenlet]
                public static string Guarded(int n)
                {
                    var log = "";
                    try
                    {
                        Greenlet.Sleep(0);
                        if (n < 0)
                        {
                            throw new InvalidOperationException("negative");
                        }

                        log += "try;";
                    }
                    catch (InvalidOperationException e) when (e.Message.Length > 0)
                    {
                        Greenlet.Sleep(0);
                        log += "catch;";
                    }
                    finally
                    {
                        Greenlet.Sleep(0);
                        log += "finally;";
                    }

                    try
                    {
                        try
                        {
                            Fail();
                        }
                        finally
                        {
                            log += "inner;";
                        }
                    }
                    catch (ArgumentException)
                    {
                        log += "outer;";
                    }

                    return log;
                }

                [Greenlet]
                private static void Fail()
                {
                    Greenlet.Sleep(0);
                    throw new ArgumentException("fail");
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Console.WriteLine(Greenlet.Spawn(Guarded, 1).Get());
                    Console.WriteLine(Greenlet.Spawn(Guarded, -1).Get());
                }
            }
            """);

        run.MatchesGolden(nameof(TryCatchFinally)).CompilesCleanly();
        Assert.That(run.Run("Demo.Guards").Printed, Is.EqualTo(
            "try;finally;inner;outer;\ncatch;finally;inner;outer;\n"));
    }

    [Test]
    public void UsingStatementsAndDeclarations()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public sealed class Resource(string name) : IDisposable
            {
                public string Name { get; } = name;

                public void Dispose() => Console.WriteLine($"dispose {Name}");
            }

            public static partial class Usings
            {
                [Greenlet]
                public static Resource Open(string name)
                {
                    Greenlet.Sleep(0);
                    Console.WriteLine($"open {name}");
                    return new Resource(name);
                }

                [Greenlet]
                public static void Use(string name)
                {
                    using (var first = new Resource(name + "1"))
                    {
                        Greenlet.Sleep(0);
                        Console.WriteLine($"use {first.Name}");
                    }

                    using (Open(name + "2"))
                    {
                        Console.WriteLine($"inside {name}2");
                    }

                    using var third = Open(name + "3");
                    Greenlet.Sleep(0);
                    Console.WriteLine($"end {name}");
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Greenlet.Spawn(Use, "r").Join();
                }
            }
            """);

        run.MatchesGolden(nameof(UsingStatementsAndDeclarations)).CompilesCleanly();
        Assert.That(run.Run("Demo.Usings").Printed, Is.EqualTo(
            "use r1\ndispose r1\nopen r2\ninside r2\ndispose r2\nopen r3\nend r\ndispose r3\n"));
    }

    [Test]
    public void SwitchAndPatternMatching()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Patterns
            {
                [Greenlet]
                public static T Echo<T>(T value)
                {
                    Greenlet.Sleep(0);
                    return value;
                }

                [Greenlet]
                public static string Classify(object value)
                {
                    switch (value)
                    {
                        case int i when Echo(i) > 10:
                            Greenlet.Sleep(0);
                            return "big";
                        case int i:
                            return Echo(i) % 2 == 0 ? "even" : "odd";
                        case string { Length: > 0 } s:
                            return Echo(s).ToUpperInvariant();
                    }

                    if (Echo(value) is double d and > 0)
                    {
                        return $"positive {d}";
                    }

                    return Echo(value.GetType().Name) switch
                    {
                        "Double" => "not positive",
                        var other => Echo("other " + other),
                    };
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    foreach (var value in new object[] { 11, 4, 3, "abc", 2.0, -1.0, 'c' })
                    {
                        Console.WriteLine(Greenlet.Spawn(Classify, value).Get());
                    }
                }
            }
            """);

        run.MatchesGolden(nameof(SwitchAndPatternMatching)).CompilesCleanly();
        Assert.That(run.Run("Demo.Patterns").Printed, Is.EqualTo(
            "big\neven\nodd\nABC\npositive 2\nnot positive\nother Char\n"));
    }
}
