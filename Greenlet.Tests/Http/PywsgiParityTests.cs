using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http;

/// <summary>
/// The server answers as gevent's pywsgi does, byte for byte except the Date value: the same application
/// (<c>Pywsgi/pywsgi_parity.py</c>, mirrored in <see cref="PywsgiParityApp"/>) gets the same raw request bytes, and
/// the response and the access-log lines must equal pywsgi's transcript in <c>Pywsgi/pywsgi-transcripts.json</c>
/// (recorded with gevent 22.10.2 by <c>python3 pywsgi_parity.py &gt; pywsgi-transcripts.json</c>). Where the server
/// is deliberately different, <see cref="Differences"/> holds what it sends instead and why. A second test runs
/// pywsgi live and checks the transcripts still are what it sends.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class PywsgiParityTests : RealPeerTestBase
{
    /// <summary>The cases where the server deliberately answers otherwise than pywsgi: the response and log it gives instead.</summary>
    private static readonly Dictionary<string, (string Response, string[] Log, string Why)> s_differences = new()
    {
        ["head"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 11\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"HEAD /hello HTTP/1.1\" 200 102 <seconds>"],
            "pywsgi sends the body to HEAD; RFC 9110 section 9.3.2 forbids it, and a client would read it as the next response"),
        ["head-stream"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nDate: <date>\r\nTransfer-Encoding: chunked\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"HEAD /stream HTTP/1.1\" 200 109 <seconds>"],
            "the same for a streamed body: the head says what GET would say, and no chunk follows"),
        ["stream-1.0-keep-alive"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\nDate: <date>\r\n\r\n<p>HelloWorld</p>",
            ["127.0.0.1 - - [<time>] \"GET /stream HTTP/1.0\" 200 117 <seconds>"],
            "an HTTP/1.0 body of unknown length ends only when the connection closes; pywsgi says keep-alive and leaves the client waiting"),
        ["bad-version"] = (
            "HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GET /hello HTTP/2.0\" 505 81 <seconds>"],
            "RFC 9110's status for a version the server does not speak; pywsgi answers 400"),
        ["bad-request-line"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GARBAGE\" 400 66 <seconds>"],
            "the access log counts the bytes of a refusal too; pywsgi logs '-' because it writes refusals past its counter"),
        ["bad-content-length"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"POST /echo HTTP/1.1\" 400 66 <seconds>"],
            "as bad-request-line: the refusal's bytes are counted"),
        ["expect-continue-unread"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 11\r\n\r\nHello World",
            ["127.0.0.1 - - [<time>] \"POST /hello HTTP/1.1\" 200 113 <seconds>"],
            "a body nobody asked for with 100 Continue ends the connection; pywsgi keeps it and parses the body as the next request (\"hello\"), a smuggling hole"),
        ["empty-line-first"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 11\r\n\r\nHello World",
            ["127.0.0.1 - - [<time>] \"GET /hello HTTP/1.1\" 200 113 <seconds>"],
            "RFC 9112 section 2.2: a server should ignore empty lines before the request line (some clients send CRLF after a body); pywsgi answers 400"),
        ["no-host"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GET /hello HTTP/1.1\" 400 66 <seconds>"],
            "RFC 9112 section 3.2: an HTTP/1.1 request without Host must get 400; pywsgi serves it"),
        ["space-before-colon"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GET /hello HTTP/1.1\" 400 66 <seconds>"],
            "RFC 9112 section 5.1: whitespace before a field's colon must get 400 (a proxy may read the field otherwise); pywsgi serves it"),
        ["length-and-chunked"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"POST /echo HTTP/1.1\" 400 66 <seconds>"],
            "Content-Length with chunked framing is how requests are smuggled (RFC 9112 section 6.3); pywsgi drops the length and serves it"),
        ["head-with-body"] = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 11\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"HEAD /hello HTTP/1.1\" 200 102 <seconds>"],
            "a HEAD request may carry a body (RFC 9110 gives it no meaning), which is read past like any unread body; pywsgi answers 400"),
        ["http-0.9"] = (
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GET /hello\" 400 66 <seconds>"],
            "HTTP/0.9 is not spoken; pywsgi answers such a line with a whole HTTP/1.1 response, which no HTTP/0.9 client could read"),
        ["request-line-too-long"] = (
            "HTTP/1.1 414 Request URI Too Long\r\nConnection: close\r\nContent-length: 0\r\n\r\n",
            ["127.0.0.1 - - [<time>] \"GET /" + new string('a', 8187) + "\" 414 75 <seconds>"],
            "as bad-request-line: the refusal's bytes are counted"),
    };

    public static IEnumerable<TestCaseData> Cases() =>
        s_transcripts.Value.Select(t => new TestCaseData(t.Name).SetName($"RespondsAsPywsgiDoes({t.Name})"));

    [TestCaseSource(nameof(Cases))]
    public void RespondsAsPywsgiDoes(string name)
    {
        var transcript = s_transcripts.Value.Single(t => t.Name == name);
        using var server = Serve(new HttpServer("127.0.0.1", 0, PywsgiParityApp.Pywsgi));

        var response = NormalizeResponse(OffHub(() => Exchange(server.Port, transcript.Request)));
        var log = AccessLog.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(NormalizeLog).ToArray();

        if (s_differences.TryGetValue(name, out var ours))
        {
            Assert.That(transcript.Response != ours.Response || !transcript.Log.SequenceEqual(ours.Log), Is.True, "pywsgi's transcript differs from ours: " + ours.Why);
            Assert.That(response, Is.EqualTo(ours.Response), ours.Why);
            Assert.That(log, Is.EqualTo(ours.Log), ours.Why);
        }
        else
        {
            Assert.That(response, Is.EqualTo(transcript.Response));
            Assert.That(log, Is.EqualTo(transcript.Log));
        }
    }

    [Test]
    public void PywsgiStillAnswersAsItsTranscriptsSay()
    {
        var (exit, output, errors) = RunProgram("/usr/bin/python3", Path.Combine(PywsgiFolder(), "pywsgi_parity.py"));

        Assert.That(exit, Is.Zero, "python3 with gevent (python3-gevent, eng/test-packages.txt) runs the recorder: " + errors);
        var live = Parse(output);
        Assert.That(live.Select(t => t.Name), Is.EqualTo(s_transcripts.Value.Select(t => t.Name)));
        foreach (var (recorded, now) in s_transcripts.Value.Zip(live))
        {
            Assert.That(now.Request, Is.EqualTo(recorded.Request), recorded.Name);
            Assert.That(now.Response, Is.EqualTo(recorded.Response), recorded.Name);
            Assert.That(now.Log, Is.EqualTo(recorded.Log), recorded.Name);
        }
    }

    [Test]
    public void AHandlerThatThrowsIsLoggedOnceAndReportedOnce()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, PywsgiParityApp.Pywsgi));

        var response = OffHub(() => Exchange(server.Port, "GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.That(response, Does.EndWith("\r\n\r\nInternal Server Error"), "the connection closed after the 500");
        Assert.That(AccessLog.ToString(), Does.Match(@"^127\.0\.0\.1 - - \[[^\]]+\] ""GET /throw HTTP/1\.1"" 500 161 \d+\.\d{6}\r?\n$"));
        Assert.That(Regex.Matches(Errors.ToString(), "the handler failed on purpose"), Has.Count.EqualTo(1));
    }

    internal sealed record Transcript(string Name, string Request, string Response, string[] Log);

    private static readonly Lazy<IReadOnlyList<Transcript>> s_transcripts =
        new(() => Parse(File.ReadAllText(Path.Combine(PywsgiFolder(), "pywsgi-transcripts.json"), Encoding.UTF8)));

    private static IReadOnlyList<Transcript> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(c => new Transcript(
            c.GetProperty("name").GetString()!,
            c.GetProperty("request").GetString()!,
            c.GetProperty("response").GetString()!,
            c.GetProperty("log").EnumerateArray().Select(l => l.GetString()!).ToArray())).ToList();
    }

    /// <summary>Sends the request's bytes (Latin-1), shuts the sending side, and reads until the server closes.</summary>
    private static string Exchange(int port, string request)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        client.Connect("127.0.0.1", port);
        client.Send(Encoding.Latin1.GetBytes(request));
        client.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = client.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    // The same placeholders as the recorder's: the server's current Date, and the log's clock time and duration.
    private static string NormalizeResponse(string response) => CurrentDate().Replace(response, "Date: <date>\r\n");

    private static string NormalizeLog(string line) => LogTimes().Replace(line, "$1[<time>]$2 <seconds>");

    [GeneratedRegex(@"Date: (?!Sun, 06 Nov 1994 08:49:37 GMT)[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n")]
    private static partial Regex CurrentDate();

    [GeneratedRegex(@"^(\S+ - - )\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\](.*) \d+\.\d{6}$")]
    private static partial Regex LogTimes();

    private static string PywsgiFolder() => Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Pywsgi");
}

