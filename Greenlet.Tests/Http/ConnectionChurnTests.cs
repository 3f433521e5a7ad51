using System.Net.Sockets;

namespace Greenlets.Tests.Http;

/// <summary>Connections that come and go leave no descriptor behind.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class ConnectionChurnTests : RealPeerTestBase
{
    [Test]
    public void TwoThousandShortConnectionsLeaveTheDescriptorCountFlat()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello));
        server.AccessLog = null;
        OffHub(() => Churn(server.Port, 50)); // warm up: thread pool, sockets, JIT
        var before = OpenDescriptors();
        var answered = OffHub(() => Churn(server.Port, 2000), timeoutSeconds: 120);
        Greenlet.Sleep(0.2); // let the server's side of the last connections close
        var after = OpenDescriptors();

        Assert.That(answered, Is.EqualTo(2000));
        Assert.That(server.ConnectionCount, Is.Zero);
        Assert.That(after, Is.LessThanOrEqualTo(before + 2), "descriptors leaked");
    }

    private static int Churn(int port, int connections)
    {
        var answered = 0;
        var request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray();
        var buffer = new byte[1024];
        for (var i = 0; i < connections; i++)
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = 10_000;
            client.Connect("127.0.0.1", port);
            var stream = client.GetStream();
            stream.Write(request);
            var total = 0;
            int n;
            while ((n = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += n;
            }

            if (System.Text.Encoding.ASCII.GetString(buffer, 0, total).EndsWith("Hello World", StringComparison.Ordinal))
            {
                answered++;
            }
        }

        return answered;
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
