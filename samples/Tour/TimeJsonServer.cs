using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Tour;

/// <summary>
/// The fetch example's peer: a tiny JSON time endpoint on 127.0.0.1, served by HttpListener on its own threads
/// (it stands for a remote server, so it is not the hub's code). As in the reference run it is deterministic: the
/// Nth response carries <c>2013-01-17T12:00:NNZ</c>, and each pid has a fixed "server load" latency. Requests that
/// arrive while others are in flight count their latency from when the first of them arrived, so the order of the
/// concurrent answers follows the latencies, not the jitter of opening nine connections.
/// </summary>
public sealed class TimeJsonServer : IDisposable
{
    // Seconds of server-side latency for each pid (1..9), as in reference/fetch.py.
    static readonly Dictionary<int, double> Latency = new()
    {
        [1] = 0.075, [2] = 0.150, [3] = 0.025, [4] = 0.200, [5] = 0.125, [6] = 0.225, [7] = 0.050, [8] = 0.175, [9] = 0.100,
    };

    readonly HttpListener _listener;
    readonly Task _serving;
    readonly object _lock = new();
    readonly TimeProvider _time = TimeProvider.System;
    long _busySince;
    int _inFlight;
    int _requestCount;

    TimeJsonServer(HttpListener listener, string url)
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

    static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    async Task ServeAsync()
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

    async Task AnswerAsync(HttpListenerContext context)
    {
        var pid = int.Parse(HttpUtility.ParseQueryString(context.Request.Url!.Query)["pid"]!);
        long busySince;
        lock (_lock)
        {
            if (_inFlight++ == 0)
            {
                _busySince = _time.GetTimestamp();
            }

            busySince = _busySince;
        }

        var remaining = TimeSpan.FromSeconds(Latency[pid]) - _time.GetElapsedTime(busySince);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining).ConfigureAwait(false);
        }

        byte[] body;
        lock (_lock)
        {
            _inFlight--;
            body = Encoding.ASCII.GetBytes($"{{\"datetime\": \"2013-01-17T12:00:{++_requestCount:00}Z\"}}");
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    /// <summary>Stops listening and waits for the accept loop to end.</summary>
    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
