using System.Net;
using System.Net.Sockets;

namespace Greenlets.Tests.Server;

/// <summary>
/// StreamServer under load and abuse: ten thousand connections held at once by one hub (the clients in a child
/// process), a hundred thousand connect/close cycles with the descriptor count flat afterwards, clients that vanish
/// mid-send, killed handlers, and accepts that fail for want of descriptors.
/// </summary>
[TestFixture]
[NonParallelizable] // counts the process's descriptors and changes its descriptor limit
[Category(TestCategories.Peer)]
public sealed partial class ServerReliabilityTests : HubTestBase
{
    private const int HeldConnections = 10_000;
    private static readonly IPEndPoint s_anyLoopback = new(IPAddress.Loopback, 0);
    private Event _allEchoed = new();
    private Event _allGone = new();
    private int _echoed;
    private int _open;

    // The held-connections test has a real peer process; the others run in this process and never idle.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(10));

    [SetUp]
    public void ResetState()
    {
        (_allEchoed, _allGone, _echoed, _open) = (new Event(), new Event(), 0, 0);
    }

    [Greenlet]
    private void EchoOneByteThenHold(GreenSocket socket, IPEndPoint peer)
    {
        _open++;
        try
        {
            var buffer = new byte[16];
            var count = socket.RecvInto(buffer);
            socket.SendAll(buffer.AsMemory(0, count));
            if (++_echoed == HeldConnections)
            {
                _allEchoed.Set();
            }

            while (socket.RecvInto(buffer) > 0)
            {
            }
        }
        finally
        {
            if (--_open == 0)
            {
                _allGone.Set();
            }
        }
    }

