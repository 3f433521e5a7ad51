using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>
/// Servers take a host name as gevent's do: resolved when the server starts (for IPv4), without switching, so the
/// greenlets around a start run in the same order as with a numeric address; <c>""</c> listens everywhere.
/// </summary>
/// <remarks>
/// What gevent 22.10.2 does (/usr/bin/python3):
/// <code>
/// def greet(sock, address):
///     sock.sendall(b'hello %s\n' % address[0].encode())
/// log = []
/// gevent.spawn(log.append, 'spawned greenlet ran')
/// server = StreamServer(('localhost', 0), greet)
/// server.start()
/// log.append('started')
/// print('address:', server.address[0])                  # address: 127.0.0.1
/// print(fetch(('127.0.0.1', server.address[1])))       # b'hello 127.0.0.1\n'
/// print(log)                                           # ['started', 'spawned greenlet ran']
/// StreamServer(('name.invalid', 0), greet).start()     # socket.gaierror, raised by start()
/// everywhere = StreamServer(('', 0), greet); everywhere.start()
/// print(everywhere.address[0], fetch(('127.0.0.1', everywhere.address[1])))   # :: b'hello ::ffff:127.0.0.1\n'
/// </code>
/// </remarks>
[Category(TestCategories.Unit)]
public sealed partial class StreamServerHostNameTests : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Greenlet]
    private void Greet(GreenSocket socket, IPEndPoint peer) => socket.SendAll($"hello {peer.Address}\n");

    [Greenlet]
    private string Fetch(IPEndPoint server)
    {
        using var client = GreenSocket.CreateConnection(server, timeout: 30);
        var text = new StringBuilder();
        while (client.Recv(256) is { Length: > 0 } chunk)
        {
            text.Append(Encoding.UTF8.GetString(chunk));
        }

        return text.ToString();
    }

    [Test]
    public void LocalhostResolvesAtStartWithoutSwitching()
    {
        Greenlet.Spawn(() => Log.Add("spawned greenlet ran"));
        using var server = new StreamServer("localhost", 0, Greet);
        server.Start();
        Log.Add("started");

        Assert.That(server.Address.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(Greenlet.Spawn(Fetch, new IPEndPoint(IPAddress.Loopback, server.Address.Port)).Get(), Is.EqualTo("hello 127.0.0.1\n"));
        Assert.That(Log, Is.EqualTo(new[] { "started", "spawned greenlet ran" }));
    }

    [Test]
    public void ANameThatDoesNotResolveFailsAtStartNamingIt()
    {
        using var server = new StreamServer("name.invalid", 0, Greet);

        var error = Assert.Throws<SocketException>(server.Start);
        Assert.That(error!.Message, Does.Contain("'name.invalid'"));
        Assert.That(server.IsStarted, Is.False);
    }

    [Test]
    public void AnEmptyHostListensOnEveryInterface()
    {
        using var server = new StreamServer("", 0, Greet);
        server.Start();

        Assert.That(server.Address.Address, Is.EqualTo(IPAddress.IPv6Any));
        Assert.That(Greenlet.Spawn(Fetch, new IPEndPoint(IPAddress.Loopback, server.Address.Port)).Get(), Is.EqualTo("hello ::ffff:127.0.0.1\n"));
    }

    [Test]
    public void HttpServerTakesLocalhostToo()
    {
        using var server = new HttpServer("localhost", 0, PywsgiHello) { AccessLog = null };
        server.Start();

        var raw = Greenlet.Spawn(Exchange, server.Port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").Get();

        Assert.That(server.LocalEndPoint.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(raw, Does.StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("\r\n\r\nhello"));
    }

    [Test]
    public void APortOutOfRangeIsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamServer("localhost", 65536, Greet));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpServer("localhost", -1, PywsgiHello));
        Assert.Throws<ArgumentNullException>(() => new HttpServer(null!, 0, PywsgiHello));
    }

    [Greenlet]
    private static HttpBody PywsgiHello(HttpRequest request, HttpResponse response) => "hello";

    [Greenlet]
    private string Exchange(int port, string request)
    {
        using var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port), timeout: 30);
        client.SendAll(Encoding.ASCII.GetBytes(request));
        var text = new StringBuilder();
        while (client.Recv(4096) is { Length: > 0 } chunk)
        {
            text.Append(Encoding.ASCII.GetString(chunk));
        }

        return text.ToString();
    }
}
