using System.Text;

namespace Greenlets.Tests.Streams;

/// <summary>
/// OpenSSL frees an idle connection's record buffers (SSL_MODE_RELEASE_BUFFERS) on both sides once the handshake is
/// done: the mode is read back from the SSL* itself, and the connection still carries data both ways afterwards.
/// </summary>
public sealed partial class GreenSslStreamTests
{
    [Greenlet]
    private static long[] ServeAndReportMode(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsServer(ServerOptions(), timeout: 10);
        var buffer = new byte[64];
        var n = tls.Read(buffer);
        tls.Write(Encoding.ASCII.GetBytes(new string('x', 40_000))); // records of the largest size: the write buffer is used in full
        return [tls.ReleasesBuffersWhenIdle ? 1 : 0, GreenSslStream.IdleBuffers.Mode(tls.OpenSslHandle), n];
    }

    [Greenlet]
    private static long[] AskAndReportMode(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 10);
        tls.Write(Encoding.ASCII.GetBytes("ping"));
        var buffer = new byte[8192];
        var received = 0;
        while (received < 40_000)
        {
            var n = tls.Read(buffer);
            Assert.That(n, Is.GreaterThan(0), "the reply ended early");
            received += n;
        }

        return [tls.ReleasesBuffersWhenIdle ? 1 : 0, GreenSslStream.IdleBuffers.Mode(tls.OpenSslHandle), received];
    }

    [Test]
    public void OpenSslReleasesTheRecordBuffersOfAnIdleConnectionOnBothSides()
    {
        var (first, second) = GreenStream.CreatePair(4096);

        var server = Greenlet.Spawn(ServeAndReportMode, second);
        var client = Greenlet.Spawn(AskAndReportMode, first);
        Greenlet.JoinAll(server, client);

        Assert.That(server.Exception, Is.Null, server.Exception?.ToString());
        Assert.That(client.Exception, Is.Null, client.Exception?.ToString());
        Assert.That(OperatingSystem.IsLinux() && GreenSslStream.IdleBuffers.Available, Is.True, "this runtime's SSL* is out of reach: SslStream's private field or libssl.so.3 moved");
        foreach (var (side, report) in new[] { ("server", server.Value!), ("client", client.Value!) })
        {
            Assert.That(report[0], Is.EqualTo(1), $"{side}: the mode was not applied");
            Assert.That(report[1] & GreenSslStream.IdleBuffers.ModeReleaseBuffers, Is.EqualTo(GreenSslStream.IdleBuffers.ModeReleaseBuffers), $"{side}: SSL_get_mode = 0x{report[1]:x}");
        }

        Assert.That(server.Value![2], Is.EqualTo(4));
        Assert.That(client.Value![2], Is.EqualTo(40_000));
        Assert.That(Errors.ToString(), Is.Empty);
    }
}
