namespace Greenlets.Tests.Zmq;

/// <summary>
/// How sends and receives wait: timeouts on the hub's clock, a killed or timed-out receiver leaves the socket usable,
/// closing wakes the waiters, a greenlet may send while another receives on the same socket, and plain code blocks.
/// </summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class ZmqWaitTests(ReactorKind kind) : HubTestBase
{
    private ZmqContext _context = null!;

    protected override ReactorKind ReactorKind => kind;

    // Only inproc here: libzmq signals on this thread, so the virtual clock may jump as soon as nothing is ready.
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [SetUp]
    public void CreateContext() => _context = new ZmqContext();

    [TearDown]
    public void DisposeContext() => _context.Dispose();

    private (ZmqSocket Push, ZmqSocket Pull) PushPull()
    {
        var pull = _context.Socket(ZmqSocketType.Pull);
        var push = _context.Socket(ZmqSocketType.Push);
        push.Connect(ZmqEndpoints.BindFresh(pull, "inproc"));
        return (push, pull);
    }

    [Greenlet]
    private void ReceiveLogging(string name, ZmqSocket socket)
    {
        try
        {
            Log.Add($"{name} got {socket.RecvString()} at {Now}");
        }
        catch (Exception exception)
        {
            Log.Add($"{name} {exception.GetType().Name} at {Now}");
            throw;
        }
    }

    [Greenlet]
    private void SendAfter(ZmqSocket socket, double seconds, string message)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"send {message} at {Now}");
        socket.SendString(message);
    }

    [Test]
    public void ReceiverParksUntilTheSenderSends()
    {
        var (push, pull) = PushPull();
        Greenlet.JoinAll(Greenlet.Spawn(ReceiveLogging, "r", pull), Greenlet.Spawn(SendAfter, push, 2.0, "hi"));

        Assert.That(Log, Is.EqualTo(new[] { "send hi at 2", "r got hi at 2" }));
    }

    [Test]
    public void ReceiveTimesOutOnTheHubClockAndTheSocketStaysUsable()
    {
        var (push, pull) = PushPull();
        pull.ReceiveTimeout = TimeSpan.FromSeconds(1.5);
        var timedOut = Greenlet.Spawn(ReceiveLogging, "first", pull);
        timedOut.Join();

        Assert.That(Log, Is.EqualTo(new[] { "first ZmqTimeoutException at 1.5" }));
        Assert.That(timedOut.Exception, Is.TypeOf<ZmqTimeoutException>().With.Property("ErrorCode").EqualTo(11));

        Greenlet.JoinAll(Greenlet.Spawn(ReceiveLogging, "second", pull), Greenlet.Spawn(SendAfter, push, 1.0, "late"));
        Assert.That(Log[1..], Is.EqualTo(new[] { "send late at 2.5", "second got late at 2.5" }));
    }

    [Test]
    public void ZeroTimeoutNeverWaits()
    {
        var (_, pull) = PushPull();
        pull.ReceiveTimeout = TimeSpan.Zero;

        Assert.Throws<ZmqTimeoutException>(() => pull.Recv());
        Assert.That(Now, Is.Zero);
    }

    [Test]
    public void SendWaitsAtTheHighWaterMarkUntilItsTimeout()
    {
        using var push = _context.Socket(ZmqSocketType.Push);
        push.SendHighWaterMark = 1;
        push.SendTimeout = TimeSpan.FromSeconds(3);
        push.Connect("inproc://nobody-binds-this");

        push.SendString("queued"); // the pipe to the pending connection takes one
        var error = Assert.Throws<ZmqTimeoutException>(() => push.SendString("over the mark"));

        Assert.That(error!.Timeout, Is.EqualTo((GreenDuration)TimeSpan.FromSeconds(3)));
        Assert.That(Now, Is.EqualTo(3));
    }

    [Test]
    public void KilledReceiverLeavesTheSocketToTheNextOne()
    {
        var (push, pull) = PushPull();
        var killed = Greenlet.Spawn(ReceiveLogging, "killed", pull);
        Greenlet.Sleep(1);
        killed.Kill();
        var next = Greenlet.Spawn(ReceiveLogging, "next", pull);
        Greenlet.Spawn(SendAfter, push, 1.0, "for next");
        next.Join();

        Assert.That(Log, Is.EqualTo(new[] { "killed GreenletExit at 1", "send for next at 2", "next got for next at 2" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Greenlet]
    private void RequestOnce(ZmqSocket req)
    {
        req.SendString("question");
        Log.Add($"got {req.RecvString()}");
    }

    [Test]
    public void RequesterKilledWhileWaitingForTheReplyCanStillReceiveIt()
    {
        using var rep = _context.Socket(ZmqSocketType.Rep);
        using var req = _context.Socket(ZmqSocketType.Req);
        req.Connect(ZmqEndpoints.BindFresh(rep, "inproc"));
        var killed = Greenlet.Spawn(RequestOnce, req);
        Greenlet.Sleep(1);
        killed.Kill();

        Assert.That(rep.RecvString(), Is.EqualTo("question"));
        rep.SendString("answer");
        Assert.That(req.RecvString(), Is.EqualTo("answer"), "the REQ socket still expects its reply");
        Assert.That(Log, Is.Empty);
    }

    [Test]
    public void ClosingTheSocketWakesItsReceiverWithObjectDisposed()
    {
        var (_, pull) = PushPull();
        var waiter = Greenlet.Spawn(ReceiveLogging, "r", pull);
        Greenlet.Sleep(1);
        pull.Close();
        waiter.Join();

        Assert.That(Log, Is.EqualTo(new[] { "r ObjectDisposedException at 1" }));
        Assert.That(pull.IsClosed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => pull.Recv());
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Greenlet]
    private void SendLogging(string name, ZmqSocket socket, string message)
    {
        socket.SendString(message);
        Log.Add($"{name} sent {message} at {Now}");
    }

    [Greenlet]
    private void ConnectAfter(ZmqSocket socket, double seconds, string endpoint)
    {
        Greenlet.Sleep(seconds);
        Log.Add($"connect at {Now}");
        socket.Connect(endpoint);
    }

    [Greenlet]
    private void EchoOnce(ZmqSocket socket)
    {
        socket.SendString(socket.RecvString() + " echoed");
    }

    [Test]
    public void OneGreenletSendsWhileAnotherReceivesOnTheSameSocket()
    {
        // A dealer with no peer cannot send: the sender waits beside the receiver until a peer connects.
        using var dealer = _context.Socket(ZmqSocketType.Dealer);
        var endpoint = ZmqEndpoints.BindFresh(dealer, "inproc");
        using var peer = _context.Socket(ZmqSocketType.Dealer);
        var receiver = Greenlet.Spawn(ReceiveLogging, "receiver", dealer);
        var sender = Greenlet.Spawn(SendLogging, "sender", dealer, "hello");
        Greenlet.Spawn(ConnectAfter, peer, 2.0, endpoint);
        Greenlet.Spawn(EchoOnce, peer);
        Greenlet.JoinAll([receiver, sender], timeout: 10); // a lost wake fails the test instead of hanging it

        Assert.That(Log, Is.EqualTo(new[] { "connect at 2", "sender sent hello at 2", "receiver got hello echoed at 2" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
    }

    [Test]
    public void AReceiveThatTakesTheEdgeWakesTheGreenletWaitingForTheNextMessage()
    {
        // The known trap: main's receive makes libzmq read the signal that would have woken the waiter, so only
        // the look at ZMQ_EVENTS after it tells the waiter that "two" is there.
        var (push, pull) = PushPull();
        var waiter = Greenlet.Spawn(ReceiveLogging, "waiter", pull);
        Greenlet.Sleep(0); // the waiter parks in recv
        push.SendString("one");
        push.SendString("two");
        Log.Add($"main got {pull.RecvString()}");
        waiter.Join(timeout: 5);

        Assert.That(Log, Is.EqualTo(new[] { "main got one", "waiter got two at 0" }));
    }

    [Test]
    public void PlainCodeBlocksWhileTheHubRunsTheSender()
    {
        var (push, pull) = PushPull();
        Greenlet.Spawn(SendAfter, push, 4.0, "to main");

        Assert.That(pull.RecvString(), Is.EqualTo("to main"));
        Assert.That(Now, Is.EqualTo(4));
    }

    [Test]
    public void TrySendAndTryRecvNeverWait()
    {
        var (push, pull) = PushPull();
        Assert.That(pull.TryRecv(out var nothing), Is.False);
        Assert.That(nothing, Is.Null);
        Assert.That(push.TrySend(new byte[] { 9 }), Is.True);
        Assert.That(pull.TryRecv(out var frame), Is.True);
        Assert.That(frame, Is.EqualTo(new byte[] { 9 }));
        Assert.That(Now, Is.Zero);
    }

    [Greenlet]
    private void ManyRoundTrips(ZmqSocket req, int count)
    {
        for (var i = 0; i < count; i++)
        {
            req.Send(BitConverter.GetBytes(i));
            if (BitConverter.ToInt32(req.Recv()) != i + 1)
            {
                throw new InvalidOperationException($"round trip {i} came back wrong");
            }
        }
    }

    [Greenlet]
    private void AddOne(ZmqSocket rep, int count)
    {
        for (var i = 0; i < count; i++)
        {
            rep.Send(BitConverter.GetBytes(BitConverter.ToInt32(rep.Recv()) + 1));
        }
    }

    [Test]
    public void TenThousandRoundTripsNeverLoseAWake()
    {
        using var rep = _context.Socket(ZmqSocketType.Rep);
        using var req = _context.Socket(ZmqSocketType.Req);
        req.Connect(ZmqEndpoints.BindFresh(rep, "inproc"));
        var client = Greenlet.Spawn(ManyRoundTrips, req, 10_000);
        var server = Greenlet.Spawn(AddOne, rep, 10_000);
        Greenlet.JoinAll(client, server);

        Assert.That(client.IsSuccessful && server.IsSuccessful, Is.True, Errors.ToString());
    }

    [Test]
    public void SyncCallInsideAGreenletThatWouldBlockNamesTheMethodToRewrite()
    {
        var (_, pull) = PushPull();
#pragma warning disable GRN0202 // the plain Recv inside a greenlet must fail: that is what this test checks
        var plain = Greenlet.Spawn(() => pull.Recv());
#pragma warning restore GRN0202
        plain.Join();

        Assert.That(plain.Exception, Is.TypeOf<GreenletContextException>());
        Assert.That(plain.Exception!.Message, Does.Contain("ZmqSocket.Recv"));
    }
}