/// <summary>The application of <c>Pywsgi/pywsgi_parity.py</c>, route for route; each route quotes its Python.</summary>
public static partial class PywsgiParityApp
{
    [Greenlet]
    public static HttpBody Pywsgi(HttpRequest request, HttpResponse response)
    {
        switch (request.Path)
        {
            case "/hello":
                // start_response('200 OK', [('Content-Type', 'text/plain')]); return [b'Hello World']
                response.AddHeader("Content-Type", "text/plain");
                return "Hello World";
            case "/order":
                // start_response('200 OK', [('X-First', '1'), ('Content-Type', 'text/plain'), ('X-Last', '2')])
                response.AddHeader("X-First", "1");
                response.AddHeader("Content-Type", "text/plain");
                response.AddHeader("X-Last", "2");
                return "ordered";
            case "/date":
                // start_response('200 OK', [('Date', HANDLER_DATE), ('Content-Type', 'text/plain')])
                response.AddHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
                response.AddHeader("Content-Type", "text/plain");
                return "dated";
            case "/close":
                // start_response('200 OK', [('Connection', 'close'), ('Content-Type', 'text/plain')])
                response.AddHeader("Connection", "close");
                response.AddHeader("Content-Type", "text/plain");
                return "closing";
            case "/keep":
                // start_response('200 OK', [('Connection', 'keep-alive'), ('Content-Type', 'text/plain')])
                response.AddHeader("Connection", "keep-alive");
                response.AddHeader("Content-Type", "text/plain");
                return "keeping";
            case "/length":
                // start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '5')])
                response.AddHeader("Content-Type", "text/plain");
                response.AddHeader("Content-Length", "5");
                return "fixed";
            case "/stream":
                // return (piece for piece in [b'<p>Hello', b'World</p>'])
                response.AddHeader("Content-Type", "text/html");
                return HttpBody.Stream(["<p>Hello", "World</p>"]);
            case "/write":
                // write = start_response(...); write(b'first,'); write(b'second'); return []
                response.AddHeader("Content-Type", "text/plain");
                response.Write("first,");
                response.Write("second");
                return HttpBody.Empty;
            case "/throw":
                throw new InvalidOperationException("the handler failed on purpose");
            case "/no-content":
                response.StatusCode = 204;
                return HttpBody.Empty;
            case "/not-modified":
                response.StatusCode = 304;
                response.AddHeader("ETag", "\"v1\"");
                return HttpBody.Empty;
            case "/empty":
                return HttpBody.Empty;
            case "/echo":
                // body = environ['wsgi.input'].read()
                var body = request.ReadToEnd();
                response.AddHeader("Content-Type", "application/octet-stream");
                return body;
            default:
                response.StatusCode = 404;
                response.AddHeader("Content-Type", "text/plain");
                return "Not Found";
        }
    }
}
