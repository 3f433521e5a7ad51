using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>The request parser on valid requests: what it extracts, keep-alive rules, pipelining and the limits' edges.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class HttpRequestParserTests
{
    private static (HttpRequest Request, int Consumed) Parse(string text, HttpLimits? limits = null)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var request = new HttpRequest();
        Assert.That(HttpRequestParser.TryParse(bytes, 0, bytes.Length, limits ?? HttpLimits.Default, request, out var consumed), Is.True, "complete head");
        return (request, consumed);
    }

    [Test]
    public void ParsesMethodPathQueryVersionAndHeaders()
    {
        const string text = "GET /a%20b/c?x=1&y=%20 HTTP/1.1\r\nHost: example\r\nX-Thing:  padded value \t\r\nx-thing: second\r\n\r\nrest";
        var (request, consumed) = Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.SameAs("GET"));
            Assert.That(request.Path, Is.EqualTo("/a b/c"));
            Assert.That(request.QueryString, Is.EqualTo("x=1&y=%20"));
            Assert.That(request.RawTarget, Is.EqualTo("/a%20b/c?x=1&y=%20"));
            Assert.That(request.Version, Is.EqualTo(HttpProtocolVersion.Http11));
            Assert.That(request.Headers["x-THING"], Is.EqualTo("padded value"));
            Assert.That(request.Headers.GetValues("X-Thing"), Is.EqualTo(new[] { "padded value", "second" }));
            Assert.That(request.Headers.Count, Is.EqualTo(3));
            Assert.That(request.Headers.Contains("Missing"), Is.False);
            Assert.That(request.IsKeepAlive, Is.True);
            Assert.That(request.HasBody, Is.False);
            Assert.That(consumed, Is.EqualTo(text.Length - "rest".Length), "the head's bytes, not what follows");
        });
    }

    [Test]
    public void ReturnsFalseUntilTheHeadIsComplete()
    {
        var bytes = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var request = new HttpRequest();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.That(HttpRequestParser.TryParse(bytes, 0, length, HttpLimits.Default, request, out _), Is.False, $"{length} bytes");
        }

        Assert.That(HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out var consumed), Is.True);
        Assert.That(consumed, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void ParsesPipelinedRequestsOneAfterAnother()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
        var request = new HttpRequest();
        Assert.That(HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out var first), Is.True);
        Assert.That(request.Path, Is.EqualTo("/one"));
        Assert.That(HttpRequestParser.TryParse(bytes, first, bytes.Length - first, HttpLimits.Default, request, out var second), Is.True);
        Assert.That(request.Path, Is.EqualTo("/two"));
        Assert.That(first + second, Is.EqualTo(bytes.Length));
    }

    // RFC 9110 section 7.2's Host = uri-host [ ":" port ]: names, IPv4 and IPv6 literals, an empty port, sub-delims,
    // percent-encoding, and the empty value a client sends for a target without an authority.
    [TestCase("example.com")]
    [TestCase("example.com:8080")]
    [TestCase("EXAMPLE.com:")]
    [TestCase("127.0.0.1:80")]
    [TestCase("[::1]")]
    [TestCase("[::1]:8080")]
    [TestCase("[2001:db8::192.0.2.1]")]
    [TestCase("[v1.fe80::a+en1]")]
    [TestCase("xn--bcher-kva.example")]
    [TestCase("a_b~c-d")]
    [TestCase("a!$&'()*+,;=b")]
    [TestCase("caf%C3%A9")]
    [TestCase("")]
    public void AcceptsEveryHostTheGrammarAllows(string host)
    {
        var (request, _) = Parse($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Assert.That(request.Headers["Host"], Is.EqualTo(host));
    }

    [TestCase("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true)]
    [TestCase("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.0\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
    [TestCase("GET / HTTP/1.0\r\nConnection: close\r\n\r\n", false)]
    public void KeepAliveFollowsVersionAndConnection(string text, bool keepAlive) =>
        Assert.That(Parse(text).Request.IsKeepAlive, Is.EqualTo(keepAlive));

    [Test]
    public void ReadsContentLengthAndChunkedFraming()
    {
        var (withLength, _) = Parse("POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nContent-Length: 11\r\n\r\n");
        var (chunked, _) = Parse("POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n");

        Assert.That(withLength.ContentLength, Is.EqualTo(11));
        Assert.That(withLength.IsChunked, Is.False);
        Assert.That(chunked.IsChunked, Is.True);
        Assert.That(chunked.ContentLength, Is.Null);
        Assert.That(chunked.HasBody, Is.True);
    }

    // RFC 9112 section 7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ), and
    // trailers are field lines; every form the grammar allows is decoded, at every split of the input.
    [TestCase("5;name=value", "X-Trailer: t\r\n")]
    [TestCase("5;a;b=c;d=\"quoted; \\\"value\\\"\"", "")]
    [TestCase("5 ; a = b ;c", "X-A: 1\r\nX-B:\r\n")]
    [TestCase("5;a=\"\"", "X-Empty-OWS:  v  \r\n")]
    [TestCase("5;a=\"caf\u00e9\"", "X-Obs: caf\u00e9\r\n")]
    public void DecodesAChunkedBodyWithExtensionsAndTrailers(string firstSizeLine, string trailers)
    {
        var text = $"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{firstSizeLine}\r\nhello\r\nA\r\n, chunked!\r\n0\r\n{trailers}\r\nNEXT";
        var bytes = Encoding.Latin1.GetBytes(text);
        var request = new HttpRequest();
        Assert.That(HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out var position), Is.True);
        request.BeginBody();
        var body = new MemoryStream();
        var output = new byte[3];
        while (!request.IsBodyComplete)
        {
            // Three input bytes at a time into a three-byte output: every state boundary gets split somewhere.
            var used = request.DecodeBody(bytes.AsSpan(position, Math.Min(3, bytes.Length - position)), output, 1000, out var written);
            body.Write(output, 0, written);
            position += used;
        }

        Assert.That(Encoding.ASCII.GetString(body.ToArray()), Is.EqualTo("hello, chunked!"));
        Assert.That(Encoding.ASCII.GetString(bytes, position, bytes.Length - position), Is.EqualTo("NEXT"), "stops at the end of the body");
    }

    [Test]
    public void ChunkedBodyOverTheLimitIsRefusedWith413()
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new byte[16];
        decoder.Decode("8\r\n12345678\r\n"u8, output, 10, out _, out _);
        var error = Assert.Throws<GreenHttpProtocolException>(() => decoder.Decode("3\r\n"u8, output, 10, out _, out _));
        Assert.That(error!.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public void ContentLengthBodyIsCutAtItsLength()
    {
        var bytes = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbodyGET");
        var request = new HttpRequest();
        HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out var consumed);
        request.BeginBody();
        var output = new byte[100];
        var used = request.DecodeBody(bytes.AsSpan(consumed), output, 100, out var written);

        Assert.That(used, Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(output, 0, written), Is.EqualTo("body"));
        Assert.That(request.IsBodyComplete, Is.True);
    }

    [Test]
    public void RecognisesExpectContinueOnlyWithABody()
    {
        Assert.That(Parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n").Request.IsContinueExpected, Is.True);
        Assert.That(Parse("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").Request.IsContinueExpected, Is.False);
    }

    [Test]
    public void RecognisesAWebSocketUpgrade()
    {
        var (request, _) = Parse("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        Assert.That(request.IsWebSocketUpgrade, Is.True);
        Assert.That(Parse("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n").Request.IsWebSocketUpgrade, Is.False, "no Connection: Upgrade");
    }

    [TestCase("GET http://example.com/p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", "/p", "q=1")]
    [TestCase("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n", "", "")]
    [TestCase("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", "*", "")]
    [TestCase("\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: x\r\n\r\n", "/after-empty-lines", "")]
    [TestCase("GET /? HTTP/1.1\r\nHost: x\r\n\r\n", "/", "")]
    public void AcceptsEveryTargetForm(string text, string path, string query)
    {
        var (request, _) = Parse(text);
        Assert.That(request.Path, Is.EqualTo(path));
        Assert.That(request.QueryString, Is.EqualTo(query));
    }

    [Test]
    public void ThePathDecodesEveryEscapeAndKeepsAHashAsPywsgiDoesAndTheRawPathKeepsThem()
    {
        // path_info.out: gevent's PATH_INFO bytes per target. Path is those bytes read as UTF-8 (WSGI hands them over
        // as latin-1), so %2F is a '/', %00 a NUL and %2e%2e a "..": a handler that must tell them apart reads RawPath.
        var lines = File.ReadAllLines(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Pywsgi", "path_info.out"));
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(12));
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            var (target, pathInfoHex, query) = (fields[0], fields[1], fields.Length > 2 ? fields[2] : "");
            var (request, _) = Parse($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");

            Assert.That(request.Path, Is.EqualTo(Encoding.UTF8.GetString(Convert.FromHexString(pathInfoHex))), target);
            Assert.That(request.QueryString, Is.EqualTo(query), target);
            Assert.That(Encoding.ASCII.GetString(request.RawPath), Is.EqualTo(target.Split('?')[0]), target);
            Assert.That(request.RawTarget, Is.EqualTo(target), target);
        }
    }

    [Test]
    public void UnknownMethodsAreTokensToo()
    {
        Assert.That(Parse("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n").Request.Method, Is.EqualTo("PROPFIND"));
    }

    [Test]
    public void LimitsAcceptExactlyTheirSize()
    {
        var limits = HttpLimits.Default with { MaxRequestLineBytes = 64, MaxHeaderBytes = 100 };
        var target = "/" + new string('a', 64 - "GET / HTTP/1.1".Length);
        var header = "X: " + new string('b', 100 - "X: \r\n".Length - "Host: x\r\n".Length - 2);
        var (request, _) = Parse($"GET {target} HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n", limits);
        Assert.That(request.Path, Is.EqualTo(target));

        var longer = Encoding.ASCII.GetBytes($"GET {target}a HTTP/1.1\r\nHost: x\r\n\r\n");
        var error = Assert.Throws<GreenHttpProtocolException>(() => HttpRequestParser.TryParse(longer, 0, longer.Length, limits, new HttpRequest(), out _));
        Assert.That(error!.StatusCode, Is.EqualTo(414));
        var moreHeader = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\n{header}b\r\n\r\n");
        error = Assert.Throws<GreenHttpProtocolException>(() => HttpRequestParser.TryParse(moreHeader, 0, moreHeader.Length, limits, new HttpRequest(), out _));
        Assert.That(error!.StatusCode, Is.EqualTo(431));
    }

    [Test]
    public void PathEqualsComparesWithoutMakingAString()
    {
        var (request, _) = Parse("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.That(request.PathEquals("/plaintext"), Is.True);
        Assert.That(request.PathEquals("/plaintexT"), Is.False);
        Assert.That(request.PathEquals("/"), Is.False);
    }

    [Test]
    public void ParsingAKeepAliveRequestAllocatesNothingOnceWarm()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n");
        var request = new HttpRequest();
        for (var i = 0; i < 100; i++)
        {
            HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out _);
            _ = request.PathEquals("/plaintext") && request.Method == "GET";
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
