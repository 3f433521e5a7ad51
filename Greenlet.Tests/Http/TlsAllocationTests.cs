using System.Net.Security;
using System.Net.Sockets;
using Greenlets.Tests.Streams;

namespace Greenlets.Tests.Http;

/// <summary>
/// The HTTPS keep-alive path, as <see cref="PlaintextAllocationTests"/> checks the plaintext one: every byte the hub
/// thread allocates between two requests, TLS records decrypted and encrypted by SslStream included, read from inside
/// the handler. Clients are .NET's SslStream on threads of their own.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class TlsAllocationTests : RealPeerTestBase
{
    private const int WarmUpRequests = 3_000;
    private const int MeasuredRequests = 10_000;
    // Less than a byte per request on average: one object per request, even the smallest, would be 240,000 bytes.
    // SslStream's reads are async methods on PoolingAsyncValueTaskMethodBuilder, whose cache of state-machine boxes
    // holds one per thread and one per core: with more connections waiting at once than that, a wait now and then
    // takes a fresh box (512 bytes over 10,000 requests with 8 connections; 0 with one).
    private const int MaxBytes = MeasuredRequests;
    private static readonly HttpBody s_body = HttpBody.FromMemory("Hello, World!"u8.ToArray());
    private int _requests;
    private long _bytesAtStart;
    private long _bytesAtEnd;

    [Greenlet]
    private HttpBody Plaintext(HttpRequest request, HttpResponse response)
    {
        _requests++;
        if (_requests == WarmUpRequests)
        {
            _bytesAtStart = GC.GetAllocatedBytesForCurrentThread();
        }

        if (_requests == WarmUpRequests + MeasuredRequests)
        {
            _bytesAtEnd = GC.GetAllocatedBytesForCurrentThread();
        }

        response.SetHeader("Content-Type", "text/plain");
        return s_body;
    }

    [TestCase(1)]
    [TestCase(8)]
    public void HttpsKeepAliveRequestsAllocateNothingOnTheHubThread(int connections)
    {
        (_requests, _bytesAtStart, _bytesAtEnd) = (0, 0, 0);
        using var server = Serve(new HttpServer("127.0.0.1", 0, Plaintext) { Tls = GreenSslStream.CreateServerOptions(TestCertificates.Shared.Server) });
        server.AccessLog = null;
        var perConnection = 2 * (WarmUpRequests + MeasuredRequests) / connections;
        var port = server.Port;

        var ok = OffHub(() => GetsOnConnectionsAtOnce(port, connections, perConnection), timeoutSeconds: 120);

        Assert.That(ok, Is.EqualTo(perConnection * connections), "every response was a 200");
        var allocated = _bytesAtEnd - _bytesAtStart;
        TestContext.Out.WriteLine($"{allocated} bytes over {MeasuredRequests} HTTPS requests on the hub thread ({(double)allocated / MeasuredRequests:F2} per request)");
        Assert.That(allocated, Is.LessThan(MaxBytes), $"{(double)allocated / MeasuredRequests:F2} bytes per request on the hub thread");
        Assert.That(_bytesAtEnd, Is.GreaterThan(0), "the handler read the hub thread's counter");
    }

    private static int GetsOnConnectionsAtOnce(int port, int connections, int perConnection)
    {
        var counts = new int[connections];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var allConnected = new Barrier(connections);
        var threads = Enumerable.Range(0, connections).Select(i => new Thread(() =>
        {
            try
            {
                counts[i] = Gets(port, perConnection, allConnected);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        return errors.IsEmpty ? counts.Sum() : throw new AggregateException(errors);
    }

    /// <summary>Sends <paramref name="total"/> GETs one at a time on one TLS keep-alive connection; counts the 200s.</summary>
    private static int Gets(int port, int total, Barrier allConnected)
    {
        var one = "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, NoDelay = true };
        socket.Connect("127.0.0.1", port);
        using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        tls.AuthenticateAsClient(TestCertificates.Shared.ClientOptions());
        if (!allConnected.SignalAndWait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the other clients did not connect");
        }

        var buffer = new byte[16 * 1024];
        var ok = 0;
        for (var sent = 0; sent < total; sent++)
        {
            tls.Write(one);
            var received = 0;
            while (buffer.AsSpan(0, received).IndexOf("Hello, World!"u8) < 0)
            {
                var count = tls.Read(buffer, received, buffer.Length - received);
                if (count == 0)
                {
                    throw new IOException("the server closed the connection");
                }

                received += count;
            }

            ok += buffer.AsSpan(0, received).StartsWith("HTTP/1.1 200 "u8) ? 1 : 0;
        }

        return ok;
    }
}
