using System.Net;
using System.Net.Sockets;
using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Server;

/// <summary>
/// The StreamServer helper for minimum data rates, against clients on real sockets: a peer that trickles below the
/// rate after the grace period is refused, one above it is read to the end, and the handler's own time does not count.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class MinDataRateReceiverTests : RealPeerTestBase
{
    private static readonly MinDataRate s_rate = new(10, TimeSpan.FromSeconds(1));

    /// <summary>Counts what the peer sends until it shuts down its sending side, then answers the count or "too slow".</summary>
    [Greenlet]
    private static void CountAtMinRate(GreenSocket socket, IPEndPoint peer)
    {
        var receiver = new MinDataRateReceiver(socket, s_rate);
        var buffer = new byte[100];
        try
        {
            int count;
            while ((count = receiver.RecvInto(buffer)) > 0)
            {
                if (receiver.BytesReceived == count)
                {
                    Greenlet.Sleep(2); // after the first bytes the handler is busy: not the peer's time
                }
            }

            socket.SendAll($"{receiver.BytesReceived} bytes");
        }
        catch (DataRateTimeoutException e)
        {
            socket.SendAll($"too slow: {e.Message}");
            // A close with the peer's bytes still arriving would reset the connection, and the peer could lose the
            // answer: shut down the sending side and read to the peer's end first (a lingering close).
            socket.Shutdown(SocketShutdown.Send);
            socket.Timeout = 5;
            while (socket.RecvInto(buffer) > 0)
            {
            }
        }
    }

    private static StreamServer Start()
    {
        var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), CountAtMinRate);
        server.Start();
        return server;
    }

    [Test]
    public void APeerBelowTheRateIsRefusedAfterTheGracePeriod()
    {
        using var server = Start();

        var answer = OffHub(() => Trickle(server.Address.Port, total: 20, bytesPerStep: 1, stepSeconds: 0.5));

        Assert.That(answer, Does.StartWith("too slow: ").And.Contain("under the least rate of 10 bytes/s after 1 s"));
    }

    [Test]
    public void APeerAboveTheRateIsReadToTheEnd()
    {
        using var server = Start();

        // About 100 bytes/s for 2 s; the handler's 2 s sleep after the first bytes would sink the average if it counted.
        var answer = OffHub(() => Trickle(server.Address.Port, total: 200, bytesPerStep: 20, stepSeconds: 0.2));

        Assert.That(answer, Is.EqualTo("200 bytes"));
    }

    private static string Trickle(int port, int total, int bytesPerStep, double stepSeconds)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        client.Connect("127.0.0.1", port);
        for (var sent = 0; sent < total; sent += bytesPerStep)
        {
            client.Send(new byte[bytesPerStep]);
            if (client.Poll(TimeSpan.FromSeconds(stepSeconds), SelectMode.SelectRead))
            {
                break; // the server answered before the end
            }
        }

        client.Shutdown(SocketShutdown.Send);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        int count;
        while ((count = client.Receive(buffer)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
