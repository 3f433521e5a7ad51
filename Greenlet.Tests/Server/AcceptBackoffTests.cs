using System.Net;
using System.Net.Sockets;

namespace Greenlets.Tests.Server;

/// <summary>
/// StreamServer's accept-error backoff: with the process out of descriptors (RLIMIT_NOFILE lowered in-process),
/// accepts fail with EMFILE, are reported, and are retried after doubling delays until descriptors are free again.
/// </summary>
[TestFixture]
[NonParallelizable] // changes the process's descriptor limit
[Category(TestCategories.Unit)]
public sealed partial class AcceptBackoffTests : HubTestBase
{
    private static readonly IPEndPoint s_anyLoopback = new(IPAddress.Loopback, 0);

    protected override HubClock CreateClock() => HubClock.Virtual(ioGrace: TimeSpan.Zero);

    [Greenlet]
    private static void Hello(GreenSocket socket, IPEndPoint peer) => socket.SendAll("hi");

    [Greenlet]
    private static string Fetch(IPEndPoint server)
    {
        using var client = GreenSocket.CreateConnection(server, timeout: 30);
        return System.Text.Encoding.ASCII.GetString(client.Recv(16));
    }

    [Greenlet]
    private static void RaiseLimitAfter(double seconds, IDisposable limit)
    {
        Greenlet.Sleep(seconds);
        limit.Dispose();
    }

    [Test]
    public void AcceptsThatFailForWantOfDescriptorsBackOffAndRecover()
    {
        var listener = new GreenSocket();
        listener.Bind(s_anyLoopback);
        listener.Listen(8);
        var client = new GreenSocket();
        client.Connect(listener.LocalEndPoint); // completes in the kernel's backlog: nothing accepts yet

        // The lowest free descriptor number becomes the limit: every new descriptor fails with EMFILE.
        int lowestFree;
        using (var probe = new GreenSocket())
        {
            lowestFree = probe.FileNo;
        }

        var server = new StreamServer(listener, Hello) { MinAcceptDelay = 0.01, MaxAcceptDelay = 0.04 };
        // While the limit is down nothing may open a file: format what the backoff will print once beforehand.
        _ = $"{server}: accept failed ({SocketErrors.FromErrno(SocketNative.EMFILE, "accept").Message}); retrying in {0.01} s";
        var limit = ProcessLimits.LimitDescriptors((ulong)lowestFree);
        try
        {
            server.Start();
            Greenlet.Spawn(RaiseLimitAfter, 0.1, limit);
            var buffer = new byte[2];
            client.Timeout = 30;
            var count = client.RecvInto(buffer);

            Assert.That(System.Text.Encoding.ASCII.GetString(buffer, 0, count), Is.EqualTo("hi"));
        }
        finally
        {
            limit.Dispose();
            client.Close();
        }

        var retries = Errors.ToString().Split('\n').Where(line => line.Contains("accept failed")).ToArray();
        Assert.That(retries, Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(retries[0], Does.EndWith("retrying in 0.01 s"));
        Assert.That(retries[1], Does.EndWith("retrying in 0.02 s"));
        Assert.That(retries.Skip(2), Is.All.EndsWith("retrying in 0.04 s"), "the delay doubles up to the maximum");
        Assert.That(Greenlet.Spawn(Fetch, server.Address).Get(), Is.EqualTo("hi"), "the server serves normally again");
        server.Stop();
    }
}
