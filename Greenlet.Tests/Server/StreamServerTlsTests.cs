using System.Net;
using System.Text;
using Greenlets.Tests.Streams;

namespace Greenlets.Tests.Server;

/// <summary>gevent's <c>StreamServer(..., ssl_args)</c>: the handler gets the TLS stream after the handshake, over loopback.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Unit)]
public sealed partial class StreamServerTlsTests : HubTestBase
{
    private static TestCertificates Certificates => TestCertificates.Shared;

    protected override HubClock CreateClock() => HubClock.Monotonic();

    [Greenlet]
    private static void Greet(GreenStream stream, IPEndPoint peer)
    {
        var buffer = new byte[256];
        var n = stream.Read(buffer);
        var kind = stream is GreenSslStream tls ? $"TLS {tls.SslProtocol}" : "plain";
        stream.Write(Encoding.ASCII.GetBytes($"hello {Encoding.ASCII.GetString(buffer, 0, n)} over {kind}"));
    }

    [Test]
    public void TheHandlerGetsTheTlsStreamAfterTheHandshake()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), Greet) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) };
        server.Start();
        using var tls = new GreenSslStream(GreenSocket.CreateConnection(server.Address, timeout: 20).GetStream());
        tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 20);
        tls.Write(Encoding.ASCII.GetBytes("green"));

        var reply = ReadToEnd(tls);

        Assert.That(reply, Is.EqualTo("hello green over TLS Tls13"));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void WithoutTlsTheHandlerGetsTheSocketsStream()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), Greet);
        server.Start();
        using var socket = GreenSocket.CreateConnection(server.Address, timeout: 20);
        socket.SendAll("plain");

        Assert.That(ReadToEnd(socket.GetStream()), Is.EqualTo("hello plain over plain"));
    }

    [Test]
    public void AFailedHandshakeIsOneLineAndClosesTheConnection()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), Greet) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) };
        server.Start();
        using var socket = GreenSocket.CreateConnection(server.Address, timeout: 20);
        socket.SendAll("GET / HTTP/1.0\r\n\r\n");

        Assert.That(socket.Recv(64), Is.Empty);
        var lines = Errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Contain("TLS handshake with 127.0.0.1:").And.Contain("the client did not speak TLS: its first bytes were \"GET / HT\""));
    }

    [Greenlet]
    private static void SocketHandler(GreenSocket socket, IPEndPoint peer)
    {
    }

    [Test]
    public void TlsNeedsAStreamHandler()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), SocketHandler) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) };

        Assert.That(() => server.Start(), Throws.InvalidOperationException.With.Message.Contains("(GreenStream, IPEndPoint)"));
    }

    private static string ReadToEnd(GreenStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
