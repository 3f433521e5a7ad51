using System.Text;
using Greenlets;

namespace Distributed;

/// <summary>
/// Hands numbered tasks to workers over ZeroMQ and collects each result exactly once. Workers connect a DEALER
/// socket to this ROUTER and ask for one task at a time ("ready"); a task not answered within the task timeout is
/// sent again to another worker, so a worker that dies or stalls loses nothing; a second answer to a task already
/// answered (from the slow worker, after the re-send) is dropped.
/// </summary>
public sealed partial class Coordinator(ZmqContext context, int taskCount, GreenDuration taskTimeout) : IDisposable
{
    private readonly ZmqSocket _router = context.Socket(ZmqSocketType.Router);
    private readonly GreenQueue<int> _pending = new();
    private readonly GreenQueue<byte[]> _idleWorkers = new();
    private readonly Dictionary<int, TimeSpan> _inFlight = [];
    private readonly Dictionary<int, long> _results = [];
    private readonly HashSet<string> _workers = [];
    private readonly Event _allDone = new();

    /// <summary>Each task's result, by task number, once all are in.</summary>
    public IReadOnlyDictionary<int, long> Results => _results;

    /// <summary>How many times a task was sent again after its timeout.</summary>
    public int Resent { get; private set; }

    /// <summary>How many answers came for tasks already answered, and were dropped.</summary>
    public int DuplicatesDropped { get; private set; }

    /// <summary>Called after each new result, with the number of results so far.</summary>
    public Action<int>? Progress { get; init; }

    /// <summary>Binds the ROUTER socket (for example <c>tcp://*:5555</c>, or <c>tcp://127.0.0.1:0</c> for a free port); returns the endpoint workers connect to.</summary>
    public string Bind(string endpoint)
    {
        if (endpoint.EndsWith(":0", StringComparison.Ordinal))
        {
            var address = endpoint[..^2];
            return $"{address}:{_router.BindToRandomPort(address)}";
        }

        _router.Bind(endpoint);
        return endpoint;
    }

    /// <summary>Runs until every task has a result, then tells each worker that asks for more to stop.</summary>
    [Greenlet]
    public void Run(GreenDuration? timeout = null)
    {
        for (var task = 0; task < taskCount; task++)
        {
            _pending.Put(task);
        }

        var helpers = new[] { Greenlet.Spawn(Receive), Greenlet.Spawn(Dispatch), Greenlet.Spawn(SendAgainAfterTimeout) };
        try
        {
            if (!_allDone.Wait(timeout))
            {
                throw new TimeoutException($"{_results.Count} of {taskCount} results after {timeout}");
            }

            // Workers asking for more are told to stop; the ones that are gone never ask.
            Greenlet.KillAll([helpers[1], helpers[2]]);
            var stopDeadline = Hub.Current.Now + TimeSpan.FromSeconds(1);
            while (_idleWorkers.Get(timeout: Math.Max(0, (stopDeadline - Hub.Current.Now).TotalSeconds)) is { } worker)
            {
                _router.SendMultipart([worker, "stop"u8.ToArray()]);
            }
        }
        catch (QueueEmptyException)
        {
            // Every worker that is still there has been told.
        }
        finally
        {
            Greenlet.KillAll(helpers);
        }
    }

    [Greenlet]
    private void Receive()
    {
        while (true)
        {
            var frames = _router.RecvMultipart();
            var worker = frames[0];
            _workers.Add(Convert.ToHexString(worker));
            switch (Encoding.ASCII.GetString(frames[1]))
            {
                case "ready":
                    _idleWorkers.Put(worker);
                    break;
                case "result":
                    var task = int.Parse(Encoding.ASCII.GetString(frames[2]));
                    _inFlight.Remove(task);
                    if (!_results.TryAdd(task, long.Parse(Encoding.ASCII.GetString(frames[3]))))
                    {
                        DuplicatesDropped++;
                        break;
                    }

                    Progress?.Invoke(_results.Count);
                    if (_results.Count == taskCount)
                    {
                        _allDone.Set();
                    }

                    break;
            }
        }
    }

    [Greenlet]
    private void Dispatch()
    {
        while (true)
        {
            var task = _pending.Get();
            if (_results.ContainsKey(task))
            {
                continue; // answered by the worker it was first sent to, after all
            }

            var worker = _idleWorkers.Get();
            _inFlight[task] = Hub.Current.Now + TimeSpan.FromSeconds(taskTimeout.Seconds);
            _router.SendMultipart([worker, "task"u8.ToArray(), Encoding.ASCII.GetBytes(task.ToString())]);
        }
    }

    [Greenlet]
    private void SendAgainAfterTimeout()
    {
        while (true)
        {
            Greenlet.Sleep(taskTimeout.Seconds / 4);
            var now = Hub.Current.Now;
            foreach (var task in _inFlight.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
            {
                _inFlight.Remove(task);
                Resent++;
                _pending.Put(task);
            }
        }
    }

    /// <summary>How many distinct workers have spoken.</summary>
    public int WorkersSeen => _workers.Count;

    public void Dispose() => _router.Close(TimeSpan.Zero);
}
