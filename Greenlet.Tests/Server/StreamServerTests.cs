using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>
/// StreamServer with green clients in the same hub, on both reactor backends: a greenlet per connection, the
/// socket closed after the handler, a pool that caps handlers, Stop's wait-then-kill, failing handlers.
/// </summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class StreamServerTests(ReactorKind kind) : HubTestBase
{
    private static readonly IPEndPoint s_anyLoopback = new(IPAddress.Loopback, 0);
    private int _running;
    private int _mostRunning;

    protected override ReactorKind ReactorKind => kind;

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [SetUp]
    public void ResetCounts() => (_running, _mostRunning) = (0, 0); // NUnit shares the fixture between its tests

    [Greenlet]
    private void Greet(GreenSocket socket, IPEndPoint peer)
    {
        socket.SendAll($"hello {peer.Address}\n");
        // Returns without closing: the server closes the socket.
    }

    [Greenlet]
    private string Fetch(IPEndPoint server)
    {
        using var client = GreenSocket.CreateConnection(server, timeout: 30);
        var text = new StringBuilder();
        while (true)
        {
            var chunk = client.Recv(256);
            if (chunk.Length == 0)
            {
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(chunk));
        }
    }

    [Test]
    public void EachConnectionRunsTheHandlerAndIsClosedWhenItReturns()
    {
        using var server = new StreamServer(s_anyLoopback, Greet);
        server.Start();
        Assert.That(server.Address.Port, Is.GreaterThan(0), "port 0 becomes an ephemeral port");
        Assert.That(server.IsStarted, Is.True);

        var clients = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(Fetch, server.Address)).ToArray();
        Greenlet.JoinAll(clients);

        Assert.That(clients.Select(c => c.Value), Is.All.EqualTo("hello 127.0.0.1\n"));
        Assert.That(server.ActiveConnections, Is.Zero);
        server.Stop();
        Assert.That(server.IsClosed, Is.True);
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Greenlet]
    private void HoldThenGreet(GreenSocket socket, IPEndPoint peer)
    {
        _running++;
        _mostRunning = Math.Max(_mostRunning, _running);
        try
        {
            Greenlet.Sleep(1);
            socket.SendAll("done\n");
        }
        finally
        {
            _running--;
        }
    }

    [Test]
    public void PoolCapsConcurrentHandlersAndAcceptingPausesWhileFull()
    {
        var pool = new Pool(2);
        using var server = new StreamServer(s_anyLoopback, HoldThenGreet, pool);
        server.Start();

        var clients = Enumerable.Range(0, 5).Select(_ => Greenlet.Spawn(Fetch, server.Address)).ToArray();
        Greenlet.JoinAll(clients);

        Assert.That(clients.Select(c => c.Value), Is.All.EqualTo("done\n"));
        Assert.That(_mostRunning, Is.EqualTo(2));
        Assert.That(Now, Is.EqualTo(3), "five one-second handlers, two at a time, take three seconds");
        Assert.That(pool.Count, Is.Zero);
    }

    [Greenlet]
    private void Throw(GreenSocket socket, IPEndPoint peer)
    {
        if (Log.Count == 0)
        {
            Log.Add("first fails");
            throw new InvalidOperationException("handler bug");
        }

        Log.Add("second served");
        socket.SendAll("ok\n");
    }

    [Test]
    public void AHandlerThatThrowsIsReportedAndTheServerKeepsServing()
    {
        using var server = new StreamServer(s_anyLoopback, Throw);
        server.Start();

        var first = Greenlet.Spawn(Fetch, server.Address);
        first.Join();
        var second = Greenlet.Spawn(Fetch, server.Address);
        second.Join();

        Assert.That(first.Value, Is.Empty, "the failed handler's socket was closed");
        Assert.That(second.Value, Is.EqualTo("ok\n"));
        Assert.That(Log, Is.EqualTo(new[] { "first fails", "second served" }));
        Assert.That(Errors.ToString(), Does.Contain("handler bug"));
    }

    [Greenlet]
    private void WaitForever(GreenSocket socket, IPEndPoint peer)
    {
        try
        {
            socket.Recv(1); // the client never sends
        }
        catch (GreenletExit)
        {
            Log.Add($"killed at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void FinishAfter(GreenSocket socket, IPEndPoint peer)
    {
        Greenlet.Sleep(0.5);
        Log.Add($"finished at {Now}");
    }

    [Test]
    public void StopStopsAcceptingWaitsForHandlersThenKillsThem()
    {
        using var server = new StreamServer(s_anyLoopback, WaitForever);
        server.Start();
        using var client = GreenSocket.CreateConnection(server.Address);
        Greenlet.Sleep(0.1);
        Assert.That(server.ActiveConnections, Is.EqualTo(1));

        server.Stop(timeout: 2);

        Assert.That(Log, Is.EqualTo(new[] { "killed at 2.1" }));
        Assert.That(client.Recv(1), Is.Empty, "the killed handler's socket was closed");
        var refused = Assert.Throws<SocketException>(() => GreenSocket.CreateConnection(server.Address));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(server.IsClosed, Is.True);
    }

    [Test]
    public void StopLetsHandlersThatFinishInTimeFinish()
    {
        using var server = new StreamServer(s_anyLoopback, FinishAfter);
        server.Start();
        using var client = GreenSocket.CreateConnection(server.Address);
        Greenlet.Sleep(0);
        Greenlet.Sleep(0);

        server.Stop(timeout: 5);

        Assert.That(Log, Is.EqualTo(new[] { "finished at 0.5" }));
        Assert.That(Now, Is.EqualTo(0.5));
    }

    [Greenlet]
    private void ServeThenStop(StreamServer server)
    {
        Greenlet.Sleep(3);
        server.Stop();
    }

    [Test]
    public void ServeForeverReturnsOnceAGreenletStopsTheServer()
    {
        using var server = new StreamServer(s_anyLoopback, Greet);
        Greenlet.Spawn(ServeThenStop, server);

        server.ServeForever();

        Assert.That(Now, Is.EqualTo(3));
        Assert.That(server.IsClosed, Is.True);
    }

    [Test]
    public void AListenerGivenToTheServerIsUsedAndClosedWithIt()
    {
        var listener = new GreenSocket();
        listener.Bind(s_anyLoopback);
        listener.Listen(8);
        var bound = listener.LocalEndPoint;
        var server = new StreamServer(listener, Greet);
        server.Start();

        var client = Greenlet.Spawn(Fetch, server.Address);
        client.Join();
        server.Stop();

        Assert.That(client.Value, Is.EqualTo("hello 127.0.0.1\n"));
        Assert.That(server.Address, Is.EqualTo(bound));
        Assert.That(listener.IsClosed, Is.True);
        Assert.Throws<InvalidOperationException>(() => server.Start());
    }
}
