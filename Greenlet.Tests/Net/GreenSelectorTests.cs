using System.Net;
using System.Text;
using Greenlets.LowLevel;
using Greenlets.Tests.Http;
using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.Net;

/// <summary>GreenSelector (gevent.selectors) over sockets and pipes, on both backends, against real gevent's output.</summary>
[TestFixture(ReactorKind.Epoll)]
[TestFixture(ReactorKind.Poll)]
[Category(TestCategories.Unit)]
public sealed partial class GreenSelectorTests(ReactorKind kind) : HubTestBase
{
    private readonly StringBuilder _output = new();

    protected override ReactorKind ReactorKind => kind;

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    private static string Show(IEnumerable<(SelectorKey Key, IoEvents Events)> ready) =>
        $"[{string.Join(", ", ready.Select(r => ((string)r.Key.Data!, (int)r.Events)).Order().Select(r => $"('{r.Item1}', {r.Item2})"))}]";

    private static string Show(IReadOnlyDictionary<int, SelectorKey>? map) =>
        map is null ? "None" : $"[{string.Join(", ", map.Values.Select(k => $"'{k.Data}'").Order(StringComparer.Ordinal))}]";

    private static string ErrorOf(Action action)
    {
        try
        {
            action();
            return "no error";
        }
        catch (KeyNotFoundException)
        {
            return "KeyError";
        }
        catch (ArgumentException)
        {
            return "ValueError";
        }
    }

    private static byte[] Recv(GreenSocket socket)
    {
        var buffer = new byte[100];
        return buffer[..socket.RecvInto(buffer)];
    }

    private void Print(string line) => _output.Append(line).Append('\n');

    [Greenlet]
    private void SendLater(GreenSocket client)
    {
        Greenlet.Sleep(0.2);
        Print("peer sends");
        client.Send("ping"u8.ToArray());
    }

