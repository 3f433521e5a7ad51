using System.Diagnostics;
using System.Globalization;
using System.Net;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Server;

/// <summary>
/// Servers on every core: <c>Workers = 2</c> runs two hubs with a SO_REUSEPORT listener each (or one shared socket),
/// and connections from a real client reach both; a socket handed over as systemd hands it (fd 3, LISTEN_FDS=1,
/// LISTEN_PID) serves curl from a child process.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class ServerWorkersPeerTests : RealPeerTestBase
{
    private const int Connections = 64;

    private static HttpBody AnswerHubIndex(HttpRequest request, HttpResponse response) =>
        HubGroup.CurrentIndex?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>One request per connection, from a thread-pool client: the body of each answer.</summary>
    private static List<string> FetchOnNewConnections(int port) => OffHub(() =>
    {
        var answers = new List<string>();
        for (var i = 0; i < Connections; i++)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
            request.Headers.ConnectionClose = true;
            using var response = client.Send(request);
            answers.Add(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }

        return answers;
    });

    private static void StopAndServeOut(HttpServer server)
    {
        server.Stop();
        server.ServeForever(); // returns once every hub has ended
    }

    [Test]
    public void ConnectionsSpreadOverTheHubsOfAnHttpServerWithTwoWorkers()
    {
        var server = new HttpServer("127.0.0.1", 0, AnswerHubIndex) { Workers = 2, AccessLog = null, ConnectionLog = null };
        server.Start();

        var answers = FetchOnNewConnections(server.Port);
        StopAndServeOut(server);

        Assert.That(answers, Has.Count.EqualTo(Connections));
        Assert.That(answers.Distinct().Order(), Is.EqualTo(new[] { "0", "1" }), "every answer from a hub of the group, and both hubs answered");
    }

    [Test]
    public void TwoWorkersShareAListeningSocketGivenBoundAlready()
    {
        var listener = new GreenSocket { ReuseAddress = true };
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var server = new HttpServer(listener, AnswerHubIndex) { Workers = 2, AccessLog = null, ConnectionLog = null };
        server.Start();

        var answers = FetchOnNewConnections(server.Port);
        StopAndServeOut(server);

        Assert.That(answers, Has.Count.EqualTo(Connections));
        Assert.That(answers.Distinct().Order(), Is.SubsetOf(new[] { "0", "1" }), "every answer from a hub of the group");
        Assert.That(listener.IsClosed, Is.True, "the server closes the socket it was given when it stops");
    }

    [Greenlet]
    private static void WriteHubIndex(GreenSocket socket, IPEndPoint peer) =>
        socket.SendAll(System.Text.Encoding.ASCII.GetBytes(HubGroup.CurrentIndex?.ToString(CultureInfo.InvariantCulture) ?? "none"));

    [Test]
    public void ConnectionsSpreadOverTheHubsOfAStreamServerWithTwoWorkers()
    {
        var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), WriteHubIndex) { Workers = 2 };
        server.Start();
        var port = server.Address.Port;

        var answers = OffHub(() => Enumerable.Range(0, Connections).Select(_ =>
        {
            using var client = new System.Net.Sockets.TcpClient("127.0.0.1", port);
            using var reader = new StreamReader(client.GetStream());
            return reader.ReadToEnd();
        }).ToList());
        server.Stop();
        server.ServeForever();

        Assert.That(answers.Distinct().Order(), Is.EqualTo(new[] { "0", "1" }));
    }

    [Test]
    public void ServesCurlOnASocketPassedAsSystemdPassesIt()
    {
        // python3 plays systemd: it binds, puts the socket on fd 3, sets LISTEN_FDS and LISTEN_PID (its own pid, which
        // exec keeps), and execs the sample.
        var sample = Path.Combine(AppContext.BaseDirectory, "Prefork.dll");
        const string Activate = "import os, socket, sys\n"
            + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "s.bind(('127.0.0.1', 0)); s.listen(64); print(s.getsockname()[1], flush=True)\n"
            + "fd = s.fileno()\n"
            + "if fd != 3: os.dup2(fd, 3)\n"
            + "os.set_inheritable(3, True); os.environ['LISTEN_FDS'] = '1'; os.environ['LISTEN_PID'] = str(os.getpid())\n"
            + "os.execvp('dotnet', ['dotnet', sys.argv[1], 'systemd'])\n";
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", Activate, sample })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(HubClock.EnvironmentVariable);
        using var child = Process.Start(start)!;
        try
        {
            var port = OffHub(() => child.StandardOutput.ReadLine());
            var answers = Enumerable.Range(0, 8).Select(_ => RunProgram("curl", "--max-time", "20", "-s", "-S", $"http://127.0.0.1:{port}/")).ToList();

            Assert.That(answers.Select(a => a.ExitCode), Is.All.Zero, string.Join("\n", answers.Select(a => a.Errors)));
            Assert.That(answers.Select(a => a.Output).Distinct().Select(a => a.Split(' ')[0]), Is.All.EqualTo(child.Id.ToString(CultureInfo.InvariantCulture)),
                "answered by the activated process itself (LISTEN_PID matched)");
            Assert.That(answers.Select(a => a.Output.Split(' ')[1]), Is.All.AnyOf("0", "1"));
        }
        finally
        {
            child.Kill();
            child.WaitForExit(10_000);
        }
    }
}
