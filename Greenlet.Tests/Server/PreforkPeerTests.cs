using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Server;

/// <summary>
/// Prefork workers: samples/Prefork run as a parent with two worker processes sharing its listening socket. Under a
/// bounded load, a worker killed with SIGKILL is reported and comes back with a new pid while the other keeps serving;
/// SIGTERM to the parent lets a request in flight finish, stops every worker and exits 0.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class PreforkPeerTests : RealPeerTestBase
{
    private const int Clients = 2;
    private const int MaxRequests = 4000;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(90);

    /// <summary>The parent's standard output and error, line by line, as they come.</summary>
    private sealed class Lines
    {
        private readonly BlockingCollection<string> _output = [];
        private readonly ConcurrentQueue<string> _errors = new();

        public Lines(Process process)
        {
            // Dedicated threads, not the output events: the load keeps the thread pool's threads busy.
            Read(process.StandardOutput, _output.Add);
            Read(process.StandardError, _errors.Enqueue);
        }

        private static void Read(StreamReader reader, Action<string> add) =>
            new Thread(() =>
            {
                while (reader.ReadLine() is { } line)
                {
                    add(line);
                }
            })
            { IsBackground = true }.Start();

        public string Errors => string.Join("\n", _errors);

        public string WaitForOutput(string prefix)
        {
            var deadline = Stopwatch.StartNew();
            while (_output.TryTake(out var line, s_bound - deadline.Elapsed < TimeSpan.Zero ? TimeSpan.Zero : s_bound - deadline.Elapsed))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new TimeoutException($"no line starting with '{prefix}' from the parent; its errors:\n{Errors}");
        }

        public bool WaitForError(string text)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < s_bound)
            {
                if (_errors.Any(line => line.Contains(text, StringComparison.Ordinal)))
                {
                    return true;
                }

                Thread.Sleep(50);
            }

            return false;
        }
    }

    /// <summary>
    /// One GET on a new connection (so the kernel can give it to any worker), the way curl and Python's http.client send
    /// it; the pid that answered. Not HttpClient with <c>ConnectionClose</c>: it pools the connection all the same and
    /// sends its next request into the server's close (docs/scaling.md, "HttpClient, keep-alive and Connection: close").
    /// </summary>
    private static string Fetch(int port, string path = "/")
    {
        using var client = new System.Net.Sockets.TcpClient();
        client.ReceiveTimeout = 20_000;
        client.SendTimeout = 20_000;
        client.Connect(System.Net.IPAddress.Loopback, port);
        using var stream = client.GetStream();
        stream.Write(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        var response = reader.ReadToEnd();
        if (!response.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
        {
            throw new IOException($"not a 200 answer: '{response}'");
        }

        return response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Split(' ')[0];
    }

    private static Process StartParent()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Prefork.dll"), "prefork", "2" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(HubClock.EnvironmentVariable);
        start.Environment.Remove(PreforkWorkers.WorkerIndexVariable);
        return Process.Start(start)!;
    }

    [Test]
    public void AKilledWorkerComesBackWhileTheOtherServesAndSigtermStopsAllGracefully()
    {
        using var parent = StartParent();
        var lines = new Lines(parent);
        try
        {
            OffHub(() => KillAWorkerUnderLoadThenStop(parent, lines), timeoutSeconds: 4 * s_bound.TotalSeconds);
        }
        finally
        {
            if (!parent.HasExited)
            {
                parent.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool KillAWorkerUnderLoadThenStop(Process parent, Lines lines)
    {
        var port = int.Parse(lines.WaitForOutput("listening on ").Split(' ')[^1], CultureInfo.InvariantCulture);
        // Both workers up: their pids, from the answers, bounded in count and time. The second worker's runtime may
        // start a while after the first, which meanwhile takes every connection from the shared backlog.
        var workers = new HashSet<string>();
        var waiting = Stopwatch.StartNew();
        for (var i = 0; i < 3000 && workers.Count < 2 && waiting.Elapsed < s_bound; i++)
        {
            workers.Add(Fetch(port));
            Thread.Sleep(10); // not a measurement: spreads the tries over the second worker's start-up
        }

        Assert.That(workers, Has.Count.EqualTo(2), "both workers answer");
        var (victim, survivor) = (workers.First(), workers.Last());

        // The load: Clients sequential clients, bounded in count and time, recording who answered each request after the kill.
        var answers = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        var sequence = new ConcurrentQueue<string>();
        var killed = 0;
        var stopLoad = new CancellationTokenSource(s_bound);
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < MaxRequests / Clients && !stopLoad.IsCancellationRequested; i++)
            {
                try
                {
                    var pid = Fetch(port);
                    if (Volatile.Read(ref killed) == 1)
                    {
                        answers.Enqueue(pid);
                        sequence.Enqueue(pid);
                    }
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    failures.Enqueue($"{(Volatile.Read(ref killed) == 1 ? "after" : "before")} the kill: {e.InnerException?.Message ?? e.Message}");
                    sequence.Enqueue("X");
                }
            }
        })).ToArray();

        Thread.Sleep(200); // let the load start (not a measurement: only so the kill lands under load)
        Process.Start("kill", ["-KILL", victim])!.WaitForExit();
        Volatile.Write(ref killed, 1);

        // The parent starts a new worker. Both accept on one shared socket and whichever is free first takes each
        // connection, so the survivor may take them all; stopped for a moment (SIGSTOP), it leaves the backlog to the
        // new worker, which must answer.
        string? replacement = null;
        for (var waited = Stopwatch.StartNew(); replacement is null && waited.Elapsed < s_bound; Thread.Sleep(50))
        {
            replacement = System.Text.RegularExpressions.Regex.Matches(lines.Errors, @"worker \d+ started \(pid (\d+)\)")
                .Select(match => match.Groups[1].Value)
                .FirstOrDefault(pid => pid != victim && pid != survivor);
        }

        Assert.That(replacement, Is.Not.Null, $"the parent starts a new worker:\n{lines.Errors}");
        var isBack = false;
        Process.Start("kill", ["-STOP", survivor])!.WaitForExit();
        try
        {
            for (var waited = Stopwatch.StartNew(); !isBack && waited.Elapsed < s_bound; isBack = answers.Contains(replacement!))
            {
                Thread.Sleep(50); // polls the answers without taking a core from the workers
            }
        }
        finally
        {
            Process.Start("kill", ["-CONT", survivor])!.WaitForExit();
        }

        stopLoad.Cancel();
        Task.WaitAll(load);

        Assert.That(isBack, Is.True, $"a new worker answers after the kill; answers: {string.Join(",", answers.Distinct())}; parent:\n{lines.Errors}");
        Assert.That(answers, Does.Contain(survivor), "the other worker kept serving");
        Assert.That(answers, Does.Not.Contain(victim), "the killed worker answers nothing after the kill");
        Assert.That(failures.Count, Is.LessThanOrEqualTo(Clients), $"at most the requests in flight on the killed worker fail: {string.Join("; ", failures)} {string.Join(",", sequence)}\n{lines.Errors}");
        Assert.That(lines.WaitForError($"(pid {victim}) was killed by signal 9"), Is.True, $"the parent reports the kill:\n{lines.Errors}");

        // A request in flight when SIGTERM comes finishes; then every worker ends and the parent exits 0.
        var slow = Task.Run(() => Fetch(port, "/slow?seconds=2"));
        var slowPid = lines.WaitForOutput("slow request started on ").Split(' ')[^1];
        Process.Start("kill", ["-TERM", parent.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.That(slow.Wait(s_bound), Is.True);
        Assert.That(slow.Result, Is.EqualTo(slowPid), "the request in flight at SIGTERM was answered");
        Assert.That(parent.WaitForExit((int)s_bound.TotalMilliseconds), Is.True, "the parent stops within the stop timeout");
        parent.WaitForExit(); // the output readers drain
        Assert.That(parent.ExitCode, Is.Zero, lines.Errors);
        Assert.That(lines.Errors, Does.Contain("exited with code 0 while stopping"), "the workers stopped gracefully");
        Assert.That(System.Text.RegularExpressions.Regex.Matches(lines.Errors, "while stopping"), Has.Count.EqualTo(2), lines.Errors);
        return true;
    }
}
