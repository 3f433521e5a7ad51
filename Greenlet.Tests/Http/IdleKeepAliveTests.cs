using System.Net.Sockets;
using System.Text;
using Greenlets.Tests.Server;

namespace Greenlets.Tests.Http;

/// <summary>
/// One HttpServer hub holds ten thousand idle keep-alive connections (the clients in a child process), still serves
/// a normal client meanwhile, and lets them all go when the clients close.
/// </summary>
[TestFixture]
[NonParallelizable] // ten thousand descriptors in this process
[Category(TestCategories.Peer)]
public sealed partial class IdleKeepAliveTests : RealPeerTestBase
{
    private const int HeldConnections = 10_000;
    private Event _allAnswered = new();
    private int _answered;

    [Greenlet]
    private HttpBody CountAndGreet(HttpRequest request, HttpResponse response)
    {
        if (++_answered == HeldConnections)
        {
            _allAnswered.Set();
        }

        response.ContentType = "text/plain";
        return "Hello World";
    }

    [Test]
    public void OneHubHoldsTenThousandIdleKeepAliveConnections()
    {
        Assume.That(ProcessLimits.DescriptorLimit.Soft, Is.GreaterThan((ulong)(HeldConnections + 500)), "the descriptor limit is too low");
        (_allAnswered, _answered) = (new Event(), 0);
        var limits = HttpLimits.Default with { MaxConcurrentConnections = HeldConnections + 100 };
        using var server = Serve(new HttpServer("127.0.0.1", 0, CountAndGreet, limits));
        server.AccessLog = null;
        // Each client sends one keep-alive request, reads its whole response, and then stays open and silent.
        const string Clients = """
            import socket, sys
            port, count = int(sys.argv[1]), int(sys.argv[2])
            request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
            conns = []
            for _ in range(count):
                c = socket.create_connection(("127.0.0.1", port), timeout=60)
                c.sendall(request)
                conns.append(c)
            answered = 0
            for c in conns:
                data = b""
                while not data.endswith(b"Hello World"):
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"HTTP/1.1 200 ") and b"connection: close" not in data.lower():
                    answered += 1
            print(answered, flush=True)
            sys.stdin.readline()
            for c in conns:
                c.close()
            """;
        using var clients = new PeerProcess("/usr/bin/python3", "-c", Clients, server.Port.ToString(), HeldConnections.ToString());

        Assert.That(_allAnswered.Wait(timeout: 60), Is.True, $"{_answered} of {HeldConnections} answered");
        Greenlet.Sleep(0.5); // the last responses reach the client; no connection closes meanwhile
        Assert.That(server.ConnectionCount, Is.EqualTo(HeldConnections), "every connection is still held, idle");

        var normal = OffHub(() => GetOnce(server.Port));
        Assert.That(normal, Does.StartWith("HTTP/1.1 200 ").And.EndWith("Hello World"), "a normal client is served meanwhile");
        Greenlet.Sleep(0.1);
        Assert.That(server.ConnectionCount, Is.EqualTo(HeldConnections), "the normal client's connection closed; the idle ones stay");

        clients.StandardInput.WriteLine("close");
        clients.StandardInput.Flush();
        for (var i = 0; i < 300 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.1);
        }

        Assert.That(server.ConnectionCount, Is.Zero, "every connection closed when its client did");
        Assert.That(OffHub(() => clients.WaitForExit(TimeSpan.FromSeconds(30))), Is.Zero, clients.StandardError.Result);
        Assert.That(clients.StandardOutput.Result.Trim(), Is.EqualTo(HeldConnections.ToString()), "every client read a 200 keep-alive response");
        Assert.That(_answered, Is.EqualTo(HeldConnections + 1));
    }

    private static string GetOnce(int port)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        client.Connect("127.0.0.1", port);
        client.Send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        int count;
        while ((count = client.Receive(buffer)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
