using System.Net.Sockets;

namespace Greenlets.Tests.Http;

/// <summary>
/// The plaintext keep-alive path's steady-state allocation per request, bounded: every byte the hub thread allocates
/// between two requests, read from inside the handler (which runs on the hub thread), parser, response writer,
/// reactor and scheduler included.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class PlaintextAllocationTests : RealPeerTestBase
{
    private const int WarmUpRequests = 3_000;
    private const int MeasuredRequests = 10_000;
    private const int PipelineDepth = 16;
    private const double MaxBytesPerRequest = 100;
    private static readonly HttpBody Body = HttpBody.FromMemory("Hello, World!"u8.ToArray());
    private int _requests;
    private long _bytesAtStart;
    private long _bytesAtEnd;

    [Greenlet]
    private HttpBody Plaintext(HttpRequest request, HttpResponse response)
    {
        _requests++;
        if (_requests == WarmUpRequests) _bytesAtStart = GC.GetAllocatedBytesForCurrentThread();
        if (_requests == WarmUpRequests + MeasuredRequests) _bytesAtEnd = GC.GetAllocatedBytesForCurrentThread();
        response.SetHeader("Content-Type", "text/plain");
        return Body;
    }

    [Test]
    public void PlaintextKeepAliveRequestsAllocateUnderAHundredBytesEachOnTheHubThread()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, Plaintext));
        server.AccessLog = null; // the access log formats a line per request; the benchmark runs without it too
        const int Total = WarmUpRequests + MeasuredRequests + PipelineDepth;

        var ok = OffHub(() => PipelinedGets(server.Port, Total), timeoutSeconds: 60);

        Assert.That(ok, Is.EqualTo(Total), "every response was a 200");
        Assert.That(_requests, Is.EqualTo(Total));
        var perRequest = (double)(_bytesAtEnd - _bytesAtStart) / MeasuredRequests;
        // Measured: about 90 bytes per request (232 before the connection loop stopped building unlogged request
        // lines and began waiting for requests in its own frame). The remaining cost is per request, not per
        // wakeup (the same at pipeline depth 16 and 64); the bound keeps it from growing until it is found.
        Assert.That(perRequest, Is.LessThan(MaxBytesPerRequest), $"{perRequest:F2} bytes per request on the hub thread");
        Assert.That(_bytesAtEnd, Is.GreaterThan(0), "the handler read the hub thread's counter");
    }

    /// <summary>Sends <paramref name="total"/> GETs on one keep-alive connection, <see cref="PipelineDepth"/> at a time; counts the 200s.</summary>
    private static int PipelinedGets(int port, int total)
    {
        var one = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        var batch = Enumerable.Repeat(one, PipelineDepth).SelectMany(b => b).ToArray();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, NoDelay = true };
        client.Connect("127.0.0.1", port);
        var buffer = new byte[64 * 1024];
        var ok = 0;
        for (var sent = 0; sent < total; sent += PipelineDepth)
        {
            var depth = Math.Min(PipelineDepth, total - sent);
            client.Send(batch, 0, depth * one.Length, SocketFlags.None);
            var received = 0;
            while (CountOf(buffer.AsSpan(0, received), "Hello, World!"u8) < depth)
            {
                var count = client.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
                if (count == 0) throw new IOException("the server closed the connection");
                received += count;
            }

            ok += CountOf(buffer.AsSpan(0, received), "HTTP/1.1 200 "u8);
        }

        return ok;
    }

    private static int CountOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var found = 0;
        int at;
        while ((at = haystack.IndexOf(needle)) >= 0)
        {
            found++;
            haystack = haystack[(at + needle.Length)..];
        }

        return found;
    }
}
