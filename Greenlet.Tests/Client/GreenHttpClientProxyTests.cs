using System.Net;
using Greenlets.Tests.Http;
using Greenlets.Tests.Server;
using Greenlets.Tests.Streams;
using Greenlets.Tests.WebSockets;

namespace Greenlets.Tests.Client;

/// <summary>
/// The client through tinyproxy, a real forward proxy: http requests forwarded with their absolute URL, https and
/// WebSockets through CONNECT tunnels with TLS end to end, to the project's own server on the same hub.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class GreenHttpClientProxyTests : RealPeerTestBase
{
    private string _directory = null!;
    private PeerProcess _proxy = null!;
    private int _proxyPort;

    [SetUp]
    public void StartTinyproxy()
    {
        _directory = Directory.CreateTempSubdirectory("greenlet-proxy-").FullName;
        _proxyPort = FreePort();
        var logFile = Path.Combine(_directory, "tinyproxy.log");
        File.WriteAllText(Path.Combine(_directory, "tinyproxy.conf"), $"""
            Port {_proxyPort}
            Listen 127.0.0.1
            Timeout 30
            MaxClients 20
            Allow 127.0.0.1
            LogLevel Connect
            LogFile "{logFile}"
            DisableViaHeader Yes
            """);
        _proxy = new PeerProcess("/usr/bin/tinyproxy", "-d", "-c", Path.Combine(_directory, "tinyproxy.conf"));
        WaitForPort(_proxyPort);
    }

    [TearDown]
    public void StopTinyproxy()
    {
        _proxy.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string ProxyLog => File.Exists(Path.Combine(_directory, "tinyproxy.log")) ? File.ReadAllText(Path.Combine(_directory, "tinyproxy.log")) : "";

    private static void WaitForPort(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Thread.Sleep(25);
            }
        }

        Assert.Fail($"tinyproxy did not listen on {port}");
    }

    [Test]
    public void PlainHttpIsForwardedWithItsAbsoluteUrl()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, ServerHandlers.Handle));
        var port = server.Port;
        using var client = new GreenHttpClient { Proxy = new WebProxy($"http://127.0.0.1:{_proxyPort}") };
        var body = client.Get($"http://127.0.0.1:{port}/hello").ReadAsString();
        var echoed = client.Post($"http://127.0.0.1:{port}/echo", "through the proxy").ReadAsString();

        Assert.That(body, Is.EqualTo("Hello, World!"));
        Assert.That(echoed, Is.EqualTo("through the proxy"));
        Assert.That(ProxyLog, Does.Contain($"GET http://127.0.0.1:{port}/hello HTTP/1.1"), "tinyproxy saw the absolute form");
    }

    [Test]
    public void HttpsGoesThroughAConnectTunnelWithTlsToTheOrigin()
    {
        var certificates = TestCertificates.Shared;
        using var server = Serve(new HttpServer("127.0.0.1", 0, ServerHandlers.Handle)
        {
            Tls = GreenSslStream.CreateServerOptions(certificates.Server),
        });
        var port = server.Port;
        using var client = new GreenHttpClient { Proxy = new WebProxy($"http://127.0.0.1:{_proxyPort}"), Tls = certificates.ClientOptions("localhost") };
        var first = client.Get($"https://localhost:{port}/hello").ReadAsString();
        var second = client.Get($"https://localhost:{port}/hello").ReadAsString();

        Assert.That(first, Is.EqualTo("Hello, World!"));
        Assert.That(second, Is.EqualTo("Hello, World!"));
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("https", "localhost", port)), Is.EqualTo(1), "the tunnel is a kept-alive connection like any other");
        Assert.That(ProxyLog, Does.Contain($"CONNECT localhost:{port} HTTP/1.1"));
    }

    [Test]
    public void AWebSocketGoesThroughATunnel()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, ServerHandlers.Handle) { WebSocketHandler = WebSocketHandlers.Echo });
        var port = server.Port;
        using var client = new GreenHttpClient { Proxy = new WebProxy($"http://127.0.0.1:{_proxyPort}") };
        var socket = GreenWebSocketClient.Connect($"ws://127.0.0.1:{port}/chat", client);
        socket.Send("over the tunnel");
        var echoed = socket.Receive()!.Text;
        socket.Close();

        Assert.That(echoed, Is.EqualTo("echo: over the tunnel"));
        Assert.That(ProxyLog, Does.Contain($"CONNECT 127.0.0.1:{port} HTTP/1.1"));
    }
}
