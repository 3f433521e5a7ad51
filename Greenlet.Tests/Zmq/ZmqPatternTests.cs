using System.Text;

namespace Greenlets.Tests.Zmq;

/// <summary>
/// The socket patterns between greenlets of one hub, over each transport and on both reactor backends: each send
/// or receive that cannot go on parks its greenlet, and the interleaving is the one gevent's zmq.green gives.
/// </summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class ZmqPatternTests(ReactorKind kind) : HubTestBase
{
    private ZmqContext _context = null!;

    protected override ReactorKind ReactorKind => kind;

    // tcp and ipc go through libzmq's I/O thread, in real time: the virtual clock gives it time before a timeout jumps.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(5));

    [SetUp]
    public void CreateContext() => _context = new ZmqContext();

    [TearDown]
    public void DisposeContext() => _context.Dispose();

    [Greenlet]
    private void Requester(ZmqSocket socket, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            socket.SendString($"ping {i}");
            Log.Add($"requester sent {i}");
            Log.Add($"requester got {socket.RecvString()}");
        }
    }

    [Greenlet]
    private void Replier(ZmqSocket socket, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var request = socket.RecvString();
            Log.Add($"replier got {request}");
            socket.SendString(request.Replace("ping", "pong", StringComparison.Ordinal));
        }
    }

    [TestCase("inproc")]
    [TestCase("ipc")]
    [TestCase("tcp")]
    public void RequestAndReplyAlternateBetweenTwoGreenlets(string transport)
    {
        using var rep = _context.Socket(ZmqSocketType.Rep);
        using var req = _context.Socket(ZmqSocketType.Req);
        req.Connect(ZmqEndpoints.BindFresh(rep, transport));
        rep.ReceiveTimeout = req.ReceiveTimeout = TimeSpan.FromSeconds(30);

        Greenlet.JoinAll(Greenlet.Spawn(Requester, req, 3), Greenlet.Spawn(Replier, rep, 3));

        Assert.That(Log, Is.EqualTo(new[]
        {
            "requester sent 1", "replier got ping 1", "requester got pong 1",
            "requester sent 2", "replier got ping 2", "requester got pong 2",
            "requester sent 3", "replier got ping 3", "requester got pong 3",
        }));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Greenlet]
    private void EchoMessages(ZmqSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            socket.SendMultipart(socket.RecvMultipart());
        }
    }

    [TestCase("inproc")]
    [TestCase("tcp")]
    public void MultipartMessagesArriveWholeAndInOrder(string transport)
    {
        using var left = _context.Socket(ZmqSocketType.Pair);
        using var right = _context.Socket(ZmqSocketType.Pair);
        right.Connect(ZmqEndpoints.BindFresh(left, transport));
        var echo = Greenlet.Spawn(EchoMessages, right, 2);

        left.SendMultipart([[1], [], [2, 3]]);
        left.SendString("alpha", more: true);
        left.Send("beta"u8.ToArray());

        Assert.That(left.RecvMultipart(), Is.EqualTo(new byte[][] { [1], [], [2, 3] }));
        Assert.That(left.RecvString(), Is.EqualTo("alpha"));
        Assert.That(left.HasMoreParts, Is.True);
        Assert.That(left.Recv(), Is.EqualTo("beta"u8.ToArray()));
        Assert.That(left.HasMoreParts, Is.False);
        echo.Join();
        Assert.That(echo.IsSuccessful, Is.True);
    }

    [Test]
    public void TenMegabyteFramesCrossTcp()
    {
        using var pull = _context.Socket(ZmqSocketType.Pull);
        using var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(ZmqEndpoints.BindFresh(pull, "tcp"));
        var big = new byte[10 * 1024 * 1024];
        new Random(7).NextBytes(big);

        push.SendMultipart([big, [42], big]);
        var frames = pull.RecvMultipart();

        Assert.That(frames, Has.Count.EqualTo(3));
        Assert.That(frames[0].AsSpan().SequenceEqual(big), Is.True);
        Assert.That(frames[1], Is.EqualTo(new byte[] { 42 }));
        Assert.That(frames[2].AsSpan().SequenceEqual(big), Is.True);
    }

    [Greenlet]
    private void Subscriber(string name, ZmqSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Log.Add($"{name} got {socket.RecvString()}");
        }
    }

    [Test]
    public void SubscribersReceiveOnlyTheTopicsTheyKeep()
    {
        using var pub = _context.Socket(ZmqSocketType.Pub);
        var endpoint = ZmqEndpoints.BindFresh(pub, "inproc");
        using var weather = _context.Socket(ZmqSocketType.Sub);
        using var everything = _context.Socket(ZmqSocketType.Sub);
        weather.Subscribe("weather.");
        weather.Subscribe("sport.");
        weather.Subscribe("news."u8);
        weather.Unsubscribe("sport.");
        everything.Subscribe("");
        weather.Connect(endpoint);
        everything.Connect(endpoint);

        var first = Greenlet.Spawn(Subscriber, "weather", weather, 2);
        var second = Greenlet.Spawn(Subscriber, "all", everything, 3);
        Greenlet.Sleep(0); // both park in recv
        pub.SendString("weather.rain");
        pub.SendString("sport.goal");
        pub.SendString("news.flash");
        Greenlet.JoinAll(first, second);

        Assert.That(Log.Where(line => line.StartsWith("weather", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "weather got weather.rain", "weather got news.flash" }));
        Assert.That(Log.Where(line => line.StartsWith("all", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "all got weather.rain", "all got sport.goal", "all got news.flash" }));
        Assert.That(weather.TryRecv(out _), Is.False, "sport.goal was filtered out");
    }

    [Greenlet]
    private void Puller(string name, ZmqSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Log.Add($"{name} {socket.RecvString()}");
        }
    }

    [TestCase("inproc")]
    [TestCase("tcp")]
    public void PushFansOutRoundRobinToItsPullers(string transport)
    {
        // The pullers bind and the pusher connects: libzmq makes each connection's queue at once, so the round robin
        // covers both from the first message, without waiting for tcp to connect.
        using var a = _context.Socket(ZmqSocketType.Pull);
        using var b = _context.Socket(ZmqSocketType.Pull);
        using var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(ZmqEndpoints.BindFresh(a, transport));
        push.Connect(ZmqEndpoints.BindFresh(b, transport));
        a.ReceiveTimeout = b.ReceiveTimeout = TimeSpan.FromSeconds(30);
        var pullers = new[] { Greenlet.Spawn(Puller, "a", a, 3), Greenlet.Spawn(Puller, "b", b, 3) };

        for (var i = 0; i < 6; i++)
        {
            push.SendString($"task {i}");
        }

        Greenlet.JoinAll(pullers);

        Assert.That(Log.Where(line => line.StartsWith("a ", StringComparison.Ordinal)), Is.EqualTo(new[] { "a task 0", "a task 2", "a task 4" }));
        Assert.That(Log.Where(line => line.StartsWith("b ", StringComparison.Ordinal)), Is.EqualTo(new[] { "b task 1", "b task 3", "b task 5" }));
        Assert.That(pullers.All(puller => puller.IsSuccessful), Is.True);
    }

    [Test]
    public void RouterAddressesDealersByTheirRoutingIds()
    {
        using var router = _context.Socket(ZmqSocketType.Router);
        var endpoint = ZmqEndpoints.BindFresh(router, "inproc");
        using var red = _context.Socket(ZmqSocketType.Dealer);
        using var blue = _context.Socket(ZmqSocketType.Dealer);
        red.RoutingId = "red"u8.ToArray();
        blue.RoutingId = "blue"u8.ToArray();
        red.Connect(endpoint);
        blue.Connect(endpoint);

        blue.SendString("from blue");
        red.SendString("from red");
        var first = router.RecvMultipart();
        var second = router.RecvMultipart();
        router.SendMultipart([first[0], Encoding.UTF8.GetBytes("back to " + Encoding.UTF8.GetString(first[0]))]);
        router.SendMultipart([second[0], Encoding.UTF8.GetBytes("back to " + Encoding.UTF8.GetString(second[0]))]);

        Assert.That(new[] { first, second }.Select(m => $"{Encoding.UTF8.GetString(m[0])}: {Encoding.UTF8.GetString(m[1])}"),
            Is.EquivalentTo(new[] { "blue: from blue", "red: from red" }));
        Assert.That(red.RecvString(), Is.EqualTo("back to red"));
        Assert.That(blue.RecvString(), Is.EqualTo("back to blue"));
        Assert.That(red.RoutingId, Is.EqualTo("red"u8.ToArray()));
    }

    [Test]
    public void ASocketClosedWithItsLingerStillDeliversWhatItSent()
    {
        using var pull = _context.Socket(ZmqSocketType.Pull);
        var endpoint = ZmqEndpoints.BindFresh(pull, "tcp");
        var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(endpoint);
        push.SendString("last words");
        push.Close(); // returns at once; libzmq's I/O thread delivers within the 1 s linger
        pull.ReceiveTimeout = TimeSpan.FromSeconds(30);

        Assert.That(push.IsClosed, Is.True);
        Assert.That(pull.RecvString(), Is.EqualTo("last words"));
    }

    [Test]
    public void RecvIntoFillsTheCallersBufferAndReportsTheFullSize()
    {
        using var pull = _context.Socket(ZmqSocketType.Pull);
        using var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(ZmqEndpoints.BindFresh(pull, "inproc"));
        push.Send(new byte[] { 1, 2, 3 });
        push.Send(new byte[] { 4, 5, 6, 7, 8, 9 });
        var buffer = new byte[4];

        Assert.That(pull.RecvInto(buffer), Is.EqualTo(3));
        Assert.That(buffer[..3], Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(pull.RecvInto(buffer), Is.EqualTo(6), "a longer frame is cut to the buffer");
        Assert.That(buffer, Is.EqualTo(new byte[] { 4, 5, 6, 7 }));
    }

    [Test]
    public void UnbindAndDisconnectEndTheirEndpoints()
    {
        using var pull = _context.Socket(ZmqSocketType.Pull);
        var endpoint = ZmqEndpoints.BindFresh(pull, "inproc");
        Assert.Throws<ZmqException>(() => _context.Socket(ZmqSocketType.Pull).Bind(endpoint), "the name is taken");
        pull.Unbind(endpoint);
        using var again = _context.Socket(ZmqSocketType.Pull);
        again.Bind(endpoint); // the name is free again

        using var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(endpoint);
        push.Disconnect(endpoint);
        var error = Assert.Throws<ZmqException>(() => push.Disconnect(endpoint));
        Assert.That(error!.ErrorCode, Is.EqualTo(2), "ENOENT: not connected any more");
    }
}
