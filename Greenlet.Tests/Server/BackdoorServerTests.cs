using System.Net;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>The backdoor console driven in-process over a stream pair: its commands, its token, and its refusals.</summary>
[Category(TestCategories.Unit)]
public sealed partial class BackdoorServerTests : HubTestBase
{
    [Greenlet]
    private static void WaitFor(Event release) => release.Wait();

    /// <summary>Sends <paramref name="commands"/> and reads replies until the session's last line, <c>bye</c> or an error.</summary>
    private static List<string> Session(BackdoorServer backdoor, params string[] commands)
    {
        var (client, server) = GreenStream.CreatePair();
        var session = Greenlet.Spawn(backdoor.Serve, server);
        client.Write(Encoding.UTF8.GetBytes(string.Concat(commands.Select(c => c + "\n"))));
        session.Join();
        server.Dispose();
        using var reader = new GreenStreamReader(client);
        return reader.ReadToEnd().Split('\n').ToList();
    }

    [Test]
    public void ListShowsTheGreenletsAndKillEndsOneById()
    {
        var release = new Event();
        var victim = Greenlet.Spawn(WaitFor, release);
        victim.Name = "victim";
        var bystander = Greenlet.Spawn(WaitFor, release);
        bystander.Name = "bystander";
        Greenlet.Sleep(0);

        using var backdoor = new BackdoorServer();
        var lines = Session(backdoor, "list", $"kill {victim.Id}", "kill 999999", "quit");

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("Greenlet backdoor on the hub of thread "));
            Assert.That(lines, Has.Some.Contains("\"victim\"").And.Some.Contains("Parked at BackdoorServerTests.WaitFor"));
            Assert.That(lines, Has.Some.StartWith("killing <Greenlet \"victim\""));
            Assert.That(lines, Has.Some.EqualTo("error: no live greenlet 999999"));
            Assert.That(lines.TakeLast(3), Is.EqualTo(new[] { "bye", ".", "" }));
            Assert.That(victim.IsDead, Is.True);
            Assert.That(bystander.IsDead, Is.False);
        });
        release.Set();
        bystander.Join();
    }

    [Test]
    public void InfoPrintsTheRunInfoAndHelpTheCommands()
    {
        using var backdoor = new BackdoorServer();
        var text = string.Join("\n", Session(backdoor, "info", "help", "frobnicate", "quit"));

        Assert.That(text, Does.Contain("* Hub on thread ").And.Contain("* Greenlets"));
        Assert.That(text, Does.Contain(BackdoorServer.HelpText.ReplaceLineEndings("\n")));
        Assert.That(text, Does.Contain("error: unknown command 'frobnicate'; type help"));
    }

    [Test]
    public void WithATokenASessionMustStartWithIt()
    {
        using var backdoor = new BackdoorServer(token: "s3cret");

        Assert.That(Session(backdoor, "list"), Is.EqualTo(new[] { "error: token required", "" }));
        Assert.That(Session(backdoor, "token wrong", "list"), Is.EqualTo(new[] { "error: token required", "" }));
        Assert.That(Session(backdoor, "token s3cret", "quit")[0], Does.StartWith("Greenlet backdoor"));
    }

    [Test]
    public void AnAddressBeyondLoopbackIsRefusedUnlessForced()
    {
        var everywhere = new IPEndPoint(IPAddress.Any, 0);

        Assert.That(() => new BackdoorServer(everywhere), Throws.ArgumentException.With.Message.Contains("loopback only"));
        using var forced = new BackdoorServer(everywhere, allowNonLoopback: true);
        using var ipv6 = new BackdoorServer(new IPEndPoint(IPAddress.IPv6Loopback, 0));
    }
}

/// <summary>The backdoor over TCP, driven by nc.</summary>
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class BackdoorServerPeerTests : HubTestBase
{
    protected override HubClock CreateClock() => HubClock.Monotonic();

    [Greenlet]
    private static void WaitFor(Event release) => release.Wait();

    [Test]
    public void NcListsAndKillsAGreenlet()
    {
        var release = new Event();
        var victim = Greenlet.Spawn(WaitFor, release);
        victim.Name = "victim";
        using var backdoor = new BackdoorServer();
        backdoor.Start();

        using var nc = new PeerProcess("nc", "-N", "127.0.0.1", backdoor.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        nc.StandardInput.Write($"list\nkill {victim.Id}\nquit\n");
        nc.StandardInput.Close();
        for (var i = 0; i < 600 && !nc.HasExited; i++)
        {
            Greenlet.Sleep(0.05); // the hub serves the session meanwhile; bounded at 30 s
        }

        Assert.That(nc.WaitForExit(TimeSpan.FromSeconds(5)), Is.Zero, nc.StandardError.Result);
        var output = nc.StandardOutput.Result;
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.StartWith("Greenlet backdoor on the hub of thread "));
            Assert.That(output, Does.Contain("\"victim\""));
            Assert.That(output, Does.Contain("killing <Greenlet \"victim\""));
            Assert.That(output, Does.EndWith("bye\n.\n"));
            Assert.That(victim.IsDead, Is.True);
        });
    }
}
