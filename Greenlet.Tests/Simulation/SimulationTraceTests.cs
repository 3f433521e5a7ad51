using System.Net;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// The simulation's trace: the simulated network's events (partitions, heals, resets, connects) stand in it between
/// the scheduling decisions around them, so a failing seed's report shows both; the trace is kept as data and turned
/// into text only when asked for, the same text and fingerprint for the same seed.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class SimulationTraceTests
{
    [Greenlet]
    private static void Drain(GreenStream stream, IPEndPoint peer)
    {
        var buffer = new byte[16];
        int read;
        do
        {
            read = stream.Read(buffer);
        }
        while (read > 0);
    }

    [Greenlet]
    private static int SendUntilCut(SimulatedNetwork network, GreenStream stream)
    {
        for (var i = 0; i < 5; i++)
        {
            stream.Write(new byte[] { (byte)i });
            Greenlet.Sleep(0.01);
        }

        network.Partition(network["server"], network.DefaultHost);
        Greenlet.Sleep(0.5);
        network.Heal();
        network.ResetConnections(network["server"], network.DefaultHost);
        return 5;
    }

    /// <summary>A short networked program that partitions, heals and resets, then fails.</summary>
    private static void PartitionThenFail()
    {
        var network = new SimulatedNetwork();
        using var installed = network.Install();
        network.AddHost("server");
        using var server = new StreamServer("server", 7, Drain);
        server.Start();
        using var stream = network.Connect("server", 7);
        var client = Greenlet.Spawn(SendUntilCut, network, stream);
        var other = Greenlet.Spawn(SendUntilCut, network, network.Connect("server", 7));
        Greenlet.JoinAll([client, other]);
        throw new InvalidOperationException($"planted failure after {client.Get()}");
    }

    [Test]
    public void AFailingSeedsTraceShowsTheNetworksEventsBetweenTheSchedulingDecisions()
    {
        var result = Simulation.RunSeeds(1, PartitionThenFail, new SimulationRunOptions { FirstSeed = 5, TraceCapacity = 64, Parallelism = 1 });

        var failure = result.Failure ?? throw new AssertionException("the planted failure was not reported");
        var trace = failure.Trace;
        TestContext.Out.WriteLine(failure.Describe());
        var partition = trace.ToList().FindIndex(line => line.Contains("net partition main | server", StringComparison.Ordinal) || line.Contains("net partition server | main", StringComparison.Ordinal));
        var heal = trace.ToList().FindIndex(line => line.EndsWith(" net heal", StringComparison.Ordinal));
        var reset = trace.ToList().FindIndex(line => line.Contains("net reset 2 connection(s)", StringComparison.Ordinal));
        Assert.That(partition, Is.GreaterThanOrEqualTo(0), "the partition is in the failure's trace");
        Assert.That(heal, Is.GreaterThan(partition), "the heal follows it");
        Assert.That(reset, Is.GreaterThan(heal), "and the reset follows the heal");
        Assert.That(trace.Skip(partition).Take(heal - partition).Count(line => line.Contains(" run ", StringComparison.Ordinal)), Is.GreaterThan(0), "scheduling decisions stand between the network's events");
        Assert.That(failure.Describe(), Does.Contain("net partition").And.Contain("net reset"), "the printed report carries them");
    }

    [Test]
    public void TheSameSeedGivesTheSameTraceTextAndFingerprintAndAnotherSeedAnother()
    {
        static (string Trace, ulong Fingerprint) Run(int seed)
        {
            using (Simulation.Install(seed, faults: true))
            {
                try
                {
                    PartitionThenFail();
                }
                catch (InvalidOperationException)
                {
                }

                var simulation = Simulation.Current!;
                return (string.Join('\n', simulation.RecentTrace()), simulation.Fingerprint);
            }
        }

        var first = Run(11);
        Assert.That(first.Trace, Does.Contain(" run "));
        for (var run = 0; run < 5; run++)
        {
            Assert.That(Run(11), Is.EqualTo(first), $"run {run} of seed 11");
        }

        var others = Enumerable.Range(12, 5).Select(Run).ToList();
        Assert.That(others.Select(other => other.Fingerprint), Has.None.EqualTo(first.Fingerprint), "other seeds take other schedules");
    }

    [Test]
    public void TheRingKeepsTheLastDecisionsOldestFirstAndCountsTheRest()
    {
        using (Simulation.Install(seed: 3, faults: false, traceCapacity: 4))
        {
            var simulation = Simulation.Current!;
            for (var i = 0; i < 10; i++)
            {
                Simulation.Record($"event {i}");
            }

            Assert.That(simulation.RecentTrace(), Is.EqualTo(new[] { "@0us event 6", "@0us event 7", "@0us event 8", "@0us event 9" }));
            Assert.That(simulation.TraceCount, Is.EqualTo(10));
        }
    }

    [Test]
    public void TheGeneratorIsUniformAndFixedByItsSeed()
    {
        var generator = new SimulationGenerator(42);
        var again = new SimulationGenerator(42);
        var other = new SimulationGenerator(43);
        var counts = new int[6];
        var differs = 0;
        for (var i = 0; i < 60_000; i++)
        {
            var draw = generator.Next(6);
            counts[draw]++;
            Assert.That(again.Next(6), Is.EqualTo(draw), "the same seed draws the same sequence");
            differs += other.Next(6) != draw ? 1 : 0;
        }

        Assert.That(counts, Has.All.InRange(9_500, 10_500), "each of six outcomes about a sixth of the time");
        Assert.That(differs, Is.InRange(48_000, 52_000), "another seed agrees with it about a sixth of the time, as independent draws do");
        for (var i = 0; i < 10_000; i++)
        {
            Assert.That(generator.NextDouble(), Is.GreaterThanOrEqualTo(0).And.LessThan(1));
            Assert.That(generator.NextInt64(5, 8), Is.InRange(5, 7));
        }
    }
}
