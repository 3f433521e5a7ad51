using Greenlets;

namespace ReplicatedKv;

/// <summary>
/// The same nodes, client and failover on the real network (three servers on loopback ports in this process): write
/// for a second, crash the primary (its server stops), promote the replica with the longest log, check the writes.
/// On a quiet loopback the buggy version rarely loses a write here; the simulation is what finds it.
/// </summary>
public static partial class RealNetworkDemo
{
    /// <summary>Runs the demo; returns the process exit code.</summary>
    public static int Run(Durability durability, int firstPort)
    {
        var urls = Enumerable.Range(0, 3).Select(i => $"http://127.0.0.1:{firstPort + i}").ToArray();
        var nodes = Enumerable.Range(0, 3).Select(i => new KvNode($"kv{i + 1}", durability)).ToArray();
        var servers = Enumerable.Range(0, 3).Select(i => nodes[i].CreateServer("127.0.0.1", firstPort + i)).ToArray();
        foreach (var server in servers)
        {
            server.Start();
        }

        nodes[0].BecomePrimary(urls[1..]);
        var view = new ClusterView(urls[0]);
        var acknowledged = Greenlet.Spawn(KvCluster.Write, view, Hub.Current.Now.TotalSeconds + 1, new Random(1), 2000).Get();
        Console.WriteLine($"{durability}: {acknowledged.Count} writes acknowledged by {urls[0]}");
        servers[0].Stop(); // the primary crashes
        var promoted = Greenlet.Spawn(KvCluster.FailOver, view, (IReadOnlyList<string>)urls[1..]).Get();
        Console.WriteLine($"failed over to {promoted}");
        try
        {
            Greenlet.Spawn(KvCluster.CheckAcknowledgedWritesSurvived, promoted, acknowledged).Get();
            Console.WriteLine("every acknowledged write survived the failover");
            return 0;
        }
        catch (LostWriteException lost)
        {
            Console.WriteLine(lost.Message);
            return 1;
        }
    }
}
