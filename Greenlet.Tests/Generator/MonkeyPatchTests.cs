namespace Greenlets.Tests.Generator;

/// <summary>
/// The compile-time monkey patch: with GreenletMonkeyPatch=true the twins await the green forms of the blocking
/// calls that have one with the same contract; without it the twins are exactly as before.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class MonkeyPatchTests
{
    private static readonly Dictionary<string, string> s_patchOn = new() { ["GreenletMonkeyPatch"] = "true" };

    private const string Source = """
        using System;
        using System.Net;
        using System.Threading;
        using System.Threading.Tasks;
        using Greenlets;

        namespace Demo;

        public static partial class Patched
        {
            [Greenlet]
            public static int Worker(Task started, Task<int> number, string host, TimeSpan pause)
            {
                Thread.Sleep(1000);
                Thread.Sleep(pause);
                started.Wait();
                var total = number.Result + number.GetAwaiter().GetResult();
                var addresses = Dns.GetHostAddresses(host);
                Thread.Sleep(
                    250);
                Func<int> later = () => { Thread.Sleep(1); return number.Result; }; // lambdas are not rewritten
                Thread.Sleep(Timeout.Infinite); // no green form sleeps forever
                started.Wait(100); // returns a bool: another contract
                return total + addresses.Length + later();
            }

            [Greenlet]
            public static void Plain() => Console.WriteLine("nothing to patch");
        }
        """;

    [Test]
    public void PatchedTwinsAwaitTheGreenForms() =>
        GeneratorHarness.Generate(Source, buildProperties: s_patchOn).CompilesCleanly().MatchesGolden("MonkeyPatched");

    [Test]
    public void WithoutThePropertyTheTwinKeepsTheBlockingCalls()
    {
        var sources = GeneratorHarness.Generate(Source).CompilesCleanly().Sources;
        var twin = sources["Demo.Patched.g.cs"];
        Assert.Multiple(() =>
        {
            Assert.That(twin, Does.Contain("Thread.Sleep(1000);"));
            Assert.That(twin, Does.Not.Contain("SleepAwaitable").And.Not.Contain("WaitTaskAwaitable").And.Not.Contain("GreenDns"));
        });
        Assert.That(GeneratorHarness.Generate(Source, buildProperties: new Dictionary<string, string> { ["GreenletMonkeyPatch"] = "false" }).Sources["Demo.Patched.g.cs"],
            Is.EqualTo(twin), "false means off");
    }

    [Test]
    public void APatchedThreadSleepLetsTheOtherGreenletsRunOnTheVirtualClock()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using System.Threading;
            using Greenlets;

            namespace Demo;

            public static partial class Program
            {
                [Greenlet]
                public static void Slow()
                {
                    Console.WriteLine($"slow starts at {Hub.Current.Now.TotalSeconds}");
                    Thread.Sleep(1000);
                    Console.WriteLine($"slow wakes at {Hub.Current.Now.TotalSeconds}");
                }

                [Greenlet]
                public static void Fast()
                {
                    for (var i = 1; i <= 3; i++)
                    {
                        Thread.Sleep(100);
                        Console.WriteLine($"fast tick {i} at {Hub.Current.Now.TotalSeconds}");
                    }
                }

                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Greenlet.JoinAll(Greenlet.Spawn(Slow), Greenlet.Spawn(Fast));
                }
            }
            """, buildProperties: s_patchOn).CompilesCleanly();

        Assert.That(run.Run("Demo.Program").Printed, Is.EqualTo(
            "slow starts at 0\nfast tick 1 at 0.1\nfast tick 2 at 0.2\nfast tick 3 at 0.3\nslow wakes at 1\n"));
    }
}
