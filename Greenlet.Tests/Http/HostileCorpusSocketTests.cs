using System.Net.Http;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>The hostile corpus and slow clients over real sockets: each gets its 4xx/5xx or is timed out, and the server keeps serving.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class HostileCorpusSocketTests : RealPeerTestBase
{
    [Test]
    public void EveryHostileRequestGetsItsStatusAndTheServerStaysUp()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.ReadBody));
        var statuses = OffHub(() => HostileCorpus.All.Select(request => StatusOverSocket(server.Port, request.Bytes)).ToList(), 120);
        var expected = HostileCorpus.All.Select(r => r.ExpectedStatus).ToList();
        var healthy = OffHub(() => Get(server.Port, "/"));

        var mismatches = HostileCorpus.All.Zip(statuses).Where(p => p.First.ExpectedStatus != p.Second).Select(p => $"{p.First} got {p.Second}").ToList();
        Assert.That(mismatches, Is.Empty);
        Assert.That(statuses, Has.Count.EqualTo(expected.Count));
        Assert.That(healthy, Is.EqualTo("0 bytes"));
    }

    [Test]
    public void SlowlorisConnectionsDoNotStopANormalClientAndAreTimedOut()
    {
        var limits = HttpLimits.Default with { HeaderReadTimeout = TimeSpan.FromSeconds(1) };
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, limits));
        var (served, slowClosed) = OffHub(() =>
        {
            var slow = new List<TcpClient>();
            try
            {
                for (var i = 0; i < 1000; i++)
                {
                    var client = new TcpClient();
                    client.Connect("127.0.0.1", server.Port);
                    client.GetStream().Write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "u8);
                    slow.Add(client);
                }

                var body = Get(server.Port, "/headers");

                // Every slow connection gets a 408 and the end of the stream once its head has taken longer than the limit.
                var closed = 0;
                foreach (var client in slow)
                {
                    client.ReceiveTimeout = 20_000;
                    var received = new MemoryStream();
                    try
                    {
                        client.GetStream().CopyTo(received);
                    }
                    catch (IOException)
                    {
                    }

                    if (Encoding.ASCII.GetString(received.ToArray()).StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal))
                    {
                        closed++;
                    }
                }

                return (body, closed);
            }
            finally
            {
                foreach (var client in slow)
                {
                    client.Dispose();
                }
            }
        });

        Assert.That(served, Does.StartWith("GET /headers"));
        Assert.That(slowClosed, Is.EqualTo(1000));
    }

    [Test]
    public void AByteByByteClientIsServedWhenItFinishesInTime()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch));
        var response = OffHub(() =>
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", server.Port);
            client.NoDelay = true;
            var stream = client.GetStream();
            foreach (var b in "GET /headers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray())
            {
                stream.WriteByte(b);
                Thread.Sleep(1);
            }

            return ReadToClose(stream);
        });

        Assert.That(response, Does.StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("GET /headers  ua= x="));
    }

    [Test]
    public void HttpClientIsServedOverOneKeptAliveConnection()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch));
        var bodies = OffHub(() =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
            var results = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                results.Add(http.GetStringAsync($"/headers?{i}").GetAwaiter().GetResult());
            }

            using var post = http.PostAsync("/echo", new ByteArrayContent(Encoding.ASCII.GetBytes("posted"))).GetAwaiter().GetResult();
            results.Add(post.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return results;
        });

        Assert.That(bodies, Has.Count.EqualTo(21));
        Assert.That(bodies[7], Is.EqualTo("GET /headers 7 ua= x="));
        Assert.That(bodies[^1], Is.EqualTo("posted"));
        Assert.That(AccessLog.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(21));
    }

    private static int StatusOverSocket(int port, byte[] request)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 10_000;
        client.Connect("127.0.0.1", port);
        var stream = client.GetStream();
        try
        {
            stream.Write(request);
        }
        catch (IOException)
        {
            // The server answered and closed before taking everything (an oversized body): read its answer.
        }

        var text = ReadToClose(stream);
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3)) : 0;
    }

    private static string ReadToClose(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static string Get(int port, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return http.GetStringAsync(path).GetAwaiter().GetResult();
    }
}
