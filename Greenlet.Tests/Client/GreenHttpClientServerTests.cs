using System.Net;
using System.Text;

namespace Greenlets.Tests.Client;

/// <summary>The client against the project's own HttpServer, both on one hub over loopback.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class GreenHttpClientServerTests : HubTestBase
{
    private HttpServer _server = null!;

    private string Url(string path) => $"http://127.0.0.1:{_server.Port}{path}";

    private GreenHttpOrigin Origin => new("http", "127.0.0.1", _server.Port);

    [SetUp]
    public void StartServer()
    {
        _server = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle) { AccessLog = null, ConnectionLog = null };
        _server.Start();
        (ServerHandlers.Running, ServerHandlers.MostRunning) = (0, 0);
    }

    [TearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public void GetReadsStatusHeadersAndBody()
    {
        using var client = new GreenHttpClient();
        var response = client.Get(Url("/hello"));
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.ReasonPhrase, Is.EqualTo("OK"));
        Assert.That(response.Headers["content-type"], Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.ReadAsString(), Is.EqualTo("Hello, World!"));
        Assert.That(response.IsBodyComplete, Is.True);
        Assert.That(client.Get(Url("/missing")).StatusCode, Is.EqualTo(404));
        Assert.Throws<GreenHttpStatusException>(() => client.Get(Url("/missing")).EnsureSuccessStatusCode());
    }

    [Test]
    public void PostPutAndDeleteSendTheirBodies()
    {
        using var client = new GreenHttpClient();
        var posted = client.Post(Url("/echo"), "héllo", "text/plain");
        Assert.That(posted.ReadAsString(), Is.EqualTo("héllo"));
        Assert.That(posted.Headers["X-Method"], Is.EqualTo("POST"));
        var put = client.Put(Url("/echo"), ServerHandlers.Large);
        Assert.That(put.ReadBody(), Is.EqualTo(ServerHandlers.Large), "a body larger than one write");
        Assert.That(put.Headers["X-Method"], Is.EqualTo("PUT"));
        var deleted = client.Delete(Url("/echo"));
        Assert.That(deleted.Headers["X-Method"], Is.EqualTo("DELETE"));
        Assert.That(deleted.ReadBody(), Is.Empty);
    }

    [Test]
    public void AStreamBodyGoesChunkedOrWithItsLength()
    {
        using var client = new GreenHttpClient();
        var unseekable = new GreenHttpRequest("POST", Url("/echo")) { BodyStream = new ForwardOnlyStream(ServerHandlers.Large) };
        var chunked = client.Send(unseekable);
        Assert.That(chunked.Headers["X-Chunked"], Is.EqualTo("yes"));
        Assert.That(chunked.ReadBody(), Is.EqualTo(ServerHandlers.Large));

        var seekable = new GreenHttpRequest("POST", Url("/echo")) { BodyStream = new MemoryStream(ServerHandlers.Large) };
        var sized = client.Send(seekable);
        Assert.That(sized.Headers["X-Chunked"], Is.EqualTo("no"));
        Assert.That(sized.ReadBody(), Is.EqualTo(ServerHandlers.Large));
    }

    [Test]
    public void ChunkedAndBodilessResponses()
    {
        using var client = new GreenHttpClient();
        Assert.That(client.Get(Url("/chunked")).ReadAsString(), Is.EqualTo("one,two,three"));
        var head = client.Head(Url("/large"));
        Assert.That(head.Headers["Content-Length"], Is.EqualTo(ServerHandlers.Large.Length.ToString()));
        Assert.That(head.ReadBody(), Is.Empty);
        Assert.That(client.Get(Url("/nothing")).StatusCode, Is.EqualTo(204));
        Assert.That(client.Get(Url("/hello")).ReadAsString(), Is.EqualTo("Hello, World!"), "the connection is still in step");
        Assert.That(client.OpenedConnections(Origin), Is.EqualTo(1));
    }

    [Test]
    public void AStreamedResponseIsReadPieceByPiece()
    {
        using var client = new GreenHttpClient();
        using var response = client.SendStreaming(new GreenHttpRequest("GET", Url("/large")));
        var read = new MemoryStream();
        var buffer = new byte[1000];
        int n;
        while ((n = response.Read(buffer)) > 0)
        {
            Assert.That(n, Is.LessThanOrEqualTo(1000));
            read.Write(buffer, 0, n);
        }

        Assert.That(read.ToArray(), Is.EqualTo(ServerHandlers.Large));
        Assert.That(client.IdleConnections(Origin), Is.EqualTo(1), "the connection went back at the end of the body");
    }

    [Test]
    public void KeepAliveReusesOneConnection()
    {
        using var client = new GreenHttpClient();
        for (var i = 0; i < 20; i++)
        {
            Assert.That(client.Get(Url(i % 2 == 0 ? "/hello" : "/chunked")).StatusCode, Is.EqualTo(200));
        }

        Assert.That(client.OpenedConnections(Origin), Is.EqualTo(1));
        Assert.That(_server.ConnectionCount, Is.EqualTo(1), "the server holds one connection");
    }

    private GreenHttpClient? _shared;

    [Greenlet]
    private int FetchSlow(int i) => _shared!.Get(Url("/slow")).StatusCode;

    [Test]
    public void APoolOfGreenletsSharesTheCappedConnections()
    {
        using var client = _shared = new GreenHttpClient { MaxConnectionsPerOrigin = 3 };
        var pool = new Pool(50);
        var statuses = pool.Map(FetchSlow, Enumerable.Range(0, 60));
        Assert.That(statuses, Has.All.EqualTo(200));
        Assert.That(client.OpenedConnections(Origin), Is.EqualTo(3));
        Assert.That(ServerHandlers.MostRunning, Is.EqualTo(3), "never more than the cap at once");
    }

    [Test]
    public void RedirectsAreFollowedUpToTheLimit()
    {
        using var client = new GreenHttpClient();
        var response = client.Get(Url("/redirect/4"));
        Assert.That(response.ReadAsString(), Is.EqualTo("Hello, World!"));
        Assert.That(response.RedirectCount, Is.EqualTo(4));
        Assert.That(response.Url.AbsolutePath, Is.EqualTo("/hello"));

        var seeOther = client.Post(Url("/see-other"), "data");
        Assert.That(seeOther.Headers["X-Method"], Is.EqualTo("GET"), "303 turns a POST into a GET without a body");
        Assert.That(seeOther.ReadBody(), Is.Empty);

        var temporary = client.Post(Url("/temporary"), "kept");
        Assert.That(temporary.Headers["X-Method"], Is.EqualTo("POST"), "307 repeats the method and body");
        Assert.That(temporary.ReadAsString(), Is.EqualTo("kept"));

        var error = Assert.Throws<GreenHttpException>(() => client.Get(Url("/loop")));
        Assert.That(error!.Message, Does.Contain("more than 10 redirects").And.Contain("/loop"));

        using var noFollow = new GreenHttpClient { MaxRedirects = 0 };
        Assert.That(noFollow.Get(Url("/redirect/1")).StatusCode, Is.EqualTo(302));
    }

    [TestCase("/gzip")]
    [TestCase("/deflate")]
    [TestCase("/br")]
    [TestCase("/gzip-chunked")]
    public void CompressedBodiesAreDecompressed(string path)
    {
        using var client = new GreenHttpClient();
        var response = client.Get(Url(path));
        Assert.That(response.ReadBody(), Is.EqualTo(ServerHandlers.Large));

        using var raw = new GreenHttpClient { IsDecompressionEnabled = false };
        Assert.That(raw.Get(Url(path)).ReadBody(), Is.Not.EqualTo(ServerHandlers.Large), "kept as sent");
    }

    [Test]
    public void TheCookieJarKeepsAndSendsCookies()
    {
        using var client = new GreenHttpClient { Cookies = new CookieContainer() };
        Assert.That(client.Get(Url("/show-cookie")).ReadAsString(), Is.EqualTo("none"));
        client.Get(Url("/cookie"));
        Assert.That(client.Get(Url("/show-cookie")).ReadAsString(), Is.EqualTo("session=abc123"));

        using var noJar = new GreenHttpClient();
        noJar.Get(Url("/cookie"));
        Assert.That(noJar.Get(Url("/show-cookie")).ReadAsString(), Is.EqualTo("none"));
    }

    [Test]
    public void ARefusedConnectionIsAConnectError()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new GreenHttpClient();
        var error = Assert.Throws<GreenHttpConnectException>(() => client.Get($"http://127.0.0.1:{port}/x"));
        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}"));
        Assert.That(error.Url, Is.EqualTo(new Uri($"http://127.0.0.1:{port}/x")));
    }

    [Test]
    public void HttpsReusesOneTlsConnectionWithTheTemplatesTrust()
    {
        using var https = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle)
        {
            AccessLog = null,
            ConnectionLog = null,
            Tls = GreenSslStream.CreateServerOptions(Streams.TestCertificates.Shared.Server),
        };
        https.Start();
        using var client = new GreenHttpClient { Tls = Streams.TestCertificates.Shared.ClientOptions("localhost") };
        var url = $"https://127.0.0.1:{https.Port}";

        Assert.That(client.Get(url + "/hello").ReadAsString(), Is.EqualTo("Hello, World!"));
        Assert.That(client.Post(url + "/echo", "over TLS", "text/plain").ReadAsString(), Is.EqualTo("over TLS"));
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("https", "127.0.0.1", https.Port)), Is.EqualTo(1));
    }

    [Test]
    public void HttpsToACertificateTheSystemDoesNotTrustIsATlsError()
    {
        using var https = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle)
        {
            AccessLog = null,
            ConnectionLog = null,
            Tls = GreenSslStream.CreateServerOptions(Streams.TestCertificates.Shared.Server),
        };
        https.Start();
        using var client = new GreenHttpClient();

        var error = Assert.Throws<GreenHttpTlsException>(() => client.Get($"https://localhost:{https.Port}/hello"));
        Assert.That(error!.InnerException, Is.InstanceOf<GreenSslException>());
        Assert.That(error.Message, Does.Contain($"https://localhost:{https.Port}/hello").And.Contain("trust"));
    }

    [Test]
    public void HttpsToAPlaintextServerIsATlsError()
    {
        using var client = new GreenHttpClient();

        var error = Assert.Throws<GreenHttpTlsException>(() => client.Get($"https://127.0.0.1:{_server.Port}/hello"));
        Assert.That(error!.Message, Does.Contain("TLS"));
    }

    /// <summary>A stream that cannot seek, so the client sends it chunked.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
