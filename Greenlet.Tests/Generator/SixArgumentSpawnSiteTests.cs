namespace Greenlets.Tests.Generator;

/// <summary>
/// At the arity limit every family still reaches the rewritten method: plain call sites are redirected to the twin
/// overloads at compile time, and inside a [Greenlet] method the cooperative forms are awaited.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class SixArgumentSpawnSiteTests
{
    [Test]
    public void SixArgumentCallsOfEveryFamilyAreRedirectedToTheirTwinsAndRun()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public static partial class Six
            {
                [Greenlet]
                public static int Sum(int a, int b, int c, int d, int e, int f)
                {
                    Greenlet.Sleep(0);
                    return a + b + c + d + e + f;
                }

                [Greenlet]
                public static void Note(int a, int b, int c, int d, int e, int f)
                {
                    Greenlet.Sleep(0);
                    Console.WriteLine($"note {a + b + c + d + e + f}");
                }

                [Greenlet]
                public static string Inside(Pool pool)
                {
                    var spawned = pool.Spawn(Sum, 1, 1, 1, 1, 1, 1);
                    pool.Apply(Note, 2, 2, 2, 2, 2, 2);
                    return $"inside {spawned.Get()} {pool.Apply(Sum, 3, 3, 3, 3, 3, 3)}";
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var pool = new Pool(2);
                    var spawned = Greenlet.Spawn(Sum, 1, 2, 3, 4, 5, 6);
                    var later = Greenlet.SpawnLater(1, Sum, 1, 1, 1, 1, 1, 1);
                    var created = Greenlet.Create(Note, 0, 0, 0, 0, 0, 1);
                    created.Start();
                    var member = pool.Spawn(Sum, 2, 2, 2, 2, 2, 2);
                    var applied = pool.ApplyAsGreenlet(Sum, 4, 4, 4, 4, 4, 4);
                    var noted = pool.ApplyAsGreenlet(Note, 5, 5, 5, 5, 5, 5);
                    Console.WriteLine($"{spawned.Get()} {later.Get()} {member.Get()} {applied.Get()}");
                    Greenlet.JoinAll(created, noted);
                    Console.WriteLine(Greenlet.Spawn(Inside, pool).Get());
                }
            }
            """);

        run.CompilesCleanly();
        var interceptors = run.Sources["GreenletInterceptors.g.cs"];
        var twin = run.Sources.Single(source => source.Key.StartsWith("Demo.Six", StringComparison.Ordinal)).Value;
        Assert.Multiple(() =>
        {
            // Six call sites in Main pass a [Greenlet] method with six arguments, one spawns Inside, and Inside's plain
            // original (still compiled, for callers outside a greenlet) spawns one; Apply has no twin overload.
            foreach (var redirected in new[] { "Greenlet.SpawnTwin<int, int, int, int, int, int, int>(", "Greenlet.SpawnLaterTwin<int, int, int, int, int, int, int>(",
                         "Greenlet.CreateTwin<int, int, int, int, int, int>(", "@this.SpawnTwin<int, int, int, int, int, int, int>(",
                         "@this.ApplyAsGreenletTwin<int, int, int, int, int, int, int>(", "@this.ApplyAsGreenletTwin<int, int, int, int, int, int>(" })
            {
                Assert.That(interceptors, Does.Contain(redirected));
            }

            Assert.That(interceptors.Split("InterceptsLocationAttribute(1,").Length - 1, Is.EqualTo(8));
            Assert.That(twin, Does.Contain("await pool.SpawnAwaitable(").And.Contain("await pool.ApplyTwinAwaitable("));
        });
        Assert.That(run.Run("Demo.Six").Printed, Is.EqualTo("note 1\nnote 30\n21 6 12 24\nnote 12\ninside 6 18\n"));
    }
}
