using System.Net;
using System.Net.Sockets;
using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Server;

/// <summary>
/// DatagramServer with green clients in the same hub, on the virtual clock: what gevent's DatagramServer does for the
/// same program (Gevent/datagram_server.py and its .out, from gevent 22.10.2), a pool that pauses reading, failing
/// handlers, whole datagrams, and the lifecycle.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class DatagramServerTests : HubTestBase
{
    private static readonly IPEndPoint s_anyLoopback = new(IPAddress.Loopback, 0);
    private DatagramServer? _server;

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Test]
    public void DoesWhatGeventsDatagramServerDoes()
    {
        var expected = File.ReadAllLines(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Server", "Gevent", "datagram_server.out"));

        Assert.That(new GeventDatagramProgram().Run(), Is.EqualTo(expected));
        Assert.That(Errors.ToString(), Does.Contain("InvalidOperationException: boom"), "the failing handler is reported, once");
    }

    [Greenlet]
    private void EchoLength(byte[] data, IPEndPoint address) => _server!.SendTo(Encoding.ASCII.GetBytes(data.Length.ToString()), address);

    [Test]
    public void ReadsAWholeLargeDatagramWhereGeventKeepsOnly8192Bytes()
    {
        using var server = _server = new DatagramServer(s_anyLoopback, EchoLength);
        server.Start();
        using var client = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram);

        client.SendTo(new byte[60_000], server.Address);

        Assert.That(Encoding.ASCII.GetString(client.RecvFrom(100).Data), Is.EqualTo("60000"));
    }

    [Test]
    public void StopClosesTheSocketAndAStoppedServerCannotStartAgain()
    {
        var server = _server = new DatagramServer("127.0.0.1", 0, EchoLength);
        server.Start();
        Assert.That(() => server.Start(), Throws.InvalidOperationException.With.Message.Contains("already started"));
        var address = server.Address;

        server.Stop();

        Assert.That((server.IsStarted, server.IsClosed), Is.EqualTo((false, true)));
        Assert.That(() => server.Start(), Throws.InvalidOperationException.With.Message.Contains("stopped"));
        using var rebind = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram);
        Assert.That(() => rebind.Bind(address), Throws.Nothing, "the port is free again");
        Assert.That(() => server.SendTo([1], address), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void RefusesAStreamSocketAndANullHandler()
    {
        using var stream = new GreenSocket();
        Assert.That(() => new DatagramServer(stream, EchoLength), Throws.ArgumentException.With.Message.Contains("datagram socket"));
        Assert.That(() => new DatagramServer(s_anyLoopback, null!), Throws.ArgumentNullException);
        Assert.That(() => new DatagramServer("127.0.0.1", 70_000, EchoLength), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
