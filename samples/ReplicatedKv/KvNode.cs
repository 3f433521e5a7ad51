using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Greenlets;

namespace ReplicatedKv;

/// <summary>How the primary acknowledges a write.</summary>
public enum Durability
{
    /// <summary>The planted bug: the primary answers once the write is in its own log, and replicates it afterwards.</summary>
    AcknowledgeBeforeReplicating,

    /// <summary>The fix: the primary answers once a replica has the write too (a majority of three: itself and one replica).</summary>
    AcknowledgeWhenOnAMajority,
}

/// <summary>
/// One node of a small replicated key-value store, over HTTP: a log of writes applied in order, served as
/// <c>PUT /kv/&lt;key&gt;</c> and <c>GET /kv/&lt;key&gt;</c> on the primary. The primary ships its log to each replica
/// (<c>POST /append</c>, one shipper greenlet per replica, in order); a replica applies what extends its log and
/// answers how long its log is. An operator promotes the replica with the longest log (<c>POST /promote</c>) when the
/// primary is lost. The same code runs on the real network and on the simulated one.
/// </summary>
public sealed partial class KvNode(string name, Durability durability)
{
    /// <summary>How long the primary waits for a replica before it refuses a write (503: not acknowledged).</summary>
    public const double ReplicationWaitSeconds = 0.5;

    /// <summary>How long a shipper gathers new writes before it sends them, so that a burst of writes travels as one batch.</summary>
    public const double ReplicationBatchSeconds = 0.005;

    private readonly List<(string Key, string Value)> _log = [];
    private readonly Dictionary<string, string> _store = new(StringComparer.Ordinal);
    private readonly Event _logGrew = new();
    private readonly Event _replicaAcknowledged = new();
    private int[] _replicaLength = [];

    /// <summary>The node's name, for the trace.</summary>
    public string Name { get; } = name;

    /// <summary>Whether the node takes writes.</summary>
    public bool IsPrimary { get; private set; }

    /// <summary>How many writes the node's log holds.</summary>
    public int LogLength => _log.Count;

    /// <summary>The node's HTTP server on <paramref name="host"/>:<paramref name="port"/>, not started.</summary>
    public HttpServer CreateServer(string host, int port) =>
        new(host, port, new HttpRouter()
            .Map("PUT", "/kv/<key>", Put)
            .MapGet("/kv/<key>", Get)
            .MapGet("/dump", Dump)
            .MapGet("/status", Status)
            .MapPost("/append", Append)
            .MapPost("/promote", Promote))
        {
            AccessLog = null,
            ConnectionLog = null,
        };

    /// <summary>Makes this node the primary, shipping its log to <paramref name="replicaUrls"/>.</summary>
    public void BecomePrimary(IReadOnlyList<string> replicaUrls)
    {
        IsPrimary = true;
        _replicaLength = new int[replicaUrls.Count];
        for (var i = 0; i < replicaUrls.Count; i++)
        {
            Greenlet.Spawn(Ship, i, replicaUrls[i]);
        }
    }

    [Greenlet]
    private HttpBody Put(HttpRequest request, HttpResponse response)
    {
        if (!IsPrimary)
        {
            response.StatusCode = 503;
            return "not the primary";
        }

        var key = request.RouteValues["key"];
        var value = request.ReadText();
        Apply(key, value);
        var index = _log.Count;
        _logGrew.Set();
        if (durability == Durability.AcknowledgeWhenOnAMajority && !WaitForAReplica(index))
        {
            response.StatusCode = 503;
            return "no replica has the write yet: not acknowledged";
        }

        return index.ToString(CultureInfo.InvariantCulture);
    }

    [Greenlet]
    private bool WaitForAReplica(int index)
    {
        var giveUpAt = Hub.Current.Now.TotalSeconds + ReplicationWaitSeconds;
        while (_replicaLength.Max() < index)
        {
            // Give up when a wait times out, not when the clock passes giveUpAt: a remainder shorter than the clock's
            // tick would wait for nothing and spin without time moving.
            _replicaAcknowledged.Clear();
            if (!_replicaAcknowledged.Wait(Math.Max(0, giveUpAt - Hub.Current.Now.TotalSeconds)))
            {
                return _replicaLength.Max() >= index;
            }
        }

        return true;
    }

    private HttpBody Get(HttpRequest request, HttpResponse response)
    {
        if (_store.TryGetValue(request.RouteValues["key"], out var value))
        {
            return value;
        }

        response.StatusCode = 404;
        return "no such key";
    }

    private HttpBody Dump(HttpRequest request, HttpResponse response)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _store)
        {
            text.Append(key).Append('\t').Append(value).Append('\n');
        }

        return text.ToString();
    }

    private HttpBody Status(HttpRequest request, HttpResponse response) => _log.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A replica's side of shipping: entries "index\tkey\tvalue", applied when they extend the log.</summary>
    [Greenlet]
    private HttpBody Append(HttpRequest request, HttpResponse response)
    {
        foreach (var line in request.ReadText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (int.Parse(fields[0], CultureInfo.InvariantCulture) == _log.Count + 1)
            {
                Apply(fields[1], fields[2]);
            }
        }

        return _log.Count.ToString(CultureInfo.InvariantCulture);
    }

    [Greenlet]
    private HttpBody Promote(HttpRequest request, HttpResponse response)
    {
        var replicas = request.ReadText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        BecomePrimary(replicas);
        Simulation.Record($"{Name} promoted with {_log.Count} writes");
        return _log.Count.ToString(CultureInfo.InvariantCulture);
    }

    private void Apply(string key, string value)
    {
        _log.Add((key, value));
        _store[key] = value;
    }

    /// <summary>Ships the log to one replica, in order, for as long as the node lives.</summary>
    [Greenlet]
    private void Ship(int replica, string url)
    {
        using var client = new GreenHttpClient { TotalTimeout = 1 };
        while (true)
        {
            while (_replicaLength[replica] >= _log.Count)
            {
                _logGrew.Clear();
                _logGrew.Wait();
            }

            Greenlet.Sleep(Simulation.Buggify() ? 0.05 : ReplicationBatchSeconds); // gather a batch (longer in some seeds: a busy primary)

            var batch = new StringBuilder();
            for (var index = _replicaLength[replica] + 1; index <= _log.Count; index++)
            {
                var (key, value) = _log[index - 1];
                batch.Append(CultureInfo.InvariantCulture, $"{index}\t{key}\t{value}\n");
            }

            try
            {
                using var answer = client.Post($"{url}/append", batch.ToString());
                var length = int.Parse(answer.EnsureSuccessStatusCode().ReadAsString(), CultureInfo.InvariantCulture);
                _replicaLength[replica] = Math.Max(_replicaLength[replica], length);
                _replicaAcknowledged.Set();
            }
            catch (Exception failure) when (failure is not (GreenletExit or GreenTimeout) && IsNetworkFailure(failure))
            {
                Greenlet.Sleep(0.1); // the replica is unreachable: try again
            }
        }
    }

    /// <summary>Whether <paramref name="failure"/> is the network's doing (refused, reset, timed out), which callers retry or give up on.</summary>
    public static bool IsNetworkFailure(Exception failure) =>
        failure is IOException or SocketException or GreenHttpException or GreenHttpTimeoutException or GreenHttpProtocolException;
}
