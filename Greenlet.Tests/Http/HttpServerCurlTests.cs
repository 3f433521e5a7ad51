namespace Greenlets.Tests.Http;

/// <summary>The server against curl and nc, real clients that are not ours.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class HttpServerCurlTests : RealPeerTestBase
{
    private HttpServer _server = null!;

    private string Url(string path) => $"http://127.0.0.1:{_server.Port}{path}";

    [SetUp]
    public void StartServer() => _server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch));

    [TearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public void AnswersAKnownBodyWithContentLengthAndDate()
    {
        using var hello = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello));
        var (exit, output, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", $"http://127.0.0.1:{hello.Port}/");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(output, Does.Contain("\r\nContent-Length: 11\r\n"));
        Assert.That(output, Does.Match(@"\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n"));
        Assert.That(output, Does.EndWith("\r\n\r\nHello World"));
    }

    [Test]
    public void StreamsAnIteratorWithChunkedFraming()
    {
        var (exit, output, errors) = RunProgram("curl", "--max-time", "20", "-s", "-S", "-i", "--raw", Url("/stream"));

        Assert.That(exit, Is.Zero, errors + output);
        Assert.That(output, Does.Contain("\r\nTransfer-Encoding: chunked\r\n"));
        Assert.That(output, Does.EndWith("\r\n\r\n8\r\n<p>Hello\r\n9\r\nWorld</p>\r\n0\r\n\r\n"));
    }

    [Test]
    public void StreamsIncrementalWritesWithChunkedFraming()
    {
        var (exit, output, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", "--raw", Url("/write"));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.EndWith("\r\n\r\n6\r\nfirst,\r\n6\r\nsecond\r\n0\r\n\r\n"));
    }

    [Test]
    public void ReadsAChunkedRequestBody()
    {
        var body = string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i},"));
        var (exit, output, _) = RunProgram("curl", "--max-time", "20", "-s", "-H", "Transfer-Encoding: chunked", "--data-binary", body, Url("/echo"));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Is.EqualTo(body));
    }

    [Test]
    public void SendsContinueBeforeReadingTheBodyWhenAsked()
    {
        var (exit, output, errors) = RunProgram("curl", "--max-time", "20", "-s", "-v", "-H", "Expect: 100-continue", "--data-binary", "payload", Url("/echo"));

        Assert.That(exit, Is.Zero);
        Assert.That(errors, Does.Contain("HTTP/1.1 100 Continue"));
        Assert.That(output, Is.EqualTo("payload"));
    }

    [Test]
    public void ReadsAFormBody()
    {
        var (_, output, _) = RunProgram("curl", "--max-time", "20", "-s", "--data", "message=hello+world&b=%26", Url("/form"));
        Assert.That(output, Is.EqualTo("b=&,message=hello world"));
    }

    [Test]
    public void AnswersHeadWithTheLengthButNoBody()
    {
        var (exit, output, _) = RunProgram("curl", "--max-time", "20", "-s", "-I", Url("/headers"));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(output, Does.Contain("Content-Length: "));
        Assert.That(output, Does.EndWith("\r\n\r\n"));
    }

    [Test]
    public void KeepsTheConnectionAliveAcrossRequests()
    {
        var (exit, output, errors) = RunProgram("curl", "--max-time", "20", "-s", "-v", Url("/headers?a=1"), Url("/headers?b=2"));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Is.EqualTo("GET /headers a=1 ua=curl/" + CurlVersion(errors) + " x=GET /headers b=2 ua=curl/" + CurlVersion(errors) + " x="));
        Assert.That(errors, Does.Contain("Re-using existing connection").Or.Contain("Reusing existing connection"));
    }

    [Test]
    public void AHandlerThatThrowsGets500AndTheServerKeepsServing()
    {
        var (_, failed, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", Url("/throw"));
        var (_, next, _) = RunProgram("curl", "--max-time", "20", "-s", Url("/headers"));

        Assert.That(failed, Does.StartWith("HTTP/1.1 500 Internal Server Error\r\n"));
        Assert.That(failed, Does.Contain("Connection: close\r\n"));
        Assert.That(next, Does.StartWith("GET /headers"));
        Assert.That(Errors.ToString(), Does.Contain("the handler failed on purpose"));
    }

    [TestCase("a b")]
    [TestCase("evil.example/x")]
    [TestCase("user@evil.example")]
    public void AnInvalidHostGets400AndAValidOneIsServed(string host)
    {
        // RFC 9112 section 3.2: a 400 for a Host that is not uri-host [ ":" port ]; curl sends the field as given.
        var (_, refused, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", "-H", $"Host: {host}", Url("/headers"));
        var (_, served, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", "-H", "Host: example.com:8080", Url("/headers"));

        Assert.That(refused, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(served, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(served, Does.Contain("\r\n\r\nGET /headers"));
    }

    [Test]
    public void ACurlTunnelThroughTheServerAsAProxyGets501()
    {
        // curl -p asks the "proxy" for a tunnel with CONNECT example.invalid:80; nothing leaves loopback.
        var (exit, _, errors) = RunProgram("curl", "--max-time", "20", "-s", "-S", "-p", "-x", $"http://127.0.0.1:{_server.Port}", "http://example.invalid/");
        var (_, next, _) = RunProgram("curl", "--max-time", "20", "-s", Url("/headers"));

        Assert.That(exit, Is.Not.Zero);
        Assert.That(errors, Does.Contain("501"), "curl names the server's answer to its CONNECT");
        Assert.That(next, Does.StartWith("GET /headers"), "the server goes on serving");
    }

    [Test]
    public void TheHttp2PrefaceGets505OverNc()
    {
        // The connection preface of RFC 9113 section 3.4, as a client with prior knowledge sends it.
        var (exit, output, _) = RunProgram("sh", "-c", $"printf 'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n' | nc -q 5 -w 20 127.0.0.1 {_server.Port}");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.StartWith("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
    }

    [Test]
    public void AnswersPipelinedRequestsInOrderOverNc()
    {
        const string requests = "GET /headers?1 HTTP/1.1\r\nHost: x\r\n\r\nGET /sleep HTTP/1.1\r\nHost: x\r\n\r\nGET /headers?3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        var (exit, output, _) = RunProgram("sh", "-c", $"printf '{requests.Replace("\r", "\\r").Replace("\n", "\\n")}' | nc -q 5 -w 20 127.0.0.1 {_server.Port}");

        Assert.That(exit, Is.Zero);
        var bodies = output.Split("HTTP/1.1 200 OK\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r[(r.IndexOf("\r\n\r\n") + 4)..]).ToArray();
        Assert.That(bodies, Is.EqualTo(new[] { "GET /headers 1 ua= x=", "slept", "GET /headers 3 ua= x=" }));
    }

    [Test]
    public void ClosesAnHttp10ConnectionAfterTheResponseUnlessAskedToKeepIt()
    {
        var (_, plain, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", "--http1.0", Url("/headers"));
        var (_, kept, _) = RunProgram("curl", "--max-time", "20", "-s", "-i", "--http1.0", "-H", "Connection: keep-alive", Url("/headers"));

        // pywsgi's place for it: after the handler's fields, before Date.
        Assert.That(plain, Does.Match("^HTTP/1.1 200 OK\r\nConnection: close\r\nDate: [^\r]+\r\nContent-Length: \\d+\r\n\r\n"));
        Assert.That(kept, Does.Match("^HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nDate: [^\r]+\r\nContent-Length: \\d+\r\n\r\n"));
    }

    [Test]
    public void WritesAnAccessLogLineInPywsgiFormat()
    {
        RunProgram("curl", "--max-time", "20", "-s", "-A", "t", Url("/headers"));

        Assert.That(AccessLog.ToString(), Does.Match(@"^127\.0\.0\.1 - - \[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] ""GET /headers HTTP/1\.1"" 200 \d+ \d+\.\d{6}\r?\n$"));
    }

    [Test]
    public void RefusesAMalformedRequestWith400AndCloses()
    {
        var (_, output, _) = RunProgram("sh", "-c", $"printf 'GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n' | nc -q 5 -w 20 127.0.0.1 {_server.Port}");

        Assert.That(output, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(output, Does.Contain("Connection: close"));
    }

    private static string CurlVersion(string verbose)
    {
        var marker = "User-Agent: curl/";
        var start = verbose.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return verbose[start..verbose.IndexOfAny(['\r', '\n'], start)];
    }
}
