using System.Net.WebSockets;
using System.Text;
using Greenlets.Tests.Http;
using Greenlets.Tests.Server;

namespace Greenlets.Tests.WebSockets;

/// <summary>
/// A hostile or vanished client cannot hold a WebSocket connection: the server pings a quiet client and cuts one that
/// never answers (1011), one that stops mid-frame (1008) and, when asked, an idle one (1001); each cut is one
/// information line. A client that goes away is an ordinary end: one debug line, never a handler failure.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class WebSocketLivenessTests : RealPeerTestBase
{
    private static readonly string s_peers = Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "WebSockets", "Peers");
    private static readonly WebSocketLimits s_noPings = WebSocketLimits.Default with { PingInterval = null };

    private HttpServer ServeWebSockets(Action<GreenWebSocket> handler, WebSocketLimits limits, ConnectionLogLevel level = ConnectionLogLevel.Information)
    {
        var server = new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { WebSocketHandler = handler, WebSocketLimits = limits, ConnectionLogLevel = level };
        return Serve(server);
    }

    private static void WaitUntilNoConnections(HttpServer server)
    {
        for (var i = 0; i < 200 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.05);
        }

        Assert.That(server.ConnectionCount, Is.Zero, "every connection closed");
    }

    [Test]
    public void PingsAQuietClientAndCutsItWith1011WhenNoPongComes()
    {
        using var server = ServeWebSockets(WebSocketHandlers.Echo, WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(0.2), PongTimeout = TimeSpan.FromSeconds(0.3) });

        var frames = OffHub(() =>
        {
            using var client = new RawWebSocketClient(server.Port);
            return client.ReadFramesUntilClosed();
        });

        Assert.That(frames.Select(f => f.Opcode), Is.EqualTo(new byte[] { 0x9, 0x8 }), "one ping, then a close");
        Assert.That(RawWebSocketClient.CloseStatus(frames[1].Payload), Is.EqualTo((1011, "keepalive ping timeout")));
        WaitUntilNoConnections(server);
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(1));
        Assert.That(ConnectionLogLines()[0], Does.StartWith("info [").And.EndWith("\"GET /raw HTTP/1.1\": the client answered no ping within 0.3 seconds; closed with 1011"));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void AClientThatAnswersPingsStaysConnectedThroughManyOfThem()
    {
        using var server = ServeWebSockets(WebSocketHandlers.Echo, WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(0.1), PongTimeout = TimeSpan.FromSeconds(0.2) });

        var (exit, output, errors) = RunProgram("/usr/bin/python3", Path.Combine(s_peers, "answer_pings.py"), server.Port.ToString(), "1.5");

        Assert.That(exit, Is.Zero, errors);
        Assert.That(output, Does.Match(@"^pings ([5-9]|1[0-9]) reply b'\\x81\\x08echo: hi'"), "about one ping per interval and a half, each answered");
        Assert.That(ConnectionLog.ToString(), Is.Empty, "nothing was cut");
    }

    [Test]
    public void DotNetsClientWebSocketAnswersThePingsAndStaysConnected()
    {
        // .NET answers a ping only while a receive is pending, from the thread pool: a looser pong deadline than the
        // Python peer's, so that a busy machine's scheduling is not taken for a dead client.
        using var server = ServeWebSockets(WebSocketHandlers.Echo, WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(0.1), PongTimeout = TimeSpan.FromSeconds(2) });

        var reply = OffHub(() =>
        {
            using var client = new ClientWebSocket();
            client.Options.KeepAliveInterval = TimeSpan.Zero; // no unsolicited pongs of its own: only answers count
            client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/"), CancellationToken.None).GetAwaiter().GetResult();
            var buffer = new byte[256];
            var receive = client.ReceiveAsync(buffer, CancellationToken.None);
            Thread.Sleep(1500); // about ten ping intervals
            client.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
            var result = receive.GetAwaiter().GetResult();
            client.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).GetAwaiter().GetResult();
            return Encoding.UTF8.GetString(buffer, 0, result.Count);
        });

        Assert.That(reply, Is.EqualTo("echo: still here"));
        Assert.That(ConnectionLog.ToString(), Is.Empty, "nothing was cut");
    }

    [Test]
    public void CutsAClientThatStopsInTheMiddleOfAFrameWith1008()
    {
        using var server = ServeWebSockets(WebSocketHandlers.Echo, s_noPings with { FrameReceiveTimeout = TimeSpan.FromSeconds(0.3) });

        var frames = OffHub(() =>
        {
            using var client = new RawWebSocketClient(server.Port);
            client.Send(RawWebSocketClient.Frame(0x81, "hello")[..8]); // the header, the mask, two of five payload bytes
            return client.ReadFramesUntilClosed();
        });

        Assert.That(frames, Has.Count.EqualTo(1));
        Assert.That(frames[0].Opcode, Is.EqualTo(0x8));
        Assert.That(RawWebSocketClient.CloseStatus(frames[0].Payload), Is.EqualTo((1008, "frame not completed in time")));
        WaitUntilNoConnections(server);
        Assert.That(ConnectionLogLines(), Is.EqualTo(new[] { ConnectionLogLines()[0] }));
        Assert.That(ConnectionLogLines()[0], Does.EndWith("a frame was not completed within 0.3 seconds of its first byte; closed with 1008"));
    }

    [Test]
    public void CutsAThousandClientsStalledMidFrame()
    {
        const int Stalled = 1000;
        Assume.That(ProcessLimits.DescriptorLimit.Soft, Is.GreaterThan((ulong)(Stalled + 500)), "the descriptor limit is too low");
        var limits = s_noPings with { FrameReceiveTimeout = TimeSpan.FromSeconds(1) };
        using var server = ServeWebSockets(WebSocketHandlers.Echo, limits);

        var (exit, output, errors) = RunProgram("/usr/bin/python3", Path.Combine(s_peers, "stall_mid_frame.py"), server.Port.ToString(), Stalled.ToString());

        Assert.That(exit, Is.Zero, errors);
        TestContext.Out.WriteLine(output); // the figure: how long after its stall the slowest connection was cut
        Assert.That(output, Does.StartWith($"cut {Stalled} of {Stalled}, with 1008: {Stalled},"));
        WaitUntilNoConnections(server);
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(Stalled), "one line each");
    }

    [Test]
    public void ClosesAConnectionWithNoMessagesWith1001OnceIdleTimeoutIsSet()
    {
        var limits = WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(0.1), IdleTimeout = TimeSpan.FromSeconds(0.6) };
        using var server = ServeWebSockets(WebSocketHandlers.Echo, limits);

        var (reply, status, reason) = OffHub(() =>
        {
            using var client = new ClientWebSocket();
            client.Options.KeepAliveInterval = TimeSpan.Zero;
            client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/"), CancellationToken.None).GetAwaiter().GetResult();
            client.SendAsync("one"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
            var buffer = new byte[256];
            var first = client.ReceiveAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
            var reply = Encoding.UTF8.GetString(buffer, 0, first.Count);
            var close = client.ReceiveAsync(buffer, CancellationToken.None).GetAwaiter().GetResult(); // pongs go out meanwhile
            return (reply, close.CloseStatus, close.CloseStatusDescription);
        });

        Assert.That(reply, Is.EqualTo("echo: one"));
        Assert.That((status, reason), Is.EqualTo(((WebSocketCloseStatus?)WebSocketCloseStatus.EndpointUnavailable, "idle timeout")), "pongs are not messages");
        WaitUntilNoConnections(server);
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(1));
        Assert.That(ConnectionLogLines()[0], Does.EndWith("no message either way for 0.6 seconds; closed with 1001"));
    }

    [TestCase(ConnectionLogLevel.Debug, 1)]
    [TestCase(ConnectionLogLevel.Information, 0)]
    public void AClientResetBeforeTheEchoIsSentIsOneDebugLineAndNoHandlerFailure(ConnectionLogLevel level, int lines)
    {
        using var server = ServeWebSockets(SlowEcho, s_noPings, level);

        OffHub(() =>
        {
            var client = new RawWebSocketClient(server.Port);
            client.Send(RawWebSocketClient.Frame(0x81, "hi"));
            Thread.Sleep(100); // the handler has the message and sleeps before its send
            client.Reset();
            return true;
        });

        WaitUntilNoConnections(server);
        Assert.That(_slowEchoEnded, Is.EqualTo("WebSocketClosedException"), "the handler's send raised, and the server took it as the end");
        Assert.That(Errors.ToString(), Is.Empty, "no 'handler failed' and no stack trace");
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(lines));
        if (lines == 1)
        {
            Assert.That(ConnectionLogLines()[0], Does.StartWith("debug [").And.Contain("\"GET /raw HTTP/1.1\": the client went away without a close frame"));
        }
    }

    [Test]
    public void AClientResetWhileTheHandlerReceivesEndsTheDocsEchoLoopQuietly()
    {
        using var server = ServeWebSockets(WebSocketHandlers.Echo, s_noPings, ConnectionLogLevel.Debug);

        OffHub(() =>
        {
            var client = new RawWebSocketClient(server.Port);
            client.Send(RawWebSocketClient.Frame(0x81, "hi"));
            var echo = client.ReadFrame();
            client.Reset();
            return echo;
        });

        WaitUntilNoConnections(server);
        Assert.That(Errors.ToString(), Is.Empty);
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(1));
        Assert.That(ConnectionLogLines()[0], Does.StartWith("debug [").And.Contain("the client went away without a close frame"));
    }

    [Test]
    public void AGenuineHandlerExceptionIsStillAnErrorWith1011()
    {
        using var server = ServeWebSockets(FailsWithItsOwnBug, s_noPings, ConnectionLogLevel.Debug);

        var frames = OffHub(() =>
        {
            using var client = new RawWebSocketClient(server.Port);
            client.Send(RawWebSocketClient.Frame(0x81, "hi"));
            var close = client.ReadFrame();
            client.Send(RawWebSocketClient.Frame(0x88, ""));
            return close;
        });

        Assert.That(frames.Opcode, Is.EqualTo(0x8));
        Assert.That(RawWebSocketClient.CloseStatus(frames.Payload).Code, Is.EqualTo(1011));
        WaitUntilNoConnections(server);
        Assert.That(Errors.ToString(), Does.Contain("WebSocket handler failed for \"GET /raw HTTP/1.1\": System.InvalidOperationException: the handler's own bug"));
    }

    [Test]
    public void AReceiveThatTimesOutKeepsTheFragmentsReceivedSoFar()
    {
        using var server = ServeWebSockets(PatientReceive, s_noPings);

        var reply = OffHub(() =>
        {
            using var client = new RawWebSocketClient(server.Port);
            client.Send(RawWebSocketClient.Frame(0x01, "hel")); // text, not final
            Thread.Sleep(600); // the handler's Receive(0.2) times out meanwhile
            client.Send(RawWebSocketClient.Frame(0x80, "lo")); // continuation, final
            return Encoding.UTF8.GetString(client.ReadFrame().Payload);
        });

        Assert.That(reply, Is.EqualTo("GreenWebSocket.Receive timed out after 0.2 s.|hello"));
    }

    [Test]
    public void StoppingTheServerStopsThePingerWithItsConnection()
    {
        // A handler that never receives, and a client that keeps talking: the pinger wakes every interval to take the
        // client's bytes, and nothing but the end of its connection stops it.
        var server = ServeWebSockets(SleepsAMinute, WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(0.05) });
        var client = OffHub(() => new RawWebSocketClient(server.Port));
        var talking = Task.Run(() =>
        {
            try
            {
                for (var i = 0; i < 50; i++)
                {
                    client.Send(RawWebSocketClient.Frame(0x81, "tick"));
                    Thread.Sleep(20);
                }
            }
            catch (IOException)
            {
                // The server stopped.
            }
        });
        Greenlet.Sleep(0.2);

        server.Stop();
        Greenlet.Sleep(0.3); // a pinger left behind would wake, find its socket closed and fail on the hub

        OffHub(() => talking.Wait(5000));
        client.Dispose();
        Assert.That(server.ConnectionCount, Is.Zero);
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Test]
    public void RefusesLimitsOutOfRange()
    {
        var server = new HttpServer("127.0.0.1", 0, TestHandlers.Hello);

        Assert.That(() => server.WebSocketLimits = WebSocketLimits.Default with { PongTimeout = TimeSpan.Zero },
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PongTimeout"));
        Assert.That(() => server.WebSocketLimits = WebSocketLimits.Default with { PingInterval = TimeSpan.FromSeconds(-1) },
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PingInterval"));
        Assert.That(() => server.WebSocketLimits = WebSocketLimits.Default with { MaxMessageBytes = 100, MaxFrameBytes = 1000 },
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxMessageBytes"));
        Assert.That(() => server.WebSocketLimits = WebSocketLimits.Default with { PingInterval = null, IdleTimeout = null }, Throws.Nothing);
    }

    private static string? _slowEchoEnded;

    [Greenlet]
    private static void SlowEcho(GreenWebSocket socket)
    {
        _slowEchoEnded = null;
        try
        {
            while (socket.Receive() is { } message)
            {
                Greenlet.Sleep(0.3);
                socket.Send("echo: " + message.Text);
            }

            _slowEchoEnded = "Receive returned null";
        }
        catch (WebSocketClosedException)
        {
            _slowEchoEnded = nameof(WebSocketClosedException);
            throw;
        }
    }

    [Greenlet]
    private static void FailsWithItsOwnBug(GreenWebSocket socket)
    {
        socket.Receive();
        throw new InvalidOperationException("the handler's own bug");
    }

    [Greenlet]
    private static void SleepsAMinute(GreenWebSocket socket) => Greenlet.Sleep(60);

    [Greenlet]
    private static void PatientReceive(GreenWebSocket socket)
    {
        string note;
        try
        {
            socket.Receive(timeout: 0.2);
            note = "no timeout";
        }
        catch (SocketTimeoutException e)
        {
            note = e.Message;
        }

        var message = socket.Receive();
        socket.Send($"{note}|{message?.Text}");
    }
}
