using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Simulation;

/// <summary>The simulated network on the virtual clock: latency, bandwidth, refusals, partitions, DNS.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulatedNetworkTests : HubTestBase
{
    private static readonly LinkProfile s_tenMilliseconds = new() { Latency = 0.01, Jitter = 0 };

    private static SimulatedNetwork Network(int seed = 1) => new(seed) { DefaultLink = s_tenMilliseconds };

    [Greenlet]
    private static string ReadLineFrom(GreenStream stream)
    {
        var reader = new GreenStreamReader(stream);
        return reader.ReadLine() ?? "<end>";
    }

    [Test]
    public void AConnectTakesARoundTripAndAnEchoAnother()
    {
        var network = Network();
        var server = network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        Assert.That(echo.Address, Is.EqualTo(new IPEndPoint(server.Address, 7)));
        using var stream = network.Connect("server", 7);
        Assert.That(Now, Is.EqualTo(0.02));
        stream.Write("ping\n"u8.ToArray());
        Assert.That(ReadLineFrom(stream), Is.EqualTo("ping"));
        Assert.That(Now, Is.EqualTo(0.04));
    }

    [Test]
    public void AConnectToAPortNobodyListensOnIsRefusedAfterARoundTrip()
    {
        var network = Network();
        network.AddHost("server");
        using var scope = network.Install();
        var error = Assert.Throws<SocketException>(() => network.Connect("server", 80));
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(Now, Is.EqualTo(0.02));
    }

    [Test]
    public void AConnectAcrossAPartitionTimesOutAndOneAfterTheHealSucceeds()
    {
        var network = Network();
        var server = network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        network.Partition(network.DefaultHost, server);
        Assert.Throws<SocketTimeoutException>(() => network.Connect("server", 7, timeout: 5));
        Assert.That(Now, Is.EqualTo(5));
        network.Heal();
        using var stream = network.Connect("server", 7, timeout: 5);
        Assert.That(Now, Is.EqualTo(5.02));
    }

    [Greenlet]
    private static void HealAfter(SimulatedNetwork network, double seconds)
    {
        Greenlet.Sleep(seconds);
        network.Heal();
    }

    [Test]
    public void BytesSentDuringAPartitionArriveInOrderWhenItHeals()
    {
        var network = Network();
        var server = network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        network.Partition(network.DefaultHost, server);
        stream.Write("one\n"u8.ToArray());
        stream.Write("two\n"u8.ToArray());
        Greenlet.Spawn(HealAfter, network, 3.0);
        var reader = new GreenStreamReader(stream);
        Assert.That(reader.ReadLine(), Is.EqualTo("one"));
        Assert.That(Now, Is.EqualTo(3.03).Within(1e-9)); // healed at 0.02 + 3: the request arrives then, its echo a latency later
        Assert.That(reader.ReadLine(), Is.EqualTo("two"));
    }

    [Test]
    public void BandwidthSpacesTheBytesOut()
    {
        var network = Network();
        var server = network.AddHost("server");
        network.SetLink(network.DefaultHost, server, s_tenMilliseconds with { BytesPerSecond = 1000 });
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        stream.Write(Encoding.ASCII.GetBytes(new string('x', 499) + "\n"));
        Assert.That(ReadLineFrom(stream), Has.Length.EqualTo(499));
        Assert.That(Now, Is.EqualTo(0.02 + 0.5 + 0.01 + 0.5 + 0.01).Within(1e-6));
    }

    [Greenlet]
    private static void ReadThenYield(GreenStream stream, byte[] buffer, int[] read)
    {
        read[0] = stream.Read(buffer);
        Greenlet.Sleep(0); // the next suspension, where a kill held back lands
        read[0] = -1;
    }

    [Greenlet]
    private static void KillAt(Greenlet target, double seconds)
    {
        Greenlet.Sleep(seconds);
        target.Kill(block: false);
    }

    [Test]
    public void AKillLandingAfterBytesWereHandedToAParkedReadLosesNoneOfThem()
    {
        // The echo's segment arrives at 0.04 straight into the parked read's buffer; the killer's timer of the same
        // instant was started first, so the killer runs first, while the reader is woken but has not run.
        var network = Network();
        network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        var buffer = new byte[16];
        var read = new int[1];
        var reader = Greenlet.Spawn(ReadThenYield, stream, buffer, read);
        var killer = Greenlet.Spawn(KillAt, (Greenlet)reader, 0.02);
        Greenlet.Sleep(0);
        stream.Write("x\n"u8.ToArray());
        reader.Join();
        killer.Join();
        Assert.That(Now, Is.EqualTo(0.04));
        Assert.That(read[0], Is.EqualTo(2), "the read returned the bytes handed to it");
        Assert.That(buffer.AsSpan(0, 2).ToArray(), Is.EqualTo("x\n"u8.ToArray()));
        Assert.That(reader.IsDead && reader.Exception is null, Is.True, "killed at its next suspension (read[0] was not overwritten)");
    }

    [Test]
    public void ResettingTheConnectionsEndsTheStreamForTheReaderAndFailsTheWriter()
    {
        var network = Network();
        var server = network.AddHost("server");
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        Assert.That(network.ResetConnections(network.DefaultHost, server), Is.EqualTo(1));
        Assert.That(ReadLineFrom(stream), Is.EqualTo("<end>"));
        Assert.Throws<IOException>(() => stream.Write("late\n"u8.ToArray()));
    }

    [Test]
    public void DnsAnswersTheSimulatedNamesWhileTheNetworkIsInstalled()
    {
        var network = Network();
        var server = network.AddHost("server");
        using (network.Install())
        {
            Assert.That(GreenDns.GetHostAddresses("server"), Is.EqualTo(new[] { server.Address }));
            Assert.That(GreenDns.GetHostEntry("SERVER").AddressList, Is.EqualTo(new[] { server.Address }));
            Assert.That(GreenDns.GetHostAddresses("localhost"), Is.EqualTo(new[] { IPAddress.Loopback }));
            Assert.Throws<SocketException>(() => GreenDns.GetHostAddresses("elsewhere.example"));
        }

        Assert.That(Hub.Network, Is.Null);
    }

    [Test]
    public void AServerStartedOnAHostListensThereAndItsHandlersConnectFromThere()
    {
        var network = Network();
        var api = network.AddHost("api");
        var db = network.AddHost("db");
        using var scope = network.Install();
        using var dbServer = new StreamServer("db", 5432, LineEcho.Serve);
        dbServer.Start();
        var described = api.Adopt(Greenlet.Spawn(ConnectAndDescribe, network)).Get();
        Assert.That(described, Is.EqualTo($"{api.Address}:49152 -> {db.Address}:5432"));
    }

    [Greenlet]
    private static string ConnectAndDescribe(SimulatedNetwork network)
    {
        var stream = (SimulatedStream)network.Connect("db", 5432);
        stream.Dispose();
        return $"{stream.LocalEndPoint} -> {stream.RemoteEndPoint}";
    }
}
