using System.Net;

namespace Greenlets.Tests.Client;

/// <summary>A handler that calls an upstream which answers garbage: the server answers 502 and reports the handler's failure.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class UpstreamFailureTests : HubTestBase
{
    private static int s_upstreamPort;

    [Greenlet]
    private static void Garbage(GreenStream stream, IPEndPoint peer)
    {
        stream.Write("this is not HTTP\r\n\r\n"u8.ToArray());
        stream.Dispose();
    }

    [Greenlet]
    private static HttpBody CallUpstream(HttpRequest request, HttpResponse response)
    {
        using var client = new GreenHttpClient();
        return client.Get($"http://127.0.0.1:{s_upstreamPort}/").ReadAsString();
    }

    [Test]
    public void AnUpstreamProtocolErrorIsA502AndAReportedHandlerFailure()
    {
        using var upstream = new StreamServer("127.0.0.1", 0, Garbage);
        upstream.Start();
        s_upstreamPort = upstream.Address!.Port;
        using var server = new HttpServer("127.0.0.1", 0, CallUpstream) { AccessLog = null, ConnectionLog = null };
        server.Start();

        using var client = new GreenHttpClient();
        var response = client.Get($"http://127.0.0.1:{server.Port}/proxy");

        Assert.That(response.StatusCode, Is.EqualTo(502));
        Assert.That(Errors.ToString(), Does.Contain("HTTP handler failed for \"GET /proxy HTTP/1.1\": Greenlets.GreenHttpProtocolException"));
        Assert.That(Errors.ToString(), Does.Contain($"(in the response from http://127.0.0.1:{s_upstreamPort}/)"));
    }
}
