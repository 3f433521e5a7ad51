using System.Net;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>DatagramServer answering real clients that are not ours, over loopback: nc -u and Python's socket.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class DatagramServerPeerTests : HubTestBase
{
    private static readonly TimeSpan s_peerLimit = TimeSpan.FromSeconds(30);
    private DatagramServer? _server;
    private Event _served = new();

    // A peer process answers in real time: give it seconds of real time before the virtual clock may jump.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(10));

    [SetUp]
    public void NewEvent() => _served = new Event();

    [Greenlet]
    private void Shout(byte[] data, IPEndPoint sender)
    {
        _server!.SendTo(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).ToUpperInvariant()), sender);
        _served.Set();
    }

    [Test]
    public void NcGetsItsDatagramAnswered()
    {
        using var server = _server = new DatagramServer("127.0.0.1", 0, Shout);
        server.Start();
        using var nc = new PeerProcess("nc", "-u", "-w", "1", "127.0.0.1", server.Address.Port.ToString());
        nc.StandardInput.Write("hello over udp\n");
        nc.StandardInput.Flush();

        Assert.That(_served.Wait(timeout: 60), Is.True, "the handler got nc's datagram");
        nc.StandardInput.Close();
        Assert.That(nc.WaitForExit(s_peerLimit), Is.Zero, nc.StandardError.Result);
        Assert.That(nc.StandardOutput.Result, Is.EqualTo("HELLO OVER UDP\n"));
    }

    [Test]
    public void PythonsSocketGetsEveryDatagramAnsweredFromTheServersAddress()
    {
        const string Client = """
            import socket, sys
            port = int(sys.argv[1])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(20)
            for word in ("alpha", "beta", "gamma"):
                s.sendto(word.encode(), ("127.0.0.1", port))
            replies = sorted(s.recvfrom(100) for _ in range(3))
            print(" ".join("%s@%d" % (data.decode(), address[1] == port) for data, address in replies))
            """;
        using var server = _server = new DatagramServer("127.0.0.1", 0, Shout, new Pool(1));
        server.Start();
        using var python = new PeerProcess("/usr/bin/python3", "-c", Client, server.Address.Port.ToString());

        while (!python.StandardOutput.IsCompleted)
        {
            Greenlet.Sleep(0.05); // the hub serves meanwhile
        }

        Assert.That(python.WaitForExit(s_peerLimit), Is.Zero, python.StandardError.Result);
        Assert.That(python.StandardOutput.Result.Trim(), Is.EqualTo("ALPHA@1 BETA@1 GAMMA@1"));
    }
}
