namespace Greenlets.Tests.Http;

/// <summary>
/// Closing with the client's bytes unread (RFC 9112 section 9.6), against Python clients: a refused upload's client
/// reads its 413 or 400, where an immediate close would reset the connection under it; a handler that ignores a body
/// within <see cref="HttpLimits.MaxUnreadBodyDrainBytes"/> keeps the connection alive.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class LingeringCloseTests : RealPeerTestBase
{
    private static readonly string s_peers = Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Http", "Peers");

    private static string Python(string script, params object[] arguments)
    {
        var (exit, output, errors) = RunProgram("/usr/bin/python3", [Path.Combine(s_peers, script), .. arguments.Select(a => a.ToString()!)]);
        Assert.That(exit, Is.Zero, errors);
        return output.Trim();
    }

    [TestCase(8_000_000)]
    [TestCase(30_000_000)]
    public void AClientThatUploadsEverythingFirstReadsThe413(int bodyBytes)
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, HttpLimits.Default with { MaxBodyBytes = 100_000 }));

        Assert.That(Python("upload_then_read.py", server.Port, bodyBytes, "/headers"), Is.EqualTo("HTTP/1.1 413 Content Too Large"));
        Assert.That(AccessLog.ToString(), Does.Contain("413"));
    }

    [Test]
    public void AClientThatUploadsEverythingFirstReadsTheResponseToARequestWhoseBodyWasIgnored()
    {
        // The handler answers without reading 8 MB, more than the drain bound: the server closes, but lingers first.
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch));

        Assert.That(Python("upload_then_read.py", server.Port, 8_000_000, "/headers"), Is.EqualTo("HTTP/1.1 200 OK"));
    }

    [Test]
    public void ALingeringCloseEndsAtItsDeadlineWhenTheClientStopsSending()
    {
        // The client declares 8 MB, sends 1 MB, reads the 413 and the end of the stream, then trickles more bytes for up
        // to 10 s: the server reads them for half a second (its deadline), then closes, and a send fails.
        var limits = HttpLimits.Default with { MaxBodyBytes = 100_000, LingeringCloseTimeout = TimeSpan.FromSeconds(0.5) };
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, limits));

        Assert.That(Python("upload_then_read.py", server.Port, 8_000_000, "/headers", "--stall"), Is.EqualTo("HTTP/1.1 413 Content Too Large\nserver closed"));
    }

    [Test]
    public void AnIgnoredBodyWithinTheDrainBoundKeepsTheConnection()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch));

        Assert.That(Python("ignored_body_keep_alive.py", server.Port, 500_000, "/headers"), Is.EqualTo("200 200 same connection"));
    }

    [Test]
    public void AnIgnoredBodyOverTheDrainBoundClosesTheConnectionAfterTheResponse()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, HttpLimits.Default with { MaxUnreadBodyDrainBytes = 100_000 }));

        Assert.That(Python("ignored_body_keep_alive.py", server.Port, 500_000, "/headers"), Does.StartWith("200 error: "));
    }

    [Test]
    public void TheLimitsRefuseNegativeValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, HttpLimits.Default with { LingeringCloseTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, HttpLimits.Default with { MaxLingeringCloseBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch, HttpLimits.Default with { MaxUnreadBodyDrainBytes = -1 }));
    }
}
