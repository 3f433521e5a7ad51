using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>
/// Starting, stopping and capping the HTTP server, with green-socket clients on the same hub and the virtual clock:
/// stop lets a request in progress finish and then closes its connection, a killed ServeForever stops the server,
/// and the connection cap holds a further client in the backlog until a connection closes.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HttpServerLifecycleTests : HubTestBase
{
    [Greenlet]
    private static HttpBody Slow(HttpRequest request, HttpResponse response)
    {
        Greenlet.Sleep(1);
        return "done";
    }

    [Greenlet]
    private static void ServeForever(HttpServer server) => server.ServeForever();

    /// <summary>Sends one GET and reads until the peer closes or <paramref name="until"/> has arrived.</summary>
    [Greenlet]
    private static string Get(int port, string until, bool keepAlive)
    {
        using var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port));
        client.Timeout = 30;
        client.SendAll($"GET / HTTP/1.1\r\nHost: x\r\n{(keepAlive ? "" : "Connection: close\r\n")}\r\n");
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(until, StringComparison.Ordinal))
        {
            var count = client.RecvInto(buffer);
            if (count == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        // Keep-alive: after the response, the server closes the connection only if it is stopping.
        if (keepAlive && received.ToString().Contains(until, StringComparison.Ordinal))
        {
            received.Append(client.RecvInto(buffer) == 0 ? "[closed]" : "[more]");
        }

        return received.ToString();
    }

    [Test]
    public void StopLetsTheRequestInProgressFinishThenClosesItsKeptAliveConnection()
    {
        using var server = new HttpServer("127.0.0.1", 0, Slow) { AccessLog = null };
        server.Start();
        var client = Greenlet.Spawn(Get, server.Port, "done", true);
        Greenlet.Sleep(0.5); // the handler is asleep mid-request

        server.Stop(timeout: 5);

        Assert.That(client.Get(), Does.StartWith("HTTP/1.1 200 OK").And.EndWith("done[closed]").And.Contain("\r\nConnection: close\r\n"), "the head says the connection closes");
        Assert.That(Now, Is.EqualTo(1).Within(0.1), "the stop waited for the handler, not for its whole timeout");
        Assert.That(server.ConnectionCount, Is.Zero);
    }

    [Test]
    public void StopWithoutATimeoutKillsTheRequestInProgress()
    {
        using var server = new HttpServer("127.0.0.1", 0, Slow) { AccessLog = null };
        server.Start();
        var client = Greenlet.Spawn(Get, server.Port, "done", false);
        Greenlet.Sleep(0.5);

        server.Stop();

        Assert.That(client.Get(), Is.Empty, "the connection closed without a response");
        Assert.That(Now, Is.EqualTo(0.5).Within(0.1));
        Assert.That(server.ConnectionCount, Is.Zero);
    }

    [Test]
    public void KillingServeForeverStopsTheServer()
    {
        var server = new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { AccessLog = null };
        server.Start();
        var port = server.Port;
        var serving = Greenlet.Spawn(ServeForever, server);
        Assert.That(Greenlet.Spawn(Get, port, "Hello World", false).Get(), Does.EndWith("Hello World"));

        serving.Kill();

        Assert.That(serving.IsDead, Is.True);
        var refused = Assert.Throws<SocketException>(() => GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port)).Close());
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public void AtTheConnectionCapAFurtherClientWaitsUntilAConnectionCloses()
    {
        var limits = HttpLimits.Default with { MaxConcurrentConnections = 2 };
        using var server = new HttpServer("127.0.0.1", 0, Slow, limits) { AccessLog = null };
        server.Start();
        var clients = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(Get, server.Port, "done", false)).ToList();

        Greenlet.Sleep(0.5);
        Assert.That(server.ConnectionCount, Is.EqualTo(2), "the third connection is left in the backlog");

        Greenlet.JoinAll(clients);
        Assert.That(clients.Select(c => c.Value), Has.All.EndWith("done"));
        Assert.That(Now, Is.EqualTo(2).Within(0.1), "the third request began when the first two had finished");
    }
}
