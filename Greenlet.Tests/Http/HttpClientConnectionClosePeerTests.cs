namespace Greenlets.Tests.Http;

/// <summary>
/// .NET's HttpClient (SocketsHttpHandler) decides whether to pool a connection from the response's <c>Connection</c>
/// field alone. A server that closes a kept-alive connection after a response without saying so (pywsgi, stopping)
/// gets that connection pooled, and the client's next request is sent into the close: a reset, or a response that
/// ends before it began. A stopping server now says <c>Connection: close</c>.
/// (HttpClient also ignores its own request's <c>Connection: close</c>, against RFC 9112 section 9.6, which the
/// server answers as pywsgi does, without the field: see docs/scaling.md, "HttpClient, keep-alive and Connection: close".)
/// </summary>
[TestFixture]
[NonParallelizable] // the handler finds the server to stop in a static field
[Category(TestCategories.Peer)]
public sealed partial class HttpClientConnectionClosePeerTests : RealPeerTestBase
{
    private static HttpServer? s_server;

    [Greenlet]
    private static void StopServer(HttpServer server) => server.Stop(timeout: 20);

    /// <summary>Starts stopping the server, then answers: the stop waits for this request, which closes after it.</summary>
    [Greenlet]
    private static HttpBody StopThenAnswer(HttpRequest request, HttpResponse response)
    {
        if (request.Path == "/stop")
        {
            Greenlet.Spawn(StopServer, s_server!);
            Greenlet.Sleep(0.1); // the stop has begun before the head is written
        }

        return "hello";
    }

    [Test]
    public void AStoppingServerTellsHttpClientThatTheKeptConnectionCloses()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, StopThenAnswer));
        s_server = server;

        var (first, last) = OffHub(() =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            using var before = client.Send(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Port}/"));
            using var stopping = client.Send(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Port}/stop"));
            return (before.Headers.ConnectionClose, stopping.Headers.ConnectionClose);
        });

        Assert.That(first, Is.Not.True, "a running server keeps the connection, and says nothing");
        Assert.That(last, Is.True, "the stopping server's answer says Connection: close");
    }
}
