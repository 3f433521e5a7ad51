using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Net;

/// <summary>
/// Green TCP and UDP sockets over loopback, IPv4 and IPv6, on both reactor backends: greenlets talk to each other
/// through the kernel, waits time out on the virtual clock, and closing or killing releases what a wait held.
/// </summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class GreenSocketTests(ReactorKind kind) : HubTestBase
{
    private static readonly IPEndPoint s_anyLoopback4 = new(IPAddress.Loopback, 0);
    private static readonly IPEndPoint s_anyLoopback6 = new(IPAddress.IPv6Loopback, 0);

    protected override ReactorKind ReactorKind => kind;

    // Both ends live in this process: the kernel hands loopback data over at once, so the clock may jump right away.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Greenlet]
    private void EchoOnce(GreenSocket listener)
    {
        var (connection, _) = listener.Accept();
        using (connection)
        {
            var buffer = new byte[100];
            while (true)
            {
                var count = connection.RecvInto(buffer);
                if (count == 0)
                {
                    Log.Add("server saw end of stream");
                    return;
                }

                connection.SendAll(buffer.AsMemory(0, count));
            }
        }
    }

    [Greenlet]
    private string AskEcho(IPEndPoint server, string text)
    {
        using var client = GreenSocket.CreateConnection(server, timeout: 5);
        client.SendAll(text);
        var reply = new StringBuilder();
        while (reply.Length < text.Length)
        {
            var chunk = client.Recv(100);
            Assert.That(chunk, Is.Not.Empty, "the echo ended early");
            reply.Append(Encoding.UTF8.GetString(chunk));
        }

        client.Shutdown(SocketShutdown.Send);
        Assert.That(client.Recv(100), Is.Empty, "the server closes after our shutdown");
        return reply.ToString();
    }

    private static GreenSocket Listen(IPEndPoint address)
    {
        var listener = new GreenSocket(address.AddressFamily) { ReuseAddress = true };
        listener.Bind(address);
        listener.Listen();
        return listener;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void GreenletsEchoOverTcp(bool ipv6)
    {
        using var listener = Listen(ipv6 ? s_anyLoopback6 : s_anyLoopback4);
        var server = Greenlet.Spawn(EchoOnce, listener);
        var client = Greenlet.Spawn(AskEcho, listener.LocalEndPoint, "hello, green world");
        Greenlet.JoinAll(server, client);

        Assert.That(client.Value, Is.EqualTo("hello, green world"), client.Exception?.ToString());
        Assert.That(server.IsSuccessful, Is.True, server.Exception?.ToString());
        Assert.That(Log, Is.EqualTo(new[] { "server saw end of stream" }));
        Assert.That(listener.LocalEndPoint.Port, Is.GreaterThan(0));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void MainGreenletConnectsSendsAndReceivesWhileTheHubServes()
    {
        using var listener = Listen(s_anyLoopback4);
        var server = Greenlet.Spawn(EchoOnce, listener);

        using var client = new GreenSocket();
        client.Connect(listener.LocalEndPoint);
        Assert.That(client.RemoteEndPoint, Is.EqualTo(listener.LocalEndPoint));
        client.SendAll(Encoding.ASCII.GetBytes("ping"));
        var buffer = new byte[16];
        Assert.That(client.RecvInto(buffer), Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(buffer, 0, 4), Is.EqualTo("ping"));
        client.Close();
        server.Join();
        Assert.That(server.IsSuccessful, Is.True);
    }

    [Test]
    public void RecvTimesOutOnTheHubClockAndTheSocketStaysUsable()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        var (accepted, _) = listener.Accept();
        using var connection = accepted;
        client.Timeout = 2.5;

        var error = Assert.Throws<SocketTimeoutException>(() => client.RecvInto(new byte[8]));
        Assert.That(error!.Message, Does.Contain("GreenSocket.Recv timed out"));
        Assert.That(Now, Is.EqualTo(2.5));

        connection.SendAll(new byte[] { 1, 2, 3 });
        Assert.That(client.Recv(8), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Greenlet]
    private void RecvWithTimeout(GreenSocket socket)
    {
        try
        {
            socket.Recv(8);
            Log.Add("received");
        }
        catch (SocketTimeoutException)
        {
            Log.Add($"timed out at {Now}");
        }
    }

    [Test]
    public void GreenletRecvTimesOutWithTheSocketTimeout()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint, timeout: 1.25);
        using var connection = listener.Accept().Socket;

        Greenlet.Spawn(RecvWithTimeout, client).Join();

        Assert.That(Log, Is.EqualTo(new[] { "timed out at 1.25" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void ConnectTimesOutWhenThePeerNeverAnswers()
    {
        // A listener that never accepts and has no backlog left: the kernel drops further SYNs, so a connect hangs.
        using var listener = new GreenSocket();
        listener.Bind(s_anyLoopback4);
        listener.Listen(0);
        var connected = new List<GreenSocket>();
        SocketTimeoutException? timeout = null;
        var started = Now;
        for (var i = 0; i < 4 && timeout is null; i++)
        {
            started = Now;
            try
            {
                connected.Add(GreenSocket.CreateConnection(listener.LocalEndPoint, timeout: 1.5));
            }
            catch (SocketTimeoutException exception)
            {
                timeout = exception;
            }
        }

        Assert.That(timeout, Is.Not.Null, $"{connected.Count} connects completed; none hung");
        Assert.That(timeout!.Operation, Is.EqualTo("GreenSocket.Connect"));
        Assert.That(Now - started, Is.EqualTo(1.5));
        connected.ForEach(socket => socket.Close());
    }

    [Test]
    public void NonBlockingSocketRaisesWouldBlockInsteadOfWaiting()
    {
        using var listener = Listen(s_anyLoopback4);
        listener.Timeout = 0;

        var error = Assert.Throws<SocketException>(() => listener.Accept());
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.WouldBlock));
        Assert.That(listener.TryAccept(out _), Is.False);
    }

    [Test]
    public void ConnectingToAClosedPortIsRefused()
    {
        int port;
        using (var probe = Listen(s_anyLoopback4))
        {
            port = probe.LocalEndPoint.Port;
        }

        var error = Assert.Throws<SocketException>(() => GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Greenlet]
    private void RecvCatching(GreenSocket socket)
    {
        try
        {
            socket.Recv(8);
            Log.Add("received");
        }
#pragma warning disable GRN0205 // the kill is caught on purpose: the tests log what ended the wait
        catch (Exception exception)
#pragma warning restore GRN0205
        {
            Log.Add(exception.GetType().Name);
        }
    }

    [Test]
    public void ClosingASocketWakesTheGreenletWaitingOnIt()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;
        var reader = Greenlet.Spawn(RecvCatching, client);
        Greenlet.Sleep(1);

        client.Close();
        reader.Join();

        Assert.That(Log, Is.EqualTo(new[] { nameof(FileDescriptorClosedException) }));
        Assert.That(client.IsClosed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => client.Recv(1));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void KillingAGreenletBlockedInRecvReleasesTheSocketForTheNextReader()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;
        var first = Greenlet.Spawn(RecvCatching, client);
        Greenlet.Sleep(1);
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(1));

        first.Kill();
        Assert.That(Log, Is.EqualTo(new[] { nameof(GreenletExit) }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);

        var second = Greenlet.Spawn(RecvCatching, client);
        Greenlet.Sleep(1);
        connection.SendAll(new byte[] { 42 });
        second.Join();
        Assert.That(Log, Is.EqualTo(new[] { nameof(GreenletExit), "received" }));
    }

    [Test]
    public void SecondGreenletReadingTheSameSocketIsRefused()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;
        var first = Greenlet.Spawn(RecvCatching, client);
        var second = Greenlet.Spawn(RecvCatching, client);
        Greenlet.Sleep(0);

        Assert.That(Log, Is.EqualTo(new[] { nameof(ConcurrentObjectUseException) }));
        Assert.That(first.IsDead, Is.False);
        first.Kill();
    }

    [Greenlet]
    private void SendBig(GreenSocket socket, byte[] data)
    {
        socket.SendAll(data);
        socket.Shutdown(SocketShutdown.Send);
    }

    [Greenlet]
    private long DrainSlowly(GreenSocket socket)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        long checksum = 0;
        while (true)
        {
            Greenlet.Sleep(0.01); // a slow reader: the sender's buffer fills and it has to wait for room
            var count = socket.RecvInto(buffer);
            if (count == 0)
            {
                Log.Add($"received {total}");
                return checksum;
            }

            for (var i = 0; i < count; i++)
            {
                checksum += buffer[i] * ((total + i) % 7 + 1);
            }

            total += count;
        }
    }

    [Test]
    public void SendAllWaitsForRoomUntilEveryByteIsSent()
    {
        var data = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(data);
        long expected = 0;
        for (var i = 0; i < data.Length; i++)
        {
            expected += data[i] * (i % 7 + 1);
        }

        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;
        var sender = Greenlet.Spawn(SendBig, client, data);
        var receiver = Greenlet.Spawn(DrainSlowly, connection);
        Greenlet.JoinAll(sender, receiver);

        Assert.That(sender.IsSuccessful, Is.True, sender.Exception?.ToString());
        Assert.That(Log, Is.EqualTo(new[] { $"received {data.Length}" }));
        Assert.That(receiver.Value, Is.EqualTo(expected));
    }

    [Greenlet]
    private void UdpEcho(GreenSocket socket)
    {
        var buffer = new byte[64];
        var (count, sender) = socket.RecvFromInto(buffer);
        socket.SendTo(buffer.AsMemory(0, count).ToArray().Reverse().ToArray(), sender);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void UdpDatagramsCarryTheirSender(bool ipv6)
    {
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        using var server = new GreenSocket(family, SocketType.Dgram);
        server.Bind(ipv6 ? s_anyLoopback6 : s_anyLoopback4);
        using var client = new GreenSocket(family, SocketType.Dgram);
        client.Bind(ipv6 ? s_anyLoopback6 : s_anyLoopback4);
        var echo = Greenlet.Spawn(UdpEcho, server);
        Greenlet.Sleep(1); // the server waits first: its RecvFrom parks

        client.SendTo(new byte[] { 1, 2, 3 }, server.LocalEndPoint);
        var (data, from) = client.RecvFrom(64);
        echo.Join();

        Assert.That(data, Is.EqualTo(new byte[] { 3, 2, 1 }));
        Assert.That(from, Is.EqualTo(server.LocalEndPoint));
        Assert.That(echo.IsSuccessful, Is.True, echo.Exception?.ToString());
    }

    [Test]
    public void OptionsReadBackWhatWasSet()
    {
        using var socket = new GreenSocket();
        socket.ReuseAddress = true;
        socket.NoDelay = true;
        socket.SetOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, 1);

        Assert.That(socket.ReuseAddress, Is.True);
        Assert.That(socket.NoDelay, Is.True);
        Assert.That(socket.GetOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive), Is.EqualTo(1));
        Assert.That(socket.GetOption(SocketOptionLevel.Socket, SocketOptionName.Type), Is.EqualTo(1)); // SOCK_STREAM
        Assert.Throws<ArgumentException>(() => socket.SetOption(SocketOptionLevel.Socket, SocketOptionName.Linger, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.Timeout = -1);
    }

    [Test]
    public void AnIpv4AddressOnAnIpv6SocketIsReachedAsAMappedAddress()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = new GreenSocket(AddressFamily.InterNetworkV6);
        client.Connect(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;

        Assert.That(client.RemoteEndPoint.Address, Is.EqualTo(IPAddress.Loopback.MapToIPv6()));
        Assert.That(client.RemoteEndPoint.Port, Is.EqualTo(listener.LocalEndPoint.Port));
    }

    [Greenlet]
    private void EchoRounds(GreenSocket socket, int rounds, byte[] buffer)
    {
        for (var i = 0; i < rounds; i++)
        {
            var count = socket.RecvInto(buffer);
            socket.SendAll(buffer.AsMemory(0, count));
        }
    }

    [Greenlet]
    private void PingRounds(GreenSocket socket, int rounds, byte[] buffer)
    {
        for (var i = 0; i < rounds; i++)
        {
            socket.SendAll(buffer);
            var received = 0;
            while (received < buffer.Length)
            {
                received += socket.RecvInto(buffer.AsMemory(received));
            }
        }
    }

    [Test]
    public void WaitingSendsAndRecvsAllocateNothingInSteadyState()
    {
        using var listener = Listen(s_anyLoopback4);
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var connection = listener.Accept().Socket;
        var serverBuffer = new byte[64];
        var clientBuffer = new byte[64];
        // Warm up: the per-socket wait frames, the reactor's registrations, the JIT.
        Greenlet.JoinAll(Greenlet.Spawn(EchoRounds, connection, 200, serverBuffer), Greenlet.Spawn(PingRounds, client, 200, clientBuffer));
        var server = Greenlet.Spawn(EchoRounds, connection, 2_000, serverBuffer);
        var pinger = Greenlet.Spawn(PingRounds, client, 2_000, clientBuffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Greenlet.JoinAll(server, pinger);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(server.IsSuccessful && pinger.IsSuccessful, Is.True);
        // Two spawned greenlets cost a few hundred bytes; 4,000 waits allocating even 24 bytes each would be ~96 KB.
        Assert.That(allocated, Is.LessThan(4_000), $"{allocated} bytes for 2,000 round trips");
    }
}
