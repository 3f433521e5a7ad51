using System.Net;
using Greenlets.Tests.Server;
using Tour;

namespace Greenlets.Tests.Samples;

/// <summary>The select-polling and telnet samples: gevent's output on the virtual clock, and nc as the telnet client.</summary>
[TestFixture]
[NonParallelizable] // swaps Console.Out
[Category(TestCategories.Peer)]
public sealed class SocketSampleTests
{
    [Test]
    public void SelectPollingEndsBothPollsAfterTwoVirtualSeconds()
    {
        using var hub = Greenlets.Hub.Install(HubClock.Virtual(ioGrace: TimeSpan.Zero));
        var output = CaptureStdout(TourCatalog.Find("select-polling")!.Run!);

        Assert.That(output, Is.EqualTo(ReadReference("select-polling")));
        Assert.That(Greenlets.Hub.Current.Now, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void TelnetSamplePrintsWhatGeventPrints()
    {
        using var hub = Greenlets.Hub.Install(HubClock.Virtual());
        var output = CaptureStdout(TourCatalog.Find("telnet")!.Run!);

        Assert.That(output, Is.EqualTo(ReadReference("telnet")));
    }

    [Test]
    public void EachNcConnectionGetsTheGreetingThenZeroToFourThenEndOfStream()
    {
        using var hub = Greenlets.Hub.Install(HubClock.Virtual(ioGrace: TimeSpan.FromSeconds(10)));
        var server = TelnetExample.CreateServer(new IPEndPoint(IPAddress.Loopback, 0));
        server.Start();
        var port = server.Address.Port.ToString();
        using var first = new PeerProcess("nc", "-d", "127.0.0.1", port);
        using var second = new PeerProcess("nc", "-d", "127.0.0.1", port);
        using var third = new PeerProcess("nc", "-d", "127.0.0.1", port);

        // The hub serves while main waits for the peers' output (read on other threads) to be complete.
        var outputs = Task.WhenAll(first.StandardOutput, second.StandardOutput, third.StandardOutput);
        for (var i = 0; i < 600 && !outputs.IsCompleted; i++)
        {
            Greenlet.Sleep(0.05);
        }

        server.Stop();
        Assert.That(outputs.IsCompleted, Is.True, "every nc saw end of stream");
        Assert.That(outputs.Result, Is.All.EqualTo("Hello from a telnet!\n0\n1\n2\n3\n4\n"));
        foreach (var nc in new[] { first, second, third })
        {
            Assert.That(nc.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, nc.StandardError.Result);
        }
    }

    private static string CaptureStdout(Action run)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            run();
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    private static string ReadReference(string name)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
        {
            dir = dir.Parent ?? throw new DirectoryNotFoundException("No Greenlet.sln above the test directory.");
        }

        return File.ReadAllText(Path.Combine(dir.FullName, "samples", "Tour", "reference", name + ".out"));
    }
}
