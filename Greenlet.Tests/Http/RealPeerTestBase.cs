using System.Diagnostics;
using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.Http;

/// <summary>
/// For tests whose peer is a real client in another thread or process (curl, nc, ab, HttpClient): the hub runs on
/// the real clock, so the server's timeouts do not jump ahead while the peer starts up. Nothing here asserts a duration.
/// </summary>
public abstract class RealPeerTestBase : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Monotonic();

    private const double DefaultOffHubTimeoutSeconds = 30;

    /// <summary>
    /// Runs <paramref name="work"/> on a thread-pool thread while the main greenlet keeps the hub running, and returns
    /// its result. The other thread wakes the hub through a pipe the hub waits on, so no Task touches the hub.
    /// </summary>
    protected static T OffHub<T>(Func<T> work, double timeoutSeconds = DefaultOffHubTimeoutSeconds)
    {
        using var pipe = new Pipe();
        var task = Task.Run(() =>
        {
            try
            {
                return work();
            }
            finally
            {
                pipe.Write(1);
            }
        });
        // The byte is written in the work's finally block, a moment before the Task itself completes: wait for the
        // byte, not for IsCompleted, which may still be false when the hub wakes.
        while (pipe.Read() < 0)
        {
            if (!GreenIo.WaitRead(pipe.ReadFd, timeoutSeconds))
            {
                throw new TimeoutException($"the work off the hub did not finish within {timeoutSeconds} s");
            }
        }

        GreenIo.CancelWaits(pipe.ReadFd); // the hub must forget the descriptor before it is closed and its number reused
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs a program to its end, off the hub, with a bounded run time; returns its exit code and stdout.</summary>
    protected static (int ExitCode, string Output, string Errors) RunProgram(string file, params string[] arguments) => OffHub(() =>
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result, errors.Result);
    });

    /// <summary>A loopback port free a moment ago, for a peer that must be told its port (it may be taken again in between).</summary>
    protected static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts <paramref name="server"/> on 127.0.0.1 with its access log collected in <see cref="AccessLog"/>.</summary>
    [SetUp]
    public void ClearAccessLog() => (AccessLog, ConnectionLog) = (new StringWriter(), new StringWriter());

    [TearDown]
    public void DisposeAccessLog()
    {
        AccessLog.Dispose();
        ConnectionLog.Dispose();
    }

    protected HttpServer Serve(HttpServer server)
    {
        server.AccessLog = AccessLog;
        server.ConnectionLog = ConnectionLog;
        server.Start();
        return server;
    }

    protected StringWriter AccessLog { get; private set; } = new();

    /// <summary>The served server's connection log (its level is the server's, information unless a test lowers it).</summary>
    protected StringWriter ConnectionLog { get; private set; } = new();

    /// <summary>The connection log's lines so far.</summary>
    protected string[] ConnectionLogLines() => ConnectionLog.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