    [Test]
    public void OneHubHoldsTenThousandConnectionsAtOnce()
    {
        Assume.That(ProcessLimits.DescriptorLimit.Soft, Is.GreaterThan((ulong)(HeldConnections + 500)), "the descriptor limit is too low");
        using var server = new StreamServer(s_anyLoopback, EchoOneByteThenHold, backlog: 4096);
        server.Start();
        const string Client = """
            import socket, sys
            port, count = int(sys.argv[1]), int(sys.argv[2])
            conns = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(count)]
            for c in conns:
                c.sendall(b"x")
            echoed = sum(len(c.recv(1)) for c in conns)
            print(echoed, flush=True)
            sys.stdin.readline()
            for c in conns:
                c.close()
            """;
        using var clients = new PeerProcess("/usr/bin/python3", "-c", Client, server.Address.Port.ToString(), HeldConnections.ToString());

        Assert.That(_allEchoed.Wait(timeout: 600), Is.True, $"{_echoed} of {HeldConnections} echoed");
        Assert.That(server.ActiveConnections, Is.EqualTo(HeldConnections), "every connection is held at once");
        clients.StandardInput.WriteLine("close");
        clients.StandardInput.Flush();
        Assert.That(_allGone.Wait(timeout: 600), Is.True, $"{_open} still open");

        Assert.That(clients.WaitForExit(TimeSpan.FromSeconds(60)), Is.Zero, clients.StandardError.Result);
        Assert.That(clients.StandardOutput.Result.Trim(), Is.EqualTo(HeldConnections.ToString()));
        Greenlet.Sleep(0); // the last handler to end leaves the server's group on the hub's next pass, as in gevent
        Assert.That(server.ActiveConnections, Is.Zero);
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(1), "only the accepting greenlet waits");
        server.Stop();
    }

    [Greenlet]
    private static void CloseAtOnce(GreenSocket socket, IPEndPoint peer)
    {
    }

    [Greenlet]
    private static int ConnectAndClose(IPEndPoint server, int times)
    {
        var buffer = new byte[8];
        for (var i = 0; i < times; i++)
        {
            using var client = GreenSocket.CreateConnection(server, timeout: 30);
            if (client.RecvInto(buffer) != 0)
            {
                throw new InvalidOperationException("the server sent data");
            }
        }

        return times;
    }

    [Test]
    public void AHundredThousandConnectCloseCyclesLeaveTheDescriptorCountFlat()
    {
        const int Workers = 50;
        const int EachTimes = 2_000;
        using (var warmUp = new StreamServer(s_anyLoopback, CloseAtOnce))
        {
            warmUp.Start();
            Greenlet.Spawn(ConnectAndClose, warmUp.Address, 10).Join();
            warmUp.Stop();
        }

        var before = ProcessLimits.OpenDescriptors;
        var server = new StreamServer(s_anyLoopback, CloseAtOnce, backlog: 1024);
        server.Start();
        var workers = Enumerable.Range(0, Workers).Select(_ => Greenlet.Spawn(ConnectAndClose, server.Address, EachTimes)).ToArray();
        Greenlet.JoinAll(workers);
        server.Stop();

        Assert.That(workers.Select(w => w.Exception), Is.All.Null);
        Assert.That(workers.Sum(w => w.Value), Is.EqualTo(Workers * EachTimes));
        // Other parts of the test host open and close a descriptor now and then (more often close, as files it
        // read are released); a leak of one descriptor per cycle would be a hundred thousand.
        Assert.That(ProcessLimits.OpenDescriptors, Is.LessThanOrEqualTo(before + 3));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Greenlet]
    private void SendForever(GreenSocket socket, IPEndPoint peer)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                socket.SendAll(chunk);
            }
        }
        catch (SocketException exception)
        {
            Log.Add($"send failed: {exception.SocketErrorCode}");
            _allGone.Set();
            throw;
        }
    }

    [Greenlet]
    private static void ReadALittleThenLeave(IPEndPoint server)
    {
        var client = GreenSocket.CreateConnection(server, timeout: 30);
        var buffer = new byte[1000];
        client.RecvInto(buffer);
        client.Close(); // unread data: the kernel resets the connection
    }

    [Test]
    public void AClientThatDisconnectsMidSendFailsOnlyItsHandler()
    {
        var server = new StreamServer(s_anyLoopback, SendForever);
        server.Start();
        var before = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            if (i == 1)
            {
                // From the second round: by now the hub's reactor exists, and its sockets are not the handlers'.
                before = ProcessLimits.OpenSockets();
            }

            _allGone = new Event();
            Greenlet.Spawn(ReadALittleThenLeave, server.Address).Join();
            Assert.That(_allGone.Wait(timeout: 60), Is.True, "the handler's send failed");
            Greenlet.Sleep(0); // the failed handler closes its socket as it dies
        }

        Assert.That(Log, Has.Count.EqualTo(4));
        Assert.That(Log, Is.All.Matches<string>(line => line is "send failed: ConnectionReset" or "send failed: Shutdown"));
        Assert.That(server.ActiveConnections, Is.Zero);
        Assert.That(server.IsStarted, Is.True, "the server still accepts");
        Assert.That(ProcessLimits.OpenSockets().Except(before), Is.Empty, "no socket left behind");
        Assert.That(Errors.ToString(), Does.Contain("SocketException"), "each failed handler was reported");
        server.Stop();
    }

    [Greenlet]
    private void RecordAndWait(GreenSocket socket, IPEndPoint peer)
    {
        Log.Add(socket.FileNo.ToString());
        socket.Recv(1);
    }

    [Test]
    public void KillingAHandlerBlockedInRecvReleasesItsRegistrationAndDescriptor()
    {
        var pool = new Pool();
        var server = new StreamServer(s_anyLoopback, RecordAndWait, pool);
        server.Start();
        using var client = GreenSocket.CreateConnection(server.Address);
        Greenlet.Sleep(0.1);
        var fd = int.Parse(Log.Single());
        Assert.That(Hub.Reactor.Find(fd), Is.Not.Null);
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(2), "the handler and the accepting greenlet");

        pool.Single().Kill();

        Assert.That(Hub.Reactor.Find(fd), Is.Null, "the handler's socket was closed and unregistered");
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(1));
        Assert.That(client.Recv(1), Is.Empty);
        server.Stop();
    }
}
