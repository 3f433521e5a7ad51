using System.Net;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>StreamServer serving real clients that are not ours: nc and curl, over loopback, on both backends.</summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class StreamServerPeerTests(ReactorKind kind) : HubTestBase
{
    private static readonly TimeSpan s_peerLimit = TimeSpan.FromSeconds(30);
    private Event _served = new();

    protected override ReactorKind ReactorKind => kind;

    // A peer process answers in real time: give it seconds of real time before the virtual clock may jump.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(10));

    [SetUp]
    public void NewEvent() => _served = new Event(); // NUnit shares the fixture between its tests

    [Greenlet]
    private void Echo(GreenSocket socket, IPEndPoint peer)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var count = socket.RecvInto(buffer);
                if (count == 0)
                {
                    return;
                }

                socket.SendAll(buffer.AsMemory(0, count));
            }
        }
        finally
        {
            _served.Set();
        }
    }

    [Test]
    public void NcGetsItsLinesEchoed()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), Echo);
        server.Start();
        using var nc = new PeerProcess("nc", "-N", "127.0.0.1", server.Address.Port.ToString());
        nc.StandardInput.Write("first line\nsecond line\n");
        nc.StandardInput.Close(); // -N: nc shuts down its sending side at end of input

        Assert.That(_served.Wait(timeout: 60), Is.True, "the handler saw the end of nc's input");
        Assert.That(nc.WaitForExit(s_peerLimit), Is.Zero, nc.StandardError.Result);
        Assert.That(nc.StandardOutput.Result, Is.EqualTo("first line\nsecond line\n"));
        server.Stop();
    }

    [Greenlet]
    private void AnswerHttp(GreenSocket socket, IPEndPoint peer)
    {
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var chunk = socket.Recv(1024);
            if (chunk.Length == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(chunk));
        }

        var line = request.ToString()[..request.ToString().IndexOf('\r')];
        var body = $"you asked for {line}\n";
        socket.SendAll($"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        _served.Set();
    }

    [Test]
    public void CurlGetsAnAnswerOverIpv6()
    {
        using var server = new StreamServer(new IPEndPoint(IPAddress.IPv6Loopback, 0), AnswerHttp);
        server.Start();
        using var curl = new PeerProcess("curl", "-sS", "--max-time", "20", $"http://[::1]:{server.Address.Port}/green?x=1");

        Assert.That(_served.Wait(timeout: 60), Is.True);
        Assert.That(curl.WaitForExit(s_peerLimit), Is.Zero, curl.StandardError.Result);
        Assert.That(curl.StandardOutput.Result, Is.EqualTo("you asked for GET /green?x=1 HTTP/1.1\n"));
        server.Stop();
    }
}
