using System.Net;
using System.Text;

namespace Greenlets.Tests.Client;

/// <summary>
/// The client against a scripted proxy on the same hub, on the virtual clock: what a proxy that refuses, asks for
/// credentials, or never answers does to a request, and which URLs go around it.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class ScriptedProxyTests : HubTestBase
{
    private static readonly List<string> s_heads = [];
    private static string s_answer = "";

    private StreamServer _proxy = null!;
    private HttpServer _origin = null!;

    private string ProxyUrl => $"http://127.0.0.1:{_proxy.Address!.Port}";

    [SetUp]
    public void Start()
    {
        s_heads.Clear();
        s_answer = "";
        _proxy = new StreamServer("127.0.0.1", 0, Answer);
        _proxy.Start();
        _origin = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle) { AccessLog = null, ConnectionLog = null };
        _origin.Start();
    }

    [TearDown]
    public void Stop()
    {
        _proxy.Dispose();
        _origin.Dispose();
    }

    /// <summary>Reads one request head, keeps it, and sends <see cref="s_answer"/>; an empty answer says nothing and waits.</summary>
    [Greenlet]
    private static void Answer(GreenStream stream, IPEndPoint peer)
    {
        var reader = new GreenStreamReader(stream, leaveOpen: true);
        var head = new StringBuilder();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            head.Append(line).Append('\n');
        }

        s_heads.Add(head.ToString());
        if (s_answer.Length == 0)
        {
            Greenlet.Sleep(3600);
            return;
        }

        stream.Write(Encoding.ASCII.GetBytes(s_answer));
        stream.Dispose();
    }

    [Test]
    public void ARefusedTunnelIsAConnectErrorWithTheProxysAnswer()
    {
        s_answer = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n";
        using var client = new GreenHttpClient { Proxy = new WebProxy(ProxyUrl) };

        var error = Assert.Throws<GreenHttpConnectException>(() => client.Get("https://example.test/"));
        Assert.That(error!.Message, Does.Contain("refused CONNECT example.test:443: HTTP/1.1 407 Proxy Authentication Required"));
        Assert.That(s_heads.Single(), Does.StartWith("CONNECT example.test:443 HTTP/1.1\nHost: example.test:443\n"));
    }

    [Test]
    public void CredentialsGoAsBasicInTheForwardedRequestAndInConnect()
    {
        s_answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        var proxy = new WebProxy(ProxyUrl) { Credentials = new NetworkCredential("user", "pässword") };
        using var client = new GreenHttpClient { Proxy = proxy };

        Assert.That(client.Get("http://example.test:8080/path?q=1#fragment").ReadAsString(), Is.EqualTo("ok"));
        s_answer = "HTTP/1.1 403 Forbidden\r\n\r\n";
        Assert.Throws<GreenHttpConnectException>(() => client.Get("https://example.test/"));

        var expected = "Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pässword"));
        Assert.That(s_heads[0], Does.StartWith("GET http://example.test:8080/path?q=1 HTTP/1.1\n"), "the absolute form, without the fragment");
        Assert.That(s_heads[0], Does.Contain("\n" + expected + "\n"));
        Assert.That(s_heads[0], Does.Contain("\nHost: example.test:8080\n"));
        Assert.That(s_heads[1], Does.Contain("\n" + expected + "\n"));
    }

    [Test]
    public void AProxyThatNeverAnswersConnectTimesOutAtTheConnectTimeout()
    {
        using var client = new GreenHttpClient { Proxy = new WebProxy(ProxyUrl), ConnectTimeout = 5 };
        var start = global::Greenlets.Hub.Current.Now;

        var error = Assert.Throws<GreenHttpTimeoutException>(() => client.Get("https://example.test/"));
        Assert.That(global::Greenlets.Hub.Current.Now - start, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(error!.Message, Does.Contain("did not open a tunnel to example.test:443 within the connect timeout of 5 s"));
    }

    [Test]
    public void BypassedUrlsConnectDirectly()
    {
        using var client = new GreenHttpClient { Proxy = new WebProxy(ProxyUrl, BypassOnLocal: false, BypassList: [@"127\.0\.0\.1"]) };

        Assert.That(client.Get($"http://127.0.0.1:{_origin.Port}/hello").ReadAsString(), Is.EqualTo("Hello, World!"));
        Assert.That(s_heads, Is.Empty, "the proxy saw nothing");
    }

    [Test]
    public void WithoutAProxyTheEnvironmentIsNotRead()
    {
        using var client = new GreenHttpClient();

        Assert.That(client.Proxy, Is.Null);
        Assert.That(client.Get($"http://127.0.0.1:{_origin.Port}/hello").StatusCode, Is.EqualTo(200));
    }
}
