using System.Text.Json;
using Greenlets.Tests.Server;

namespace Greenlets.Tests.Monitor;

/// <summary>
/// The hub's metrics as <c>dotnet-counters</c> reads them from outside: the tool, installed from NuGet into a
/// temporary folder, attaches to this test process while its hub runs greenlets, and exports what it saw as JSON.
/// </summary>
[NonParallelizable] // one hub busy on the real clock while the tool watches the process
[Category(TestCategories.Peer)]
public sealed partial class DotnetCountersPeerTests : HubTestBase
{
    private const string ToolVersion = "10.0.750501";

    protected override HubClock CreateClock() => HubClock.Monotonic();

    [Greenlet]
    private static void BusyUntil(PeerProcess tool)
    {
        // Bounded: at most 60 s, even if the tool never exits (it is killed after).
        for (var i = 0; i < 3000 && !tool.HasExited; i++)
        {
            Greenlet.Spawn(Nothing); // a short-lived child every 20 ms, so the spawn rate is not zero
            Greenlet.Sleep(0.02);
        }
    }

    [Greenlet]
    private static void Nothing()
    {
    }

    [Greenlet]
    private static void WaitFor(Event release) => release.Wait();

    [Test]
    public void DotnetCountersReadsTheGreenletCountersOfARunningHub()
    {
        var tool = InstallDotnetCounters();
        var output = Path.Combine(Path.GetTempPath(), $"greenlet-counters-{Environment.ProcessId}.json");
        File.Delete(output);

        var release = new Event();
        var parked = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(WaitFor, release)).ToArray();
        using var peer = new PeerProcess(tool, "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--counters", HubMetrics.MeterName, "--refresh-interval", "1", "--format", "json", "-o", output, "--duration", "00:00:00:05");
        var busy = Enumerable.Range(0, 2).Select(_ => Greenlet.Spawn(BusyUntil, peer)).ToArray();
        Greenlet.JoinAll(busy);
        release.Set();
        Greenlet.JoinAll(parked);
        Assert.That(peer.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, peer.StandardError.Result + peer.StandardOutput.Result);

        var hub = HubMetrics.NumberOf(Hub).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var seen = ReadCounters(output, hub);
        Assert.Multiple(() =>
        {
            Assert.That(seen.Keys, Is.SupersetOf(new[] { HubMetrics.GreenletsAlive, HubMetrics.GreenletsSpawned, HubMetrics.Switches, HubMetrics.LoopLag }), File.ReadAllText(output));
            // Alive: the three parked greenlets and the two busy ones all the while, and at times a child not yet run.
            Assert.That(seen[HubMetrics.GreenletsAlive], Has.All.InRange(5, 7));
            // The counters are shown as rates: each busy greenlet spawns a child and yields every 20 ms (at most 100/s
            // each), so every second saw spawns and switches.
            Assert.That(seen[HubMetrics.GreenletsSpawned], Has.All.InRange(1, 200));
            Assert.That(seen[HubMetrics.Switches], Has.All.InRange(1, 1000));
            Assert.That(seen[HubMetrics.LoopLag], Has.All.GreaterThanOrEqualTo(0));
        });
        File.Delete(output);
    }

    /// <summary>Every value the tool exported for this hub, by counter name.</summary>
    private static Dictionary<string, List<double>> ReadCounters(string path, string hubNumber)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var seen = new Dictionary<string, List<double>>();
        foreach (var evt in json.RootElement.GetProperty("Events").EnumerateArray())
        {
            if (evt.GetProperty("provider").GetString() != HubMetrics.MeterName
                || !evt.GetProperty("tags").GetString()!.Contains($"{HubMetrics.HubTag}={hubNumber}", StringComparison.Ordinal))
            {
                continue;
            }

            var name = evt.GetProperty("name").GetString()!;
            var counter = name.Split(' ')[0];
            if (!seen.TryGetValue(counter, out var values))
            {
                seen[counter] = values = [];
            }

            values.Add(evt.GetProperty("value").GetDouble());
        }

        return seen;
    }

    /// <summary>Installs dotnet-counters from NuGet into a temporary folder, once per machine and version.</summary>
    private static string InstallDotnetCounters()
    {
        var folder = Path.Combine(Path.GetTempPath(), "greenlet-tools", "dotnet-counters-" + ToolVersion);
        var tool = Path.Combine(folder, "dotnet-counters");
        if (!File.Exists(tool))
        {
            using var install = new PeerProcess("dotnet", "tool", "install", "--tool-path", folder, "dotnet-counters", "--version", ToolVersion);
            Assert.That(install.WaitForExit(TimeSpan.FromMinutes(3)), Is.Zero, install.StandardError.Result + install.StandardOutput.Result);
        }

        return tool;
    }
}
