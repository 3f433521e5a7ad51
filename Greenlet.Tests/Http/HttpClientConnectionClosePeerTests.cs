using System.Collections.Concurrent;

namespace Greenlets.Tests.Http;

/// <summary>
/// .NET's HttpClient (SocketsHttpHandler) asking <c>Connection: close</c>: it decides whether to pool a connection from
/// the response's <c>Connection</c> field alone, not from its own request's. A server that closes after the response
/// without saying so (pywsgi does) gets that connection pooled, and the client's next request is sent into the close:
/// a reset, or a response that ends before it began. Under a few clients' load that was several requests in a
/// hundred; the server now says <c>Connection: close</c> whenever it closes after a response.
/// </summary>
[TestFixture]
[Category(TestCategories.Peer)]
public sealed class HttpClientConnectionClosePeerTests : RealPeerTestBase
{
    private const int Clients = 4;
    private const int RequestsPerClient = 300;

    private static HttpBody Hello(HttpRequest request, HttpResponse response) => "hello";

    [Test]
    public void HttpClientAskingCloseMeetsNoResetAndNoEarlyEnd()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, Hello));
        server.AccessLog = null;

        var (answered, saidClose, failures) = OffHub(() => Load(server.Port), timeoutSeconds: 120);

        Assert.That(failures, Is.Empty, "every request answered, none reset or ended early");
        Assert.That(answered, Is.EqualTo(Clients * RequestsPerClient));
        Assert.That(saidClose, Is.EqualTo(answered), "every response said Connection: close");
    }

    /// <summary>Bounded in count and time: each client sends its requests in turn over one pooled HttpClient.</summary>
    private static (int Answered, int SaidClose, List<string> Failures) Load(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var saidClose = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        Parallel.For(0, Clients, new ParallelOptions { MaxDegreeOfParallelism = Clients }, _ =>
        {
            for (var i = 0; i < RequestsPerClient && DateTime.UtcNow < deadline; i++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
                    request.Headers.ConnectionClose = true;
                    using var response = client.Send(request);
                    if (response.Content.ReadAsStringAsync().GetAwaiter().GetResult() == "hello")
                    {
                        Interlocked.Increment(ref answered);
                    }

                    if (response.Headers.ConnectionClose == true)
                    {
                        Interlocked.Increment(ref saidClose);
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}");
                }
            }
        });

        return (answered, saidClose, [.. failures]);
    }
}
