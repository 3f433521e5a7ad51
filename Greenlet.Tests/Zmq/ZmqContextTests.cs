namespace Greenlets.Tests.Zmq;

/// <summary>
/// The context's life and the sockets' options: disposal closes what is open and never waits longer than the
/// lingers, sockets stay on their hub's thread, a missing libzmq is named with its package, bad input fails clearly.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class ZmqContextTests : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Test]
    [NonParallelizable] // changes where the process looks for libzmq
    public void MissingLibraryNamesThePackageToInstall()
    {
        ZmqNative.ProbedLibrary = "libzmq-not-installed.so.5";
        ZmqNative.ResetLoadCheck();
        try
        {
            var error = Assert.Throws<DllNotFoundException>(() => new ZmqContext());
            Assert.That(error!.Message, Does.Contain("apt-get install libzmq5"));
            Assert.That(error.Message, Does.Contain("libzmq-not-installed.so.5"));
        }
        finally
        {
            ZmqNative.ProbedLibrary = "libzmq.so.5";
            ZmqNative.ResetLoadCheck();
        }

        using var context = new ZmqContext(); // the real library loads again
        Assert.That(context.IsTerminated, Is.False);
    }

    [Test]
    public void TheLibraryIsDebiansLibzmq43()
    {
        Assert.That(ZmqContext.LibraryVersion, Is.GreaterThanOrEqualTo(new Version(4, 3, 0)));
    }

    [Test]
    public void DisposingTheContextClosesTheSocketsStillOpen()
    {
        var context = new ZmqContext();
        var pull = context.Socket(ZmqSocketType.Pull);
        var push = context.Socket(ZmqSocketType.Push);
        push.Connect(ZmqEndpoints.BindFresh(pull, "inproc"));
        push.SendString("never read");

        context.Dispose();

        Assert.That(context.IsTerminated, Is.True);
        Assert.That(pull.IsClosed && push.IsClosed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => context.Socket(ZmqSocketType.Pair));
        Assert.DoesNotThrow(context.Dispose, "disposing twice does nothing");
    }

    [Test]
    public void DisposalWaitsNoLongerThanTheLingerForAPeerThatNeverCame()
    {
        var context = new ZmqContext { DefaultLinger = TimeSpan.FromMilliseconds(50) };
        var push = context.Socket(ZmqSocketType.Push);
        Assert.That(push.Linger, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        using (var probe = context.Socket(ZmqSocketType.Pull))
        {
            // A port nobody listens on: bind one, then let it go.
            var endpoint = ZmqEndpoints.BindFresh(probe, "tcp");
            push.Connect(endpoint);
        }

        push.SendString("undeliverable"); // queued for the connection that never completes

        context.Dispose(); // with libzmq's default linger (for ever) this would never return

        Assert.That(context.IsTerminated, Is.True);
    }

    [Test]
    public void NewSocketsLingerOneSecondByDefault()
    {
        using var context = new ZmqContext();
        using var socket = context.Socket(ZmqSocketType.Push);

        Assert.That(context.DefaultLinger, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(socket.Linger, Is.EqualTo(TimeSpan.FromSeconds(1)));
        socket.Linger = null;
        Assert.That(socket.Linger, Is.Null, "for ever");
        socket.Close(linger: TimeSpan.Zero);
        Assert.That(socket.IsClosed, Is.True);
    }

    [Test]
    public void ASocketRefusesUseFromAnotherThread()
    {
        using var context = new ZmqContext();
        using var socket = context.Socket(ZmqSocketType.Pair);
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket.Bind("inproc://other-thread");
            }
            catch (Exception exception)
            {
                caught = exception;
            }
        });
        thread.Start();
        thread.Join();

        Assert.That(caught, Is.TypeOf<InvalidOperationException>());
        Assert.That(caught!.Message, Does.Contain("cannot be shared between threads"));
    }

    [Test]
    public void DisposingWithSocketsOpenOnAnotherHubThrowsInsteadOfHanging()
    {
        var context = new ZmqContext();
        using var created = new ManualResetEventSlim();
        using var mayClose = new ManualResetEventSlim();
        var owner = new Thread(() =>
        {
            var foreign = context.Socket(ZmqSocketType.Sub);
            created.Set();
            mayClose.Wait();
            foreign.Close();
        });
        owner.Start();
        created.Wait();

        var error = Assert.Throws<InvalidOperationException>(context.Dispose);
        mayClose.Set();
        owner.Join();

        Assert.That(error!.Message, Does.Contain("close them on their own threads"));
        Assert.That(context.IsTerminated, Is.False);
        context.Dispose();
        Assert.That(context.IsTerminated, Is.True);
    }

    [Test]
    public void OptionsReadBackWhatWasSet()
    {
        using var context = new ZmqContext();
        using var socket = context.Socket(ZmqSocketType.Dealer);
        socket.SendHighWaterMark = 10;
        socket.ReceiveHighWaterMark = 20;
        socket.RoutingId = [1, 2, 3];
        socket.MaxMessageSize = 1 << 20;
        socket.Immediate = true;
        socket.ReceiveTimeout = TimeSpan.FromSeconds(2);

        Assert.That(socket.Type, Is.EqualTo(ZmqSocketType.Dealer));
        Assert.That(socket.SendHighWaterMark, Is.EqualTo(10));
        Assert.That(socket.ReceiveHighWaterMark, Is.EqualTo(20));
        Assert.That(socket.RoutingId, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(socket.MaxMessageSize, Is.EqualTo(1 << 20));
        Assert.That(socket.Immediate, Is.True);
        Assert.That(socket.ReceiveTimeout, Is.EqualTo((GreenDuration)TimeSpan.FromSeconds(2)));
        Assert.That(socket.GetInt32Option(16), Is.EqualTo((int)ZmqSocketType.Dealer), "ZMQ_TYPE through the raw accessor");
        Assert.That(socket.BindToRandomPort("tcp://127.0.0.1"), Is.InRange(1, 65535));
        Assert.That(socket.LastEndpoint, Does.StartWith("tcp://127.0.0.1:"));
    }

    [Test]
    public void BadInputFailsClearly()
    {
        using var context = new ZmqContext();
        using var socket = context.Socket(ZmqSocketType.Pair);

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Socket((ZmqSocketType)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.RoutingId = []);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.ReceiveTimeout = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.SendHighWaterMark = -1);
        Assert.Throws<ArgumentException>(() => socket.SendMultipart([]));
        var error = Assert.Throws<ZmqException>(() => socket.Bind("carrier-pigeon://nowhere"));
        Assert.That(error!.ErrorCode, Is.EqualTo(93), "EPROTONOSUPPORT");
        Assert.That(error.Message, Does.Contain("carrier-pigeon://nowhere"));
        var state = Assert.Throws<ZmqException>(() =>
        {
            using var req = context.Socket(ZmqSocketType.Req);
            req.Recv();
        });
        Assert.That(state!.ErrorCode, Is.EqualTo(ZmqNative.EFSM), "a REQ receiving before it sent");
    }
}
