using System.Net.Sockets;

namespace Greenlets.Tests.Http;

/// <summary>A hundred thousand requests over ten thousand short keep-alive connections leave no descriptor behind.</summary>
[TestFixture]
[NonParallelizable] // counts the process's descriptors
[Category(TestCategories.Peer)]
public sealed class RequestChurnTests : RealPeerTestBase
{
    private const int ClientThreads = 2;
    private const int ConnectionsPerThread = 5_000;
    private const int RequestsPerConnection = 10;

    [Test]
    public void AHundredThousandRequestsWithConnectionChurnLeaveTheDescriptorCountFlat()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello));
        server.AccessLog = null;
        OffHub(() => ChurnOnThreads(server.Port, connectionsPerThread: 20)); // warm up the same way: threads, sockets, JIT
        for (var i = 0; i < 50 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.1);
        }

        var before = DescribeDescriptors();

        var okResponses = OffHub(() => ChurnOnThreads(server.Port, ConnectionsPerThread), timeoutSeconds: 120);
        for (var i = 0; i < 50 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.1); // the server's side of the last connections closes
        }

        var after = DescribeDescriptors();

        Assert.That(okResponses, Is.EqualTo(ClientThreads * ConnectionsPerThread * RequestsPerConnection), "every response was a 200");
        Assert.That(server.ConnectionCount, Is.Zero);
        // A leak of one descriptor per connection would be ten thousand sockets. The runtime maps an assembly file
        // now and then as the test host loads one (those stay open); they are not counted.
        Assert.That(Sockets(before), Is.GreaterThan(0), "the listening socket is among the descriptors counted");
        Assert.That(Sockets(after), Is.LessThanOrEqualTo(Sockets(before)), $"sockets leaked: {string.Join(", ", after.Except(before))}");
        Assert.That(NonAssemblies(after), Is.LessThanOrEqualTo(NonAssemblies(before) + 2), $"descriptors leaked: {string.Join(", ", after.Except(before))}");
    }

    private static int Sockets(string[] descriptors) => descriptors.Count(d => d.Contains("->socket:[", StringComparison.Ordinal));

    private static int NonAssemblies(string[] descriptors) => descriptors.Count(d => !d.EndsWith(".dll", StringComparison.Ordinal));

    /// <summary>Each open descriptor of this process as "number->target".</summary>
    private static string[] DescribeDescriptors() =>
        [.. Directory.GetFiles("/proc/self/fd").Select(fd => $"{Path.GetFileName(fd)}->{new FileInfo(fd).LinkTarget}")];

    private static int ChurnOnThreads(int port, int connectionsPerThread)
    {
        var threads = Enumerable.Range(0, ClientThreads).Select(_ => Task.Factory.StartNew(
            () => Churn(port, connectionsPerThread), TaskCreationOptions.LongRunning)).ToArray();
        return threads.Sum(t => t.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Opens <paramref name="connections"/> connections one after another (raw sockets, off the hub), sends ten
    /// keep-alive requests on each, one at a time, and counts the 200 responses.
    /// </summary>
    private static int Churn(int port, int connections)
    {
        var request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        var buffer = new byte[4096];
        var ok = 0;
        for (var c = 0; c < connections; c++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, NoDelay = true };
            client.Connect("127.0.0.1", port);
            for (var r = 0; r < RequestsPerConnection; r++)
            {
                client.Send(request);
                var total = 0;
                while (!buffer.AsSpan(0, total).EndsWith("Hello World"u8))
                {
                    var count = client.Receive(buffer, total, buffer.Length - total, SocketFlags.None);
                    if (count == 0)
                    {
                        throw new IOException($"the server closed after {r} responses");
                    }

                    total += count;
                }

                if (buffer.AsSpan(0, total).StartsWith("HTTP/1.1 200 "u8))
                {
                    ok++;
                }
            }
        }

        return ok;
    }
}
