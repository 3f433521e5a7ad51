using System.Net;
using System.Text;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// Issue 23, point 4's plus: a failing seed is shrunk to the faults it needs. The runner replays the seed with each
/// kind of injected fault suppressed in turn and keeps each suppression under which it still fails; suppressing draws
/// the same numbers, so what is left fires exactly as before, and the shrunk failure replays from its seed and its
/// list of suppressed faults.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
[NonParallelizable] // one test sets GREENLET_SIM_SUPPRESS, which every simulation run in the process reads
public sealed partial class ShrinkingTests
{
    private const string SuppressVariable = SimulationRunOptions.SuppressVariable;

    /// <summary>Two fault sites; the failure needs the first only, or both when <paramref name="onlyWhenBothFired"/>.</summary>
    private static void TwoBuggifiedSites(bool onlyWhenBothFired)
    {
        int first = 0, second = 0;
        for (var i = 0; i < 40; i++)
        {
            first += Simulation.Buggify(0.5) ? 1 : 0;
            second += Simulation.Buggify(0.5) ? 1 : 0;
        }

        if (first > 0 && (second > 0 || !onlyWhenBothFired))
        {
            throw new InvalidOperationException($"the first site fired {first} times");
        }
    }

    /// <summary>The lowest seed in which both sites fire: found by the runner, not written down.</summary>
    private static int SeedWhereBothSitesFire()
    {
        var found = Simulation.RunSeeds(1_000, () => TwoBuggifiedSites(onlyWhenBothFired: true), new SimulationRunOptions { CanShrink = false });
        Assert.That(found.Failure, Is.Not.Null, "both sites fire under some seed of a thousand (each is on in a quarter of them)");
        Assert.That(found.Failure!.InjectedFaults, Has.Count.EqualTo(2), string.Join(", ", found.Failure.InjectedFaults.Keys));
        Assert.That(found.Failure.Unshrunk, Is.Null, "CanShrink = false");
        return found.Failure.Seed;
    }

    [Test]
    public void AFailureThatNeedsOneOfTwoFiredSitesIsShrunkToThatSite()
    {
        var seed = SeedWhereBothSitesFire();

        var failure = Simulation.RunSeeds(1, () => TwoBuggifiedSites(onlyWhenBothFired: false), new SimulationRunOptions { FirstSeed = seed }).Failure;

        Assert.That(failure, Is.Not.Null);
        var unshrunk = failure!.Unshrunk;
        Assert.That(unshrunk, Is.Not.Null, "the failure was shrunk");
        var sites = unshrunk!.InjectedFaults.Keys.Order(StringComparer.Ordinal).ToArray();
        Assert.That(sites, Has.Length.EqualTo(2));
        var (firstSite, secondSite) = LineOf(sites[0]) < LineOf(sites[1]) ? (sites[0], sites[1]) : (sites[1], sites[0]);
        Assert.Multiple(() =>
        {
            Assert.That(failure.Seed, Is.EqualTo(seed));
            Assert.That(failure.SuppressedFaults, Is.EqualTo(new[] { secondSite }), "the second site was not needed");
            Assert.That(failure.InjectedFaults.Keys, Is.EqualTo(new[] { firstSite }));
            Assert.That(failure.InjectedFaults[firstSite], Is.EqualTo(unshrunk.InjectedFaults[firstSite]),
                "suppressing the second site draws the same numbers, so the first fires as often as before");
            Assert.That(failure.Exception.Message, Is.EqualTo(unshrunk.Exception.Message));
            Assert.That(failure.Describe(), Does.Contain($"GREENLET_SIM_REPLAY={seed} {SuppressVariable}={secondSite}")
                .And.Contain($"Faults injected: {firstSite} x{failure.InjectedFaults[firstSite]} (shrunk from "));
        });
    }

