using System.Text;

namespace Greenlets.Tests.Zmq;

/// <summary>
/// Our sockets against pyzmq (real libzmq, another process) over loopback tcp: REQ/REP both ways, PUB to SUB with
/// topic filters, PUSH fanning out to our PULL greenlets, ROUTER/DEALER with identities both ways, and multipart
/// messages up to 10 MB. Each peer checks what it receives too, and its exit code says so.
/// </summary>
[TestFixture]
[NonParallelizable] // python processes: one at a time on the 2 cores
[Category(TestCategories.Peer)]
public sealed partial class PyzmqInteropTests : HubTestBase
{
    private ZmqContext _context = null!;
    private PyzmqPeer? _peer;

    // The peer answers in real time: the virtual clock waits for it this long before a timeout may jump.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(2));

    [SetUp]
    public void CreateContext() => _context = new ZmqContext();

    [TearDown]
    public void StopPeer()
    {
        _peer?.Dispose();
        _peer = null;
        _context.Dispose();
    }

    private ZmqSocket Socket(ZmqSocketType type)
    {
        var socket = _context.Socket(type);
        socket.ReceiveTimeout = socket.SendTimeout = TimeSpan.FromSeconds(60);
        return socket;
    }

    private PyzmqPeer StartPeer(string mode, params string[] arguments) => _peer = new PyzmqPeer(mode, arguments);

    [Test]
    public void OurRequesterAgainstTheirReplier()
    {
        using var req = Socket(ZmqSocketType.Req);
        req.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("rep", req.LastEndpoint, "20");

        for (var i = 0; i < 20; i++)
        {
            req.SendString($"ping {i}");
            Assert.That(req.RecvString(), Is.EqualTo($"pong {i}"));
        }

        peer.AssertSucceeded();
    }

    [Greenlet]
    private void Reply(ZmqSocket rep, int count)
    {
        for (var i = 0; i < count; i++)
        {
            rep.SendString(rep.RecvString().Replace("ping", "pong", StringComparison.Ordinal));
        }
    }

    [Test]
    public void TheirRequesterAgainstOurReplierGreenlet()
    {
        using var rep = Socket(ZmqSocketType.Rep);
        rep.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("req", rep.LastEndpoint, "20");

        var replier = Greenlet.Spawn(Reply, rep, 20);
        replier.Join();

        Assert.That(replier.IsSuccessful, Is.True, Errors.ToString());
        peer.AssertSucceeded();
    }

    [Test]
    public void OurPublisherReachesTheirSubscriberThroughItsTopicFilters()
    {
        using var pub = Socket(ZmqSocketType.Pub);
        using var back = Socket(ZmqSocketType.Pull);
        pub.Bind("tcp://127.0.0.1:*");
        back.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("sub", pub.LastEndpoint, back.LastEndpoint, "weather.", "news.");

        // A subscriber's filters reach the publisher some time after it connects; until then PUB drops everything.
        back.ReceiveTimeout = TimeSpan.FromSeconds(0.5);
        var ready = false;
        for (var probe = 0; probe < 100 && !ready; probe++)
        {
            pub.SendString("control.probe");
            try
            {
                ready = back.RecvString() == "ready";
            }
            catch (ZmqTimeoutException)
            {
            }
        }

        Assert.That(ready, Is.True, "the subscriber never saw a probe");
        foreach (var message in new[] { "weather.rain", "sport.goal", "news.flash", "weatherman", "news.late" })
        {
            pub.SendString(message);
        }

        pub.SendString("control.end");
        back.ReceiveTimeout = TimeSpan.FromSeconds(60);
        var report = back.RecvMultipart();

        Assert.That(report.Select(frame => Encoding.UTF8.GetString(frame)),
            Is.EqualTo(new[] { "received", "weather.rain", "news.flash", "news.late" }));
        peer.AssertSucceeded();
    }

    [Greenlet]
    private void Pull(string name, ZmqSocket pull, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Log.Add($"{name} {pull.RecvString()}");
        }
    }

    [Test]
    public void TheirPusherFansOutToOurPullerGreenlets()
    {
        using var a = Socket(ZmqSocketType.Pull);
        using var b = Socket(ZmqSocketType.Pull);
        a.Bind("tcp://127.0.0.1:*");
        b.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("push", a.LastEndpoint, b.LastEndpoint, "10");

        Greenlet.JoinAll(Greenlet.Spawn(Pull, "a", a, 5), Greenlet.Spawn(Pull, "b", b, 5));

        Assert.That(Log.Where(line => line[0] == 'a'), Is.EqualTo(new[] { 0, 2, 4, 6, 8 }.Select(i => $"a task {i}")));
        Assert.That(Log.Where(line => line[0] == 'b'), Is.EqualTo(new[] { 1, 3, 5, 7, 9 }.Select(i => $"b task {i}")));
        peer.AssertSucceeded();
    }

    [Test]
    public void OurRouterAnswersTheirDealersByIdentity()
    {
        using var router = Socket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("dealers", router.LastEndpoint);

        var seen = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var message = router.RecvMultipart(); // [identity, "hello", identity as the dealer knows it]
            Assert.That(message, Has.Count.EqualTo(3));
            Assert.That(message[2], Is.EqualTo(message[0]), "the router sees the identity the dealer set");
            seen.Add(Encoding.UTF8.GetString(message[0]));
            router.SendMultipart([message[0], "welcome"u8.ToArray(), message[0]]);
        }

        Assert.That(seen, Is.EquivalentTo(new[] { "py-a", "py-b" }));
        peer.AssertSucceeded();
    }

    [Test]
    public void TheirRouterSeesOurDealersRoutingId()
    {
        using var dealer = Socket(ZmqSocketType.Dealer);
        dealer.RoutingId = "dotnet-dealer"u8.ToArray();
        dealer.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("router", dealer.LastEndpoint, "1");

        dealer.SendString("hi"); // waits (cooperatively) until the router has connected
        var reply = dealer.RecvMultipart();

        Assert.That(reply.Select(frame => Encoding.UTF8.GetString(frame)), Is.EqualTo(new[] { "you are dotnet-dealer", "hi" }));
        peer.AssertSucceeded();
    }

    [Test]
    public void MultipartMessagesUpToTenMegabytesMakeTheRoundTrip()
    {
        using var pair = Socket(ZmqSocketType.Pair);
        pair.Bind("tcp://127.0.0.1:*");
        var peer = StartPeer("echo", pair.LastEndpoint, "3");
        var random = new Random(11);
        byte[] Bytes(int size)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }

        var messages = new[]
        {
            new[] { Bytes(10 * 1024 * 1024) },
            new[] { Bytes(3), Array.Empty<byte>(), Bytes(1024 * 1024), Bytes(10 * 1024 * 1024) },
            Enumerable.Range(0, 100).Select(i => Bytes(i)).ToArray(),
        };

        foreach (var message in messages)
        {
            pair.SendMultipart(message);
            var echoed = pair.RecvMultipart();
            Assert.That(echoed, Has.Count.EqualTo(message.Length));
            for (var i = 0; i < message.Length; i++)
            {
                Assert.That(echoed[i].AsSpan().SequenceEqual(message[i]), Is.True, $"frame {i} of {message.Length}");
            }
        }

        peer.AssertSucceeded();
    }
}
