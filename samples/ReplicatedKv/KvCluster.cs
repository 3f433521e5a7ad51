using System.Globalization;
using System.Text;
using Greenlets;

namespace ReplicatedKv;

/// <summary>Where the client sends writes: what a configuration service would tell it. The operator changes it at a failover.</summary>
public sealed class ClusterView(string primaryUrl)
{
    /// <summary>The primary's base URL.</summary>
    public string PrimaryUrl { get; set; } = primaryUrl;
}

/// <summary>What one run did.</summary>
/// <param name="Acknowledged">Writes the primary acknowledged.</param>
/// <param name="NewPrimary">The node promoted at the failover.</param>
public sealed record KvRunSummary(int Acknowledged, string NewPrimary);

/// <summary>
/// The parts of the store's world that are not the store: the client that writes, the operator that fails the
/// primary over, and the check that every acknowledged write survived. Used by the simulation and by the
/// real-network demo alike.
/// </summary>
public static partial class KvCluster
{
    /// <summary>Writes <c>k1=v1</c>, <c>k2=v2</c>, ... to the primary until <paramref name="untilSeconds"/> on the hub's clock; returns the acknowledged ones.</summary>
    [Greenlet]
    public static Dictionary<string, string> Write(ClusterView view, double untilSeconds, Random random, int maxWrites)
    {
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal);
        using var client = new GreenHttpClient { TotalTimeout = 1 };
        for (var i = 1; i <= maxWrites && Hub.Current.Now.TotalSeconds < untilSeconds; i++)
        {
            var (key, value) = ($"k{i}", $"v{i}");
            try
            {
                using var answer = client.Put($"{view.PrimaryUrl}/kv/{key}", Encoding.UTF8.GetBytes(value), "text/plain");
                var text = answer.ReadAsString();
                if (answer.IsSuccessStatusCode)
                {
                    acknowledged[key] = value;
                    Simulation.Record($"client: {key} acknowledged as write {text}");
                }
            }
            catch (Exception failure) when (failure is not (GreenletExit or GreenTimeout) && KvNode.IsNetworkFailure(failure))
            {
                Simulation.Record($"client: {key} not acknowledged ({failure.GetType().Name})");
            }

            if (random.NextDouble() < 0.3)
            {
                Greenlet.Sleep(random.NextDouble() * 0.5); // think time, now and then; bursts of writes otherwise
            }
        }

        return acknowledged;
    }

    /// <summary>
    /// The operator's failover: promote the replica with the longest log, telling it about the other replicas, and
    /// point the client at it. Returns the promoted replica's URL.
    /// </summary>
    [Greenlet]
    public static string FailOver(ClusterView view, IReadOnlyList<string> replicaUrls)
    {
        using var client = new GreenHttpClient { TotalTimeout = 1 };
        var best = replicaUrls[0];
        var bestLength = -1;
        foreach (var url in replicaUrls)
        {
            var length = int.Parse(client.Get($"{url}/status").EnsureSuccessStatusCode().ReadAsString(), CultureInfo.InvariantCulture);
            if (length > bestLength)
            {
                (best, bestLength) = (url, length);
            }
        }

        var others = string.Join('\n', replicaUrls.Where(url => url != best));
        client.Post($"{best}/promote", others).EnsureSuccessStatusCode().ReadBody();
        view.PrimaryUrl = best;
        return best;
    }

    /// <summary>Reads every key from <paramref name="url"/> and fails if an acknowledged write is missing or different.</summary>
    [Greenlet]
    public static void CheckAcknowledgedWritesSurvived(string url, Dictionary<string, string> acknowledged)
    {
        using var client = new GreenHttpClient { TotalTimeout = 5 };
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in client.Get($"{url}/dump").EnsureSuccessStatusCode().ReadAsString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            stored[line[..tab]] = line[(tab + 1)..];
        }

        var lost = acknowledged.Where(write => !stored.TryGetValue(write.Key, out var value) || value != write.Value).Select(write => write.Key).ToList();
        if (lost.Count > 0)
        {
            Simulation.Record($"lost acknowledged write(s) {string.Join(',', lost)} on {url}");
            throw new LostWriteException($"Lost acknowledged write(s) {string.Join(", ", lost)}: {url} does not have them after the failover.");
        }
    }
}

/// <summary>An acknowledged write is not in the store after a failover.</summary>
public sealed class LostWriteException(string message) : Exception(message);
