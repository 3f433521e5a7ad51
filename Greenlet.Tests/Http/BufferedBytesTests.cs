using Greenlets.Tests.WebSockets;

namespace Greenlets.Tests.Http;

/// <summary>
/// <see cref="HttpLimits.MaxBufferedBytes"/>, the server-wide bound on bodies read whole and WebSocket messages: many
/// concurrent uploads share it (the rest wait, not reading), and one that cannot get room in time gets 503.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class BufferedBytesTests : RealPeerTestBase
{
    private static readonly string s_peers = Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Peers");
    private long _mostHeld;

    [Greenlet]
    private static HttpBody ReadAndHold(HttpRequest request, HttpResponse response)
    {
        var body = request.ReadToEnd();
        Greenlet.Sleep(request.Path == "/hold" ? 2 : 0.02); // hold the bytes a while, as a handler that works on them does
        response.ContentType = "text/plain";
        return $"{body.Length} bytes";
    }

    [Greenlet]
    private void WatchHeldBytes(HttpServer server)
    {
        while (true)
        {
            _mostHeld = Math.Max(_mostHeld, server.BufferedBytes);
            Greenlet.Sleep(0.002);
        }
    }

    private string Uploads(HttpServer server, int count, int bytes, string path, bool chunked = false)
    {
        _mostHeld = 0;
        var watcher = Greenlet.Spawn(WatchHeldBytes, server);
        try
        {
            string[] arguments = [Path.Combine(s_peers, "concurrent_uploads.py"), server.Port.ToString(), count.ToString(), bytes.ToString(), path, .. chunked ? new[] { "--chunked" } : []];
            var (exit, output, errors) = RunProgram("/usr/bin/python3", arguments);
            Assert.That(exit, Is.Zero, errors);
            return output.Trim();
        }
        finally
        {
            watcher.Kill();
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void FiftyConcurrentUploadsShareTheBound(bool chunked)
    {
        const int Bound = 16_000_000;
        using var server = Serve(new HttpServer("127.0.0.1", 0, ReadAndHold, HttpLimits.Default with { MaxBufferedBytes = Bound }));

        var outcome = Uploads(server, 50, 2_000_000, "/", chunked);

        if (chunked)
        {
            // Chunked bodies take room as they grow: when the bound fills with partial bodies that all wait, the one
            // that finds it gets 503 at once and frees its bytes (HttpLimits.MaxBufferedBytes). Whether that happens
            // depends on how the fifty uploads interleave, so what holds every time is the shape of the outcome.
            var match = System.Text.RegularExpressions.Regex.Match(outcome, @"^(\d+)x 200 2000000 bytes(?:, (\d+)x 503)?$");
            Assert.That(match.Success, Is.True, outcome);
            var served = int.Parse(match.Groups[1].Value);
            var refused = match.Groups[2].Success ? int.Parse(match.Groups[2].Value) : 0;
            Assert.That(served + refused, Is.EqualTo(50), outcome);
            Assert.That(served, Is.GreaterThan(refused), "the bound was shared, not refused: " + outcome);
        }
        else
        {
            Assert.That(outcome, Is.EqualTo("50x 200 2000000 bytes"), "every upload waited for room and was read");
        }

        Assert.That(_mostHeld, Is.LessThanOrEqualTo(Bound), "never more held than the bound");
        Assert.That(_mostHeld, Is.GreaterThan(Bound / 2), "the uploads did press against the bound");
        Assert.That(server.BufferedBytes, Is.Zero, "every byte given back");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AnUploadBiggerThanTheWholeBoundGets503WithoutWaiting(bool chunked)
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, ReadAndHold, HttpLimits.Default with { MaxBufferedBytes = 1_000_000 }));

        Assert.That(Uploads(server, 1, 2_000_000, "/", chunked), Is.EqualTo("1x 503"));
        Assert.That(AccessLog.ToString(), Does.Contain("\"POST / HTTP/1.1\" 503 "));
        Assert.That(server.BufferedBytes, Is.Zero);
    }

    [Test]
    public void AnUploadThatFindsNoRoomWithinBodyIoTimeoutGets503AndTheHolderIsServed()
    {
        var limits = HttpLimits.Default with { MaxBufferedBytes = 3_000_000, BodyIoTimeout = TimeSpan.FromSeconds(0.5) };
        using var server = Serve(new HttpServer("127.0.0.1", 0, ReadAndHold, limits));

        // Two clients at once to /hold: the first in takes 2 MB for two seconds; the other waits half a second, gets 503.
        Assert.That(Uploads(server, 2, 2_000_000, "/hold"), Is.EqualTo("1x 200 2000000 bytes, 1x 503"));
        Assert.That(server.BufferedBytes, Is.Zero);
    }

    [Test]
    public void AWebSocketMessageThatFindsNoRoomBeforeItsFrameDeadlineIsClosedWith1013()
    {
        var server = new HttpServer("127.0.0.1", 0, TestHandlers.Hello, HttpLimits.Default with { MaxBufferedBytes = 200_000 })
        {
            WebSocketHandler = WebSocketHandlers.Echo,
            WebSocketLimits = WebSocketLimits.Default with { PingInterval = null, FrameReceiveTimeout = 0.5 },
        };
        using var served = Serve(server);
        using var holder = OffHub(() => new RawWebSocketClient(server.Port));
        using var latecomer = OffHub(() => new RawWebSocketClient(server.Port));

        OffHub(() => { holder.Send(RawWebSocketClient.Frame(0x02, new byte[150_000])); return true; }); // binary, not final
        for (var i = 0; i < 100 && server.BufferedBytes < 150_000; i++)
        {
            Greenlet.Sleep(0.01);
        }

        Assert.That(server.BufferedBytes, Is.EqualTo(150_000), "the first fragment holds its room");
        var refused = OffHub(() =>
        {
            latecomer.Send(RawWebSocketClient.Frame(0x82, new byte[100_000])); // binary, final: 250,000 would not fit
            return latecomer.ReadFramesUntilClosed();
        });
        var echoed = OffHub(() =>
        {
            holder.Send(RawWebSocketClient.Frame(0x80, new byte[10])); // the holder's message ends
            return holder.ReadFrame();
        });

        Assert.That(refused.Select(f => f.Opcode), Is.EqualTo(new byte[] { 0x8 }));
        Assert.That(RawWebSocketClient.CloseStatus(refused[0].Payload), Is.EqualTo((1013, "server busy")));
        Assert.That((echoed.Opcode, echoed.Payload.Length), Is.EqualTo(((byte)0x2, 150_010)), "the holder's whole message, echoed");
        Assert.That(ConnectionLogLines(), Has.Length.EqualTo(1));
        Assert.That(ConnectionLogLines()[0], Does.Contain("no room for the message within the server's MaxBufferedBytes (150000 bytes held); closed with 1013"));
        Assert.That(server.BufferedBytes, Is.Zero, "the delivered message's bytes are given back");
    }

    [Test]
    public void RefusesABoundThatIsNotPositive() =>
        Assert.That(() => new HttpServer("127.0.0.1", 0, ReadAndHold, HttpLimits.Default with { MaxBufferedBytes = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxBufferedBytes"));
}
