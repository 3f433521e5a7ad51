using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Tour;

/// <summary>
/// The fetch example's peer: a tiny JSON time endpoint on 127.0.0.1, served by HttpListener on its own threads
/// (it stands for a remote server, so it is not the hub's code). As in the reference run it is deterministic: the
/// Nth response carries <c>2013-01-17T12:00:NNZ</c>, and each pid has a fixed "server load" latency. Requests that
/// arrive while others are in flight count their latency from when the first of them arrived, and are answered
/// strictly in the order of their deadlines, one response written before the next is numbered, and at least
/// <see cref="s_minimumGap"/> apart: so the concurrent answers follow the latencies, not the jitter of opening nine
/// connections or of a busy machine's timers.
/// </summary>
public sealed class TimeJsonServer : IDisposable
{
    // Seconds of server-side latency for each pid (1..9), as in reference/fetch.py.
    private static readonly Dictionary<int, double> s_latency = new()
    {
        [1] = 0.075,
        [2] = 0.150,
        [3] = 0.025,
        [4] = 0.200,
        [5] = 0.125,
        [6] = 0.225,
        [7] = 0.050,
        [8] = 0.175,
        [9] = 0.100,
    };

    /// <summary>The least time between two answers, so the client sees them in the order they were sent.</summary>
    private static readonly TimeSpan s_minimumGap = TimeSpan.FromMilliseconds(10);

    private readonly HttpListener _listener;
    private readonly Task _serving;
    private readonly object _lock = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly SortedSet<(long Deadline, int Arrival)> _pending = [];
    private List<TaskCompletionSource> _turnWaiters = [];
    private long _busySince;
    private long _lastAnswer;
    private int _arrivals;
    private int _requestCount;

    private TimeJsonServer(HttpListener listener, string url)
    {
        _listener = listener;
        Url = url;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The endpoint, <c>http://127.0.0.1:&lt;port&gt;/time.json</c>.</summary>
    public string Url { get; }

    /// <summary>Starts the server on a free loopback port.</summary>
    public static TimeJsonServer Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new TimeJsonServer(listener, $"http://127.0.0.1:{port}/time.json");
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // another process took the port between the probe and the bind
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var pid = int.Parse(HttpUtility.ParseQueryString(context.Request.Url!.Query)["pid"]!);
        (long Deadline, int Arrival) me;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                _busySince = _time.GetTimestamp();
            }

            me = (_busySince + (long)(s_latency[pid] * _time.TimestampFrequency), ++_arrivals);
            _pending.Add(me);
        }

        var untilDeadline = _time.GetElapsedTime(_time.GetTimestamp(), me.Deadline);
        if (untilDeadline > TimeSpan.Zero)
        {
            await Task.Delay(untilDeadline).ConfigureAwait(false);
        }

        int number;
        TimeSpan sinceLast;
        while (true)
        {
            Task turn;
            lock (_lock)
            {
                if (_pending.Min == me)
                {
                    number = ++_requestCount;
                    sinceLast = _time.GetElapsedTime(_lastAnswer);
                    break;
                }

                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _turnWaiters.Add(waiter);
                turn = waiter.Task;
            }

            await turn.ConfigureAwait(false);
        }

        if (number > 1 && sinceLast < s_minimumGap)
        {
            await Task.Delay(s_minimumGap - sinceLast).ConfigureAwait(false);
        }

        var body = Encoding.ASCII.GetBytes($"{{\"datetime\": \"2013-01-17T12:00:{number:00}Z\"}}");
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();

        List<TaskCompletionSource> waiters;
        lock (_lock)
        {
            _pending.Remove(me);
            _lastAnswer = _time.GetTimestamp();
            (waiters, _turnWaiters) = (_turnWaiters, []);
        }

        waiters.ForEach(waiter => waiter.SetResult());
    }

    /// <summary>Stops listening and waits for the accept loop to end.</summary>
    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
