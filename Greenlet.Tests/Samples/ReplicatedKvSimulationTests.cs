using System.Globalization;
using ReplicatedKv;

namespace Greenlets.Tests.Samples;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// Issue 23, point 5c: samples/ReplicatedKv in simulation. The buggy primary acknowledges a write before a replica has
/// it; a partition that cuts the primary off, followed by a failover to the longest replica, loses an acknowledged
/// write. The runner finds that within 1,000 seeds and replays it exactly; the fixed primary (acknowledge once a
/// replica has the write) passes 1,000 seeds here. <c>GREENLET_KV_SEEDS=10000</c> raises the count of the fixed run
/// (or: <c>dotnet run --project samples/ReplicatedKv -c Release -- simulate --seeds 10000</c>).
/// </summary>
[Category(TestCategories.Unit)]
public sealed class ReplicatedKvSimulationTests
{
    private const string SeedCountVariable = "GREENLET_KV_SEEDS";

    private static int FixedSeedCount() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedCountVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1_000;

    [Test]
    public void TheSeededRunnerFindsTheLostAcknowledgedWriteWithinAThousandSeedsAndReplaysItExactly()
    {
        var result = KvSimulation.Explore(Durability.AcknowledgeBeforeReplicating, seeds: 1_000);

        Assert.That(result.Failure, Is.Not.Null, "some seed under 1,000 cuts the primary off between an acknowledgement and its replication");
        var failure = result.Failure!;
        TestContext.Out.WriteLine(failure.Describe());
        Assert.That(failure.Exception, Is.TypeOf<LostWriteException>());
        Assert.That(failure.Trace, Has.Some.Contains("check: kv1 cut off at"), "the failover came before the check");
        Assert.That(failure.Trace, Has.Some.Contains("lost acknowledged write"));

        for (var replay = 0; replay < 3; replay++)
        {
            var again = Simulation.RunSeeds(1, () => KvSimulation.Run(Durability.AcknowledgeBeforeReplicating), new SimulationRunOptions { ReplaySeed = failure.Seed, TraceCapacity = 48, Parallelism = 1 });
            Assert.That(again.Failure?.Seed, Is.EqualTo(failure.Seed));
            Assert.That(again.Failure!.Exception.Message, Is.EqualTo(failure.Exception.Message));
            Assert.That(again.Failure.Trace, Is.EqualTo(failure.Trace), "the replay takes the same schedule, byte for byte");
        }
    }

    [Test]
    public void TheFixedPrimaryLosesNoAcknowledgedWriteUnderAThousandSeeds()
    {
        var seeds = FixedSeedCount();
        var result = Simulation.RunSeeds(seeds, () => KvSimulation.Run(Durability.AcknowledgeWhenOnAMajority), new SimulationRunOptions { TraceCapacity = 48 });
        if (result.Failure is { } failure)
        {
            Assert.Fail(failure.Describe());
        }

        Assert.That(result.SeedsRun, Is.EqualTo(seeds));
    }

    [Test]
    public void AFixedRunAcknowledgesWritesAndFailsOverToAReplica()
    {
        KvRunSummary? summary = null;
        var result = Simulation.RunSeeds(1, () => summary = KvSimulation.Run(Durability.AcknowledgeWhenOnAMajority), new SimulationRunOptions { ReplaySeed = 3, Parallelism = 1 });
        Assert.That(result.Failure, Is.Null);
        Assert.That(summary!.Acknowledged, Is.GreaterThan(10), "the client's writes go through before and after the failover");
        Assert.That(summary.NewPrimary, Is.AnyOf("http://kv2:8080", "http://kv3:8080"));
    }
}
