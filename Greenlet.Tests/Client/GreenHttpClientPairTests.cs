using System.Text;

namespace Greenlets.Tests.Client;

/// <summary>
/// The client over in-memory pairs on the virtual clock: timeouts exact to the scheduled second, servers that send
/// garbage or close at the wrong moment, and a program that runs the same way every time.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class GreenHttpClientPairTests : HubTestBase
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private readonly List<string> _received = [];

    [SetUp]
    public void ClearReceived() => _received.Clear();

    private static Queue<Reply[]> Scripts(params Reply[][] scripts) => new(scripts);

    private GreenHttpClient Client(Queue<Reply[]> scripts, GreenDuration? read = null, GreenDuration? total = null, GreenDuration? pool = null, int max = 10) => new()
    {
        Connector = ScriptedServer.Client(scripts, _received).Connector,
        ReadTimeout = read,
        TotalTimeout = total,
        PoolTimeout = pool,
        MaxConnectionsPerOrigin = max,
    };

    [Test]
    public void TheRequestHeadIsWhatHttpSays()
    {
        using var client = Client(Scripts([new Reply(Ok)]));
        var request = new GreenHttpRequest("POST", "http://example.test:8080/a/b?c=d");
        request.Headers.Add("X-Test", "1");
        request.Body = "body"u8.ToArray();
        Assert.That(client.Send(request).ReadAsString(), Is.EqualTo("ok"));
        Assert.That(_received.Single(), Is.EqualTo(
            "POST /a/b?c=d HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: Greenlet\r\nAccept-Encoding: gzip, deflate, br\r\nX-Test: 1\r\nContent-Length: 4\r\n\r\nbody"));
    }

    [Test]
    public void AReadTimeoutEndsTheWaitOnTheHubClock()
    {
        using var client = Client(Scripts([new Reply(Ok, IsSilent: true)]), read: 5);
        var error = Assert.Throws<GreenHttpTimeoutException>(() => client.Get("http://example.test/slow"));
        Assert.That(Now, Is.EqualTo(5));
        Assert.That(error!.Message, Does.Contain("read timeout of 5 s").And.Contain("http://example.test/slow"));
        Assert.That(error, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public void TheTotalTimeoutBoundsAResponseThatTricklesIn()
    {
        // Each byte comes within the read timeout, but the whole response would take 40 s.
        using var client = Client(Scripts([new Reply(Ok, Dribble: 1)]), read: 2, total: 3.5);
        var error = Assert.Throws<GreenHttpTimeoutException>(() => client.Get("http://example.test/trickle"));
        Assert.That(Now, Is.EqualTo(3.5));
        Assert.That(error!.Message, Does.Contain("total timeout of 3.5 s"));
    }

    [Greenlet]
    private string GetText(GreenHttpClient client, string url) => client.Get(url).ReadAsString();

    [Test]
    public void AtTheCapARequestWaitsForAFreeConnectionUpToThePoolTimeout()
    {
        using var client = Client(Scripts([new Reply(Ok, Delay: 10)]), pool: 4, max: 1);
        var first = Greenlet.Spawn(GetText, client, "http://example.test/first");
        Greenlet.Sleep(1);
        var error = Assert.Throws<GreenHttpTimeoutException>(() => client.Get("http://example.test/second"));
        Assert.That(Now, Is.EqualTo(5));
        Assert.That(error!.Message, Does.Contain("pool timeout of 4 s"));
        Assert.That(first.Get(), Is.EqualTo("ok"));
        Assert.That(Now, Is.EqualTo(10));
    }

    [Test]
    public void AWaitingRequestTakesTheConnectionWhenItComesBack()
    {
        using var client = Client(Scripts([new Reply(Ok, Delay: 10), new Reply(Ok, Delay: 1)]), max: 1);
        var first = Greenlet.Spawn(GetText, client, "http://example.test/first");
        var second = Greenlet.Spawn(GetText, client, "http://example.test/second");
        Assert.That(second.Get(), Is.EqualTo("ok"));
        Assert.That(first.Get(), Is.EqualTo("ok"));
        Assert.That(Now, Is.EqualTo(11), "the second went on the first's connection after it");
        Assert.That(_received, Has.Count.EqualTo(2));
    }

    [TestCase(0.5)]
    [TestCase(3)]
    public void AKilledRequestGivesItsConnectionBack(double killAt)
    {
        // The head and two bytes of the body come after 1 s, the rest never: killed waiting for the head, or in the body.
        using var client = Client(Scripts([new Reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01", Delay: 1)], [new Reply(Ok)]), pool: 1, max: 1);
        var streaming = Greenlet.Spawn(GetText, client, "http://example.test/slow");
        Greenlet.Sleep(killAt);
        streaming.Kill();
        Assert.That(client.Get("http://example.test/next").ReadAsString(), Is.EqualTo("ok"), "the only slot came back");
    }

    [TestCase("garbage\r\n\r\n", "not an HTTP")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", "conflicting Content-Length")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunked body")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed 5 bytes before the end")]
    [TestCase("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "malformed header field")]
    [TestCase("HTTP/1.1 200 OK\r\n folded\r\n\r\n", "folding")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope", "does not decode")]
    public void AServerThatSendsGarbageGivesAProtocolError(string response, string what)
    {
        using var client = Client(Scripts([new Reply(response, CloseAfter: true)]));
        var error = Assert.Throws<GreenHttpProtocolException>(() => client.Get("http://example.test/x"));
        Assert.That(error!.Message, Does.Contain(what).And.Contain("http://example.test/x"));
        Assert.That(error.StatusCode, Is.EqualTo(502));
    }

    [Test]
    public void AConnectionTheServerClosedIsRetriedOnceForAnIdempotentRequest()
    {
        // The first connection answers once, then takes the second request and closes without a word (the race of
        // a server closing an idle connection as a request goes out). The GET goes again on a new connection.
        using var client = Client(Scripts([new Reply(Ok), new Reply("", IsSilent: true, CloseAfter: true)], [new Reply(Ok)]));
        Assert.That(client.Get("http://example.test/1").ReadAsString(), Is.EqualTo("ok"));
        Assert.That(client.Get("http://example.test/2").ReadAsString(), Is.EqualTo("ok"));
        Assert.That(_received, Has.Count.EqualTo(3), "the second request went twice");
    }

    [Test]
    public void APostIsNotRetried()
    {
        using var client = Client(Scripts([new Reply(Ok), new Reply("", IsSilent: true, CloseAfter: true)], [new Reply(Ok)]));
        client.Get("http://example.test/1");
        var error = Assert.Throws<GreenHttpException>(() => client.Post("http://example.test/2", "x"));
        Assert.That(error!.Message, Does.Contain("closed the connection without a response"));
        Assert.That(_received, Has.Count.EqualTo(2));
    }

    [Test]
    public void AnIdleConnectionTheServerClosedIsNotReused()
    {
        using var client = Client(Scripts([new Reply(Ok, CloseAfter: true)], [new Reply(Ok)]));
        client.Get("http://example.test/1");
        Assert.That(client.Get("http://example.test/2").ReadAsString(), Is.EqualTo("ok"));
        Assert.That(_received, Has.Count.EqualTo(2), "no request was lost on the closed one");
    }

    [Test]
    public void InterimResponsesAreSkippedAndHttp10ClosesAfterTheBody()
    {
        using var client = Client(Scripts(
            [new Reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
            [new Reply("HTTP/1.0 200 OK\r\n\r\nuntil the close", CloseAfter: true)]));
        Assert.That(client.Get("http://example.test/1").ReadAsString(), Is.EqualTo("ok"));
        var old = client.Get("http://other.test/2");
        Assert.That(old.Version, Is.EqualTo("HTTP/1.0"));
        Assert.That(old.ReadAsString(), Is.EqualTo("until the close"));
    }

    /// <summary>A program of five greenlets sharing a two-connection client, the servers answering after scheduled delays.</summary>
    private static string RunProgram()
    {
        var log = new StringBuilder();
        var received = new List<string>();
        var scripts = new Queue<Reply[]>(Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, 5)
            .Select(i => new Reply($"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nc{c}r{i}", Delay: 0.5 + (((c * 7) + (i * 3)) % 4))).ToArray()));
        using var client = new GreenHttpClient { MaxConnectionsPerOrigin = 2, Connector = ScriptedServer.Client(scripts, received).Connector };
        var workers = Enumerable.Range(0, 5).Select(g => Greenlet.Spawn(Worker, client, g, log)).ToList();
        Greenlet.JoinAll(workers);
        log.Append(string.Join("|", received.Select(r => r.Split("\r\n")[0])));
        return log.ToString();
    }

    [Greenlet]
    private static void Worker(GreenHttpClient client, int id, StringBuilder log)
    {
        for (var i = 0; i < 2; i++)
        {
            var body = client.Get($"http://example.test/g{id}/{i}").ReadAsString();
            var now = global::Greenlets.Hub.Current.Now.TotalSeconds;
            log.Append(System.Globalization.CultureInfo.InvariantCulture, $"{now} g{id} got {body}\n");
        }
    }

    [Test]
    public void AProgramOverPairsOnTheVirtualClockRunsTheSameEveryTime()
    {
        var outputs = new HashSet<string>();
        for (var run = 0; run < 100; run++)
        {
            using (global::Greenlets.Hub.Install(HubClock.Virtual()))
            {
                outputs.Add(RunProgram());
            }
        }

        Assert.That(outputs, Has.Count.EqualTo(1), string.Join("\n----\n", outputs.Take(2)));
        TestContext.Out.WriteLine(outputs.Single());
        Assert.That(outputs.Single(), Does.Contain("g4 got"));
    }
}
