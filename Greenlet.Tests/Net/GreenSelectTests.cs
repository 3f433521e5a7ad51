using System.Net;
using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.Net;

/// <summary>GreenSelect over sockets and raw descriptors, on both backends: level readiness, timeouts, kills.</summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class GreenSelectTests(ReactorKind kind) : HubTestBase
{
    private static readonly GreenSocket[] s_none = [];

    protected override ReactorKind ReactorKind => kind;

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    private static (GreenSocket Client, GreenSocket Server) ConnectedPair(GreenSocket listener)
    {
        var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        return (client, listener.Accept().Socket);
    }

    private static GreenSocket Listen()
    {
        var listener = new GreenSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        return listener;
    }

    [Greenlet]
    private void SendAfter(GreenSocket socket, double seconds)
    {
        Greenlet.Sleep(seconds);
        socket.SendAll(new byte[] { 1 });
    }

    [Greenlet]
    private void SelectAndLog(GreenSocket[] read, double? timeout)
    {
        try
        {
            var ready = GreenSelect.Select(read, s_none, s_none, timeout);
            Log.Add($"{ready.Read.Count} ready at {Now}");
        }
        catch (GreenletExit)
        {
            Log.Add($"killed at {Now}");
            throw;
        }
    }

    [Test]
    public void WaitsUntilOneOfTheSocketsIsReadableAndReturnsOnlyThatOne()
    {
        using var listener = Listen();
        var (a, peerA) = ConnectedPair(listener);
        var (b, peerB) = ConnectedPair(listener);
        Greenlet.Spawn(SendAfter, peerB, 1.5);

        var ready = GreenSelect.Select([a, b], s_none, s_none, timeout: 10);

        Assert.That(ready.Read, Is.EqualTo(new[] { b }));
        Assert.That(ready.Write, Is.Empty);
        Assert.That(Now, Is.EqualTo(1.5));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero, "the registration on the other socket was released");
        foreach (var socket in new[] { a, b, peerA, peerB })
        {
            socket.Close();
        }
    }

    [Test]
    public void WhatIsReadyAlreadyIsReturnedAtOnce()
    {
        using var listener = Listen();
        var (client, server) = ConnectedPair(listener);
        server.SendAll(new byte[] { 7 });

        var ready = GreenSelect.Select([client, server], [client], s_none, timeout: 5);

        Assert.That(ready.Read, Is.EqualTo(new[] { client }));
        Assert.That(ready.Write, Is.EqualTo(new[] { client }), "a fresh connection has room to write");
        Assert.That(Now, Is.Zero);
        client.Close();
        server.Close();
    }

    [Test]
    public void GreenletsSelectingTimeOutTogetherWhileOthersRun()
    {
        using var listener = Listen();
        var (client, server) = ConnectedPair(listener);
        var first = Greenlet.Spawn(SelectAndLog, new[] { client }, (double?)2);
        var second = Greenlet.Spawn(SelectAndLog, new[] { server }, (double?)2);
        Greenlet.JoinAll(first, second);

        Assert.That(Log, Is.EqualTo(new[] { "0 ready at 2", "0 ready at 2" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
        client.Close();
        server.Close();
    }

    [Test]
    public void KillingASelectingGreenletReleasesEveryRegistration()
    {
        using var listener = Listen();
        var (a, peerA) = ConnectedPair(listener);
        var (b, peerB) = ConnectedPair(listener);
        var selecting = Greenlet.Spawn(SelectAndLog, new[] { a, b }, (double?)null);
        Greenlet.Sleep(1);
        Assert.That(Hub.Reactor.WaiterCount, Is.EqualTo(2));

        selecting.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "killed at 1" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero);
        var again = Greenlet.Spawn(SelectAndLog, new[] { a, b }, (double?)null);
        Greenlet.Spawn(SendAfter, peerA, 1.0);
        again.Join();
        Assert.That(Log[^1], Is.EqualTo("1 ready at 2"));
        foreach (var socket in new[] { a, b, peerA, peerB })
        {
            socket.Close();
        }
    }

    [Test]
    public void RawDescriptorsWork()
    {
        using var pipe = new Pipe();
        Assert.That(GreenSelect.Select([pipe.ReadFd], [pipe.WriteFd], [], timeout: 0).Write, Is.EqualTo(new[] { pipe.WriteFd }));
        Assert.That(GreenSelect.Select([pipe.ReadFd], [], [], timeout: 0).IsEmpty, Is.True);

        pipe.Write(3);
        var ready = GreenSelect.Select([pipe.ReadFd], [], [], timeout: 1);
        Assert.That(ready.Read, Is.EqualTo(new[] { pipe.ReadFd }));
    }

    [Test]
    public void NothingToWaitForIsRefused()
    {
        Assert.Throws<ArgumentException>(() => GreenSelect.Select(s_none, s_none, s_none));
        Assert.Throws<ArgumentOutOfRangeException>(() => GreenSelect.Select(s_none, s_none, s_none, -1));
        Assert.That(GreenSelect.Select(s_none, s_none, s_none, 0.5).IsEmpty, Is.True);
        Assert.That(Now, Is.EqualTo(0.5));
    }
}
