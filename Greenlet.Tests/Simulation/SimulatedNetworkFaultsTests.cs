using System.Net;
using System.Text;

namespace Greenlets.Tests.Simulation;

/// <summary>
/// The simulated network's faults: short reads and writes and spurious wake-ups lose nothing for a reader that
/// reads as the stream contract says, and a reset ends the stream for the reader and fails the writer.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulatedNetworkFaultsTests : HubTestBase
{
    private static SimulatedNetwork Network(NetworkFaults faults)
    {
        var network = new SimulatedNetwork(seed: 3) { DefaultLink = new LinkProfile { Latency = 0.01, Jitter = 0 } };
        network.Faults.ShortReads = faults.ShortReads;
        network.Faults.ShortWrites = faults.ShortWrites;
        network.Faults.SpuriousWakeups = faults.SpuriousWakeups;
        network.Faults.Resets = faults.Resets;
        network.AddHost("server");
        return network;
    }

    [Test]
    public void ShortReadsShortWritesAndSpuriousWakeupsLoseNothing()
    {
        var network = Network(new NetworkFaults { ShortReads = 1, ShortWrites = 1, SpuriousWakeups = 0.5 });
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        var line = new string('x', 1000);
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));

        var buffer = new byte[4096];
        var first = stream.Read(buffer);
        Assert.That(first, Is.InRange(1, 1000), "a short read returns part of what has arrived");

        var received = new StringBuilder(Encoding.UTF8.GetString(buffer, 0, first));
        while (received.Length < line.Length + 1)
        {
            var n = stream.Read(buffer);
            Assert.That(n, Is.GreaterThan(0), "the stream ended early");
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        Assert.That(received.ToString(), Is.EqualTo(line + "\n"));
        using var reader = new GreenStreamReader(stream);
        for (var i = 0; i < 50; i++)
        {
            stream.Write(Encoding.UTF8.GetBytes($"line {i}\n"));
            Assert.That(LineEcho.ReadLineFrom(reader), Is.EqualTo($"line {i}"));
        }
    }

    [Test]
    public void AResetEndsTheStreamForTheReaderAndFailsTheNextWrite()
    {
        var network = Network(new NetworkFaults { Resets = 1 });
        using var scope = network.Install();
        using var echo = new StreamServer("server", 7, LineEcho.Serve);
        echo.Start();
        using var stream = network.Connect("server", 7);
        stream.Write("ping\n"u8.ToArray());
        using var reader = new GreenStreamReader(stream);
        Assert.That(LineEcho.ReadLineFrom(reader), Is.Null, "a reset reads as the end of the stream");
        Assert.Throws<IOException>(() => stream.Write("again\n"u8.ToArray()));
    }
}