    [Test]
    public void AShrunkFailureReplaysFromItsSeedAndSuppressedFaults()
    {
        var seed = SeedWhereBothSitesFire();
        var shrunk = Simulation.RunSeeds(1, () => TwoBuggifiedSites(onlyWhenBothFired: false), new SimulationRunOptions { FirstSeed = seed }).Failure!;

        var replayed = Simulation.RunSeeds(1, () => TwoBuggifiedSites(onlyWhenBothFired: false),
            new SimulationRunOptions { ReplaySeed = seed, SuppressedFaults = shrunk.SuppressedFaults }).Failure;

        Assert.That(replayed, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(replayed!.InjectedFaults, Is.EqualTo(shrunk.InjectedFaults));
            Assert.That(replayed.SuppressedFaults, Is.EqualTo(shrunk.SuppressedFaults));
            Assert.That(replayed.Trace, Is.EqualTo(shrunk.Trace), "the same run, byte for byte");
            Assert.That(replayed.Unshrunk, Is.Null, "a replay runs its seed once, as it is");
        });
    }

    [Test]
    public void TheSuppressVariableAddsToTheOptionsSuppressedFaults()
    {
        var seed = SeedWhereBothSitesFire();
        var unshrunk = Simulation.RunSeeds(1, () => TwoBuggifiedSites(onlyWhenBothFired: false),
            new SimulationRunOptions { FirstSeed = seed, CanShrink = false }).Failure!;
        var sites = unshrunk.InjectedFaults.Keys.ToArray();

        Environment.SetEnvironmentVariable(SuppressVariable, $" {sites[0]} ,");
        try
        {
            var replayed = Simulation.RunSeeds(1, () => TwoBuggifiedSites(onlyWhenBothFired: true),
                new SimulationRunOptions { ReplaySeed = seed, SuppressedFaults = [sites[1]] });

            Assert.That(replayed.Failure, Is.Null, "with both sites suppressed, the run that needs both passes");
        }
        finally
        {
            Environment.SetEnvironmentVariable(SuppressVariable, null);
        }
    }

    [Test]
    public void AMisspeltFaultNameIsRefusedNotIgnored()
    {
        static void Body() => Simulation.Buggify();

        Assert.That(() => Simulation.RunSeeds(1, Body, new SimulationRunOptions { SuppressedFaults = ["net.shortread"] }),
            Throws.ArgumentException.With.Message.StartsWith("'net.shortread' is not a fault's name.").And.Message.Contains("net.short-read"));
        Assert.That(Simulation.RunSeeds(1, Body, new SimulationRunOptions { SuppressedFaults = ["net.short-read", "hub.late-timer", "File.cs:42"] }).Failure,
            Is.Null, "the library's names and a site's name are taken");

        Environment.SetEnvironmentVariable(SuppressVariable, "net.reset,File.cs:");
        try
        {
            Assert.That(() => Simulation.RunSeeds(1, Body),
                Throws.InvalidOperationException.With.Message.StartsWith($"{SuppressVariable} names 'File.cs:', which is not a fault's name."));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SuppressVariable, null);
        }
    }

    /// <summary>Twenty lines echoed over a network with short reads and rare resets; a reset ends it early.</summary>
    private static void EchoTwentyLinesOverAFaultyNetwork()
    {
        var network = new SimulatedNetwork { DefaultLink = new LinkProfile { Latency = 0.01, Jitter = 0.005 } };
        network.Faults.ShortReads = 0.5;
        network.Faults.Resets = 0.02;
        network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        using var reader = new GreenStreamReader(stream);
        for (var i = 0; i < 20; i++)
        {
            stream.Write(Encoding.UTF8.GetBytes($"line {i}\n"));
            if (LineEcho.ReadLineFrom(reader) != $"line {i}")
            {
                throw new IOException($"line {i} did not come back");
            }
        }
    }

    [Test]
    public void ANetworkFailureIsShrunkToTheResetItNeeds()
    {
        var failure = Simulation.RunSeeds(200, EchoTwentyLinesOverAFaultyNetwork).Failure;

        Assert.That(failure, Is.Not.Null, "a reset shows within 200 seeds");
        TestContext.Out.WriteLine(failure!.Describe());
        Assert.That(failure!.Unshrunk, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(failure.Unshrunk!.InjectedFaults.Keys, Does.Contain("net.short-read").And.Contain("net.reset"));
            Assert.That(failure.InjectedFaults.Keys, Is.EqualTo(new[] { "net.reset" }), "only the reset is needed");
            Assert.That(failure.SuppressedFaults, Does.Contain("net.short-read"));
            Assert.That(failure.Exception, Is.TypeOf<IOException>());
        });
    }

    private static int LineOf(string site) => int.Parse(site[(site.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