    /// <summary>Greenlet.Tests/Net/Gevent/selectors_echo.py: the same steps, gevent's output byte for byte.</summary>
    [Test]
    public void RegisterSelectModifyUnregisterMatchGeventsSelector()
    {
        using var listener = new GreenSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = GreenSocket.CreateConnection(listener.LocalEndPoint);
        using var server = listener.Accept().Socket;
        using var pipe = new Pipe();

        var sel = new GreenSelector();
        var key = sel.Register(server, IoEvents.Read, "server");
        Print($"registered {key.Data} {(int)key.Events} {key.Fd == server.FileNo}");
        Print($"nothing to read {Show(sel.Select(timeout: 0.5))}");

        var sender = Greenlet.Spawn(SendLater, client);
        Print($"readable {Show(sel.Select(timeout: 5))}");
        sender.Join();
        var data = Recv(server);
        Print($"server got {Encoding.UTF8.GetString(data)}");

        key = sel.Modify(server, IoEvents.Read | IoEvents.Write, "server-rw");
        Print($"modified {key.Data} {(int)key.Events}");
        Print($"writable only {Show(sel.Select(timeout: 0))}");
        server.Send(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).ToUpperInvariant()));

        sel.Register(client, IoEvents.Read, "client");
        sel.Modify(server, IoEvents.Read, "server");
        Print($"client readable {Show(sel.Select(timeout: 5))}");
        Print($"client got {Encoding.UTF8.GetString(Recv(client))}");

        sel.Register(pipe.ReadFd, IoEvents.Read, "pipe");
        pipe.Write((byte)'x');
        client.Send("both"u8.ToArray());
        Print($"both {Show(sel.Select(timeout: 5))}");
        pipe.Read();
        Recv(server);

        Print($"same events and data {(ReferenceEquals(sel.Modify(server, IoEvents.Read, "server"), sel.GetKey(server)) ? "True" : "False")}");
        Print($"map {Show(sel.GetMap())}");

        foreach (var (name, action) in new (string, Action)[]
        {
            ("register twice", () => sel.Register(server, IoEvents.Read)),
            ("invalid events", () => sel.Register(listener, IoEvents.None)),
            ("invalid events bits", () => sel.Register(listener, (IoEvents)4)),
            ("negative fd", () => sel.Register(-1, IoEvents.Read)),
            ("modify unknown", () => sel.Modify(listener, IoEvents.Read)),
            ("unregister unknown", () => sel.Unregister(listener)),
            ("get_key unknown", () => sel.GetKey(listener)),
        })
        {
            Print($"{name} {ErrorOf(action)}");
        }

        Print($"unregistered {sel.Unregister(server).Data}");
        Print($"unregistered {sel.Unregister(pipe.ReadFd).Data}");
        Print($"map {Show(sel.GetMap())}");
        Print($"timeout with nothing ready {Show(sel.Select(timeout: 0.1))}");
        sel.Close();
        Print($"closed map {Show(sel.GetMap())}");
        HubLoop.CancelWaits(pipe.ReadFd);

        var expected = File.ReadAllText(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Net", "Gevent", "selectors_echo.out"));
        Assert.That(_output.ToString(), Is.EqualTo(expected));
    }

    [Greenlet]
    private void SelectInGreenlet(GreenSelector selector)
    {
        var ready = selector.Select(timeout: 10);
        Log.Add($"{string.Join(",", ready.Select(r => $"{r.Key.Data}:{r.Events}"))} at {Now}");
    }

    [Greenlet]
    private void TickTwice()
    {
        for (var i = 1; i <= 2; i++)
        {
            Greenlet.Sleep(1);
            Log.Add($"tick {i} at {Now}");
        }
    }

    [Test]
    public void SelectParksOnlyTheCallingGreenletUntilAPipeIsReadable()
    {
        using var pipe = new Pipe();
        using var selector = new GreenSelector();
        selector.Register(pipe.ReadFd, IoEvents.Read, "pipe");
        var selecting = Greenlet.Spawn(SelectInGreenlet, selector);
        var ticker = Greenlet.Spawn(TickTwice);

        ticker.Join();
        pipe.Write(1);
        selecting.Join();
        HubLoop.CancelWaits(pipe.ReadFd);

        Assert.That(Log, Is.EqualTo(new[] { "tick 1 at 1", "tick 2 at 2", "pipe:Read at 2" }));
        Assert.That(Hub.Reactor.WaiterCount, Is.Zero, "the wait released its registration");
    }

    [Test]
    public void ATimeoutReturnsNothingAtItsDeadline()
    {
        using var pipe = new Pipe();
        using var selector = new GreenSelector();
        selector.Register(pipe.ReadFd, IoEvents.Read, "pipe");

        Assert.That((selector.Select(timeout: 2.5), Now), Is.EqualTo((Array.Empty<(SelectorKey, IoEvents)>(), 2.5)));
        Assert.That((selector.Select(timeout: -1).Count, Now), Is.EqualTo((0, 2.5)), "a negative timeout only looks, as Python's does");
        HubLoop.CancelWaits(pipe.ReadFd);
    }

    [Test]
    public void AWritableAndReadablePipeEndReportOnlyTheirRegisteredEvents()
    {
        using var pipe = new Pipe();
        using var selector = new GreenSelector();
        selector.Register(pipe.WriteFd, IoEvents.Read | IoEvents.Write, "writer");
        selector.Register(pipe.ReadFd, IoEvents.Read | IoEvents.Write, "reader");
        pipe.Write(1);

        var ready = selector.Select(timeout: 0).Select(r => (r.Key.Data, r.Events));

        Assert.That(ready, Is.EqualTo(new[] { ((object?)"writer", IoEvents.Write), ("reader", IoEvents.Read) }), "registration order, each with only what is ready");
        HubLoop.CancelWaits(pipe.ReadFd);
        HubLoop.CancelWaits(pipe.WriteFd);
    }

    [Test]
    public void ErrorsNameTheDescriptorAndAClosedSelectorRefusesWork()
    {
        using var pipe = new Pipe();
        var selector = new GreenSelector();
        selector.Register(pipe.ReadFd, IoEvents.Read);

        var twice = Assert.Throws<SelectorKeyException>(() => selector.Register(pipe.ReadFd, IoEvents.Write))!;
        var unknown = Assert.Throws<SelectorKeyException>(() => selector.Unregister(pipe.WriteFd))!;
        Assert.That((twice.Message, unknown.Message), Is.EqualTo(($"{pipe.ReadFd} (fd {pipe.ReadFd}) is already registered, as {pipe.ReadFd}; use Modify to change its events.", $"{pipe.WriteFd} (fd {pipe.WriteFd}) is not registered.")));
        Assert.That(Assert.Throws<ArgumentException>(() => selector.Modify(pipe.ReadFd, (IoEvents)7))!.Message, Does.StartWith("Invalid events: 7"));

        selector.Close();
        Assert.That((selector.IsClosed, selector.GetMap()), Is.EqualTo((true, (IReadOnlyDictionary<int, SelectorKey>?)null)));
        Assert.Throws<ObjectDisposedException>(() => selector.Select(timeout: 0));
        Assert.Throws<ObjectDisposedException>(() => selector.Register(pipe.WriteFd, IoEvents.Write));
    }

    [Test]
    public void NothingRegisteredAndNoTimeoutIsRefused() =>
        Assert.Throws<ArgumentException>(() => new GreenSelector().Select());
}
