using Greenlets;

namespace ReplicatedKv;

/// <summary>
/// The store in deterministic simulation: three nodes (kv1 the primary, kv2 and kv3 its replicas), a client and an
/// operator, each on a host of a <see cref="SimulatedNetwork"/>. At a time drawn from the seed the operator cuts kv1
/// off from everyone for good (a partition, or a crash as seen from outside) and fails over to the replica with the
/// longest log; at the end every write the client saw acknowledged must be on the new primary.
/// With <see cref="Durability.AcknowledgeBeforeReplicating"/> a write acknowledged just before the cut is lost.
/// </summary>
public static partial class KvSimulation
{
    /// <summary>The port every node listens on.</summary>
    public const int Port = 8080;

    /// <summary>The simulated time a run lasts unless told otherwise.</summary>
    public const double DefaultSeconds = 3;

    /// <summary>
    /// One run, under the simulation installed on this thread (<see cref="Simulation.RunSeeds(int, Action, SimulationRunOptions?)"/>
    /// installs one per seed). Throws <see cref="LostWriteException"/> when an acknowledged write is lost.
    /// </summary>
    /// <param name="durability">Which version of the primary runs.</param>
    /// <param name="simulatedSeconds">How long the client writes, on the simulated clock.</param>
    public static KvRunSummary Run(Durability durability, double simulatedSeconds = DefaultSeconds)
    {
        var simulation = Simulation.Current ?? throw new InvalidOperationException("Run it under Simulation.Install(seed) or Simulation.RunSeeds.");
        var random = new Random(simulation.Seed); // the scenario's own choices (think times, the failover's time), fixed by the seed
        var network = new SimulatedNetwork();
        using var installed = network.Install();
        string[] names = ["kv1", "kv2", "kv3"];
        var replicaUrls = names[1..].Select(name => $"http://{name}:{Port}").ToArray();
        foreach (var name in names)
        {
            var node = new KvNode(name, durability);
            network.AddHost(name).Adopt(Greenlet.Spawn(Serve, node, name == "kv1" ? replicaUrls : []));
        }

        var view = new ClusterView($"http://kv1:{Port}");
        var clientHost = network.AddHost("client");
        var writer = clientHost.Adopt(Greenlet.Spawn(KvCluster.Write, view, simulatedSeconds, random, int.MaxValue));
        var failoverAt = 0.05 + (random.NextDouble() * simulatedSeconds * 0.8);
        var failover = network.AddHost("operator").Adopt(Greenlet.Spawn(CutThePrimaryAndFailOver, network, view, failoverAt, replicaUrls));

        var acknowledged = writer.Get();
        var newPrimary = failover.Get();
        Simulation.Record($"check: kv1 cut off at {failoverAt:F6} s, {newPrimary} promoted, {acknowledged.Count} writes acknowledged");
        clientHost.Adopt(Greenlet.Spawn(KvCluster.CheckAcknowledgedWritesSurvived, newPrimary, acknowledged)).Get();
        return new KvRunSummary(acknowledged.Count, newPrimary);
    }

    /// <summary>Runs <paramref name="seeds"/> seeds from <paramref name="firstSeed"/> in parallel; the result names the lowest failing one.</summary>
    public static SimulationRunResult Explore(Durability durability, int seeds, int firstSeed = 0, double simulatedSeconds = DefaultSeconds, int? parallelism = null) =>
        Simulation.RunSeeds(seeds, () => Run(durability, simulatedSeconds), new SimulationRunOptions
        {
            FirstSeed = firstSeed,
            Parallelism = parallelism ?? Environment.ProcessorCount,
            TraceCapacity = 48,
        });

    [Greenlet]
    private static void Serve(KvNode node, string[] replicaUrls)
    {
        if (replicaUrls.Length > 0)
        {
            node.BecomePrimary(replicaUrls);
        }

        using var server = node.CreateServer(string.Empty, Port);
        server.ServeForever();
    }

    [Greenlet]
    private static string CutThePrimaryAndFailOver(SimulatedNetwork network, ClusterView view, double atSeconds, string[] replicaUrls)
    {
        Greenlet.Sleep(atSeconds);
        network.Isolate(network["kv1"]);
        Simulation.Record("operator: kv1 cut off; failing over");
        var promoted = KvCluster.FailOver(view, replicaUrls);
        Simulation.Record($"operator: {promoted} is the primary");
        return promoted;
    }
}
