using System.Net.Security;
using System.Reflection;
using System.Text;

namespace Greenlets.Tests.Streams;

/// <summary>
/// TLS over an in-memory pair on the virtual clock: both ends are greenlets on one hub, SslStream runs inline on the
/// hub thread, and timeouts and kills leave nothing pending behind.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Unit)]
public sealed partial class GreenSslStreamTests : HubTestBase
{
    private static TestCertificates Certificates => TestCertificates.Shared;

    private static readonly Dictionary<System.Security.Cryptography.X509Certificates.X509Certificate2, SslServerAuthenticationOptions> s_serverOptions = [];

    /// <summary>Options built once per certificate, as a server builds them: a certificate context per handshake would not be.</summary>
    private static SslServerAuthenticationOptions ServerOptions(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        certificate ??= Certificates.Server;
        lock (s_serverOptions)
        {
            if (!s_serverOptions.TryGetValue(certificate, out var options))
            {
                options = GreenSslStream.CreateServerOptions(certificate);
                s_serverOptions[certificate] = options;
            }

            return options;
        }
    }

    [Greenlet]
    private static string ServeEcho(GreenStream transport, int bytes)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsServer(ServerOptions(), timeout: 10);
        var buffer = new byte[8192];
        var total = 0;
        while (total < bytes)
        {
            var n = tls.Read(buffer);
            if (n == 0)
            {
                break;
            }

            tls.Write(buffer.AsMemory(0, n));
            total += n;
        }

        return $"{tls.SslProtocol} {total}";
    }

    [Greenlet]
    private static void WriteAll(GreenSslStream tls, byte[] payload)
    {
        for (var sent = 0; sent < payload.Length; sent += 20_000)
        {
            tls.Write(payload.AsMemory(sent, Math.Min(20_000, payload.Length - sent)));
        }
    }

    [Greenlet]
    private static byte[] AskEcho(GreenStream transport, byte[] payload)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 10);
        var writer = Greenlet.Spawn(WriteAll, tls, payload); // one greenlet writes while this one reads, as full duplex needs
        var reply = new byte[payload.Length];
        var received = 0;
        while (received < payload.Length)
        {
            var n = tls.Read(reply.AsMemory(received));
            Assert.That(n, Is.GreaterThan(0), "the echo ended early");
            received += n;
        }

        writer.Join();
        Assert.That(writer.Exception, Is.Null, writer.Exception?.ToString());
        return reply;
    }

    [TestCase(65536, 11)]
    [TestCase(4096, 300_000)]
    [TestCase(100, 70_000)]
    public void ClientAndServerTalkOverAnInMemoryPair(int capacity, int bytes)
    {
        var (first, second) = GreenStream.CreatePair(capacity);
        var payload = new byte[bytes];
        new Random(bytes).NextBytes(payload);

        var server = Greenlet.Spawn(ServeEcho, second, bytes);
        var client = Greenlet.Spawn(AskEcho, first, payload);
        Greenlet.JoinAll(server, client);

        Assert.That(client.Exception, Is.Null, client.Exception?.ToString());
        Assert.That(server.Exception, Is.Null, server.Exception?.ToString());
        Assert.That(client.Value, Is.EqualTo(payload));
        Assert.That(server.Value, Does.EndWith($" {bytes}"));
        Assert.That(server.Value, Does.StartWith("Tls13"));
        Assert.That(Errors.ToString(), Is.Empty);
    }

    [Greenlet]
    private static string ServeOnce(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsServer(ServerOptions(), timeout: 10);
        var buffer = new byte[64];
        var n = tls.Read(buffer);
        tls.Write(Encoding.ASCII.GetBytes("pong"));
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Greenlet]
    private static string AskOnce(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 10);
        tls.Write(Encoding.ASCII.GetBytes("ping"));
        var buffer = new byte[64];
        var n = tls.Read(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Test]
    public void AHundredHandshakesAndExchangesRunNoThreadPoolWork()
    {
        RunExchanges(3); // warm up: the first handshake loads OpenSSL
        // The count is the process's: a fixture that ran just before (a Roslyn compilation) leaves timers that still
        // run on the pool now and then. So count in windows of ten handshakes and exchanges, and require ten windows
        // in which nothing at all ran on the pool: work of ours would show in every window. Alone, the test sees 0
        // work items over all of them.
        var counts = new List<long>();
        while (counts.Count(c => c == 0) < 10 && counts.Count < 60)
        {
            var before = System.Threading.ThreadPool.CompletedWorkItemCount;
            RunExchanges(10);
            counts.Add(System.Threading.ThreadPool.CompletedWorkItemCount - before);
        }

        TestContext.Out.WriteLine($"thread-pool work items per 10 handshakes and exchanges: {string.Join(", ", counts)}");
        Assert.That(counts.Count(c => c == 0), Is.EqualTo(10), "ten windows (100 handshakes and exchanges) ran with no thread-pool work item");
    }

    private void RunExchanges(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (first, second) = GreenStream.CreatePair();
            var server = Greenlet.Spawn(ServeOnce, second);
            var client = Greenlet.Spawn(AskOnce, first);
            Greenlet.JoinAll(server, client);
            Assert.That(server.Value, Is.EqualTo("ping"), server.Exception?.ToString());
            Assert.That(client.Value, Is.EqualTo("pong"), client.Exception?.ToString());
        }
    }

    [Test]
    public void AHandshakeTimesOutOnTheHubClockAndClosesTheStream()
    {
        var (first, second) = GreenStream.CreatePair();
        var tls = new GreenSslStream(second);

        var error = Assert.Throws<SocketTimeoutException>(() => tls.AuthenticateAsServer(ServerOptions(), timeout: 5));

        Assert.That(error!.Message, Does.Contain("GreenSslStream.AuthenticateAsServer timed out after 5 s"));
        Assert.That(Now, Is.EqualTo(5));
        Assert.That(tls.IsClosed, Is.True);
        Assert.That(second.IsClosed, Is.True, "the transport closes with a failed handshake");
        Assert.That(first.Read(new byte[8]), Is.Zero, "the peer sees the end of the stream");
    }

    [Greenlet]
    private void HandshakeUntilKilled(GreenSslStream tls)
    {
        try
        {
            tls.AuthenticateAsServer(ServerOptions());
        }
        finally
        {
            Log.Add($"closed={tls.IsClosed}");
        }
    }

    [Test]
    public void AKillMidHandshakeClosesTheStreamAndItsTransport()
    {
        var (first, second) = GreenStream.CreatePair();
        var tls = new GreenSslStream(second);
        var server = Greenlet.Spawn(HandshakeUntilKilled, tls);
        first.Write(new byte[] { 0x16, 0x03, 0x01, 0x00 }); // half a record header: the server waits for the rest
        Greenlet.Sleep(1);

        server.Kill();

        Assert.That(Log, Is.EqualTo(new[] { "closed=True" }));
        Assert.That(second.IsClosed, Is.True);
        Assert.That(first.Read(new byte[8]), Is.Zero, "the peer sees the end of the stream");
    }

    [Greenlet]
    private static void ServeQuietly(GreenStream transport, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        try
        {
            using var tls = new GreenSslStream(transport);
            tls.AuthenticateAsServer(ServerOptions(certificate), timeout: 10);
            tls.Read(new byte[1]);
        }
        catch (Exception e) when (e is GreenSslException or IOException)
        {
        }
    }

    private GreenSslException ConnectExpectingFailure(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, SslClientAuthenticationOptions options)
    {
        var (first, second) = GreenStream.CreatePair();
        var server = Greenlet.Spawn(ServeQuietly, second, certificate);
        var tls = new GreenSslStream(first);
        var error = Assert.Throws<GreenSslException>(() => tls.AuthenticateAsClient(options, timeout: 10));
        server.Join();
        Assert.That(tls.IsClosed, Is.True);
        return error!;
    }

    [Test]
    public void AWrongHostSaysWhichHostTheCertificateIsNotFor()
    {
        var error = ConnectExpectingFailure(Certificates.OtherHost, Certificates.ClientOptions("localhost"));

        Assert.That(error.Message, Does.Contain("the server's certificate (CN=other.example) is not valid for the host name 'localhost'"));
        Assert.That(error.CertificateErrors, Is.EqualTo(SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Test]
    public void AnExpiredCertificateSaysWhenItExpired()
    {
        var error = ConnectExpectingFailure(Certificates.Expired, Certificates.ClientOptions());

        Assert.That(error.Message, Does.Contain($"the server's certificate (CN=localhost) expired on {Certificates.Expired.NotAfter.ToUniversalTime():yyyy-MM-dd}"));
        Assert.That(error.ChainStatus & System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NotTimeValid, Is.Not.Zero);
    }

    [Test]
    public void AnUntrustedIssuerIsNamed()
    {
        var error = ConnectExpectingFailure(Certificates.Untrusted, Certificates.ClientOptions());

        Assert.That(error.Message, Does.Contain("is not trusted: its issuer (CN=Greenlet Untrusted CA) does not lead to a root in the trust store"));
    }

    [Test]
    public void TheSystemTrustStoreIsTheDefault()
    {
        var error = ConnectExpectingFailure(Certificates.Server, new SslClientAuthenticationOptions { TargetHost = "localhost" });

        Assert.That(error.Message, Does.Contain("is not trusted: its issuer (CN=Greenlet Test CA)"));
    }

    [Test]
    public void PlaintextToATlsServerIsNamedAsSuch()
    {
        var (first, second) = GreenStream.CreatePair();
        first.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        var tls = new GreenSslStream(second);

        var error = Assert.Throws<GreenSslException>(() => tls.AuthenticateAsServer(ServerOptions(), timeout: 10));

        Assert.That(error!.Message, Does.Contain("the client did not speak TLS: its first bytes were \"GET / HT\" (plaintext sent to a TLS port?)"));
        Assert.That(first.Read(new byte[64]), Is.Zero, "the server closed the connection");
    }

    [Test]
    public void APlaintextServerIsNamedAsSuch()
    {
        var (first, second) = GreenStream.CreatePair();
        second.Write(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
        var tls = new GreenSslStream(first);

        var error = Assert.Throws<GreenSslException>(() => tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 10));

        Assert.That(error!.Message, Does.Contain("the server did not answer in TLS: its first bytes were \"HTTP/1.1\""));
    }

    [Greenlet]
    private static void ServeLate(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        tls.AuthenticateAsServer(ServerOptions(), timeout: 10);
        Greenlet.Sleep(3);
        tls.Write(Encoding.ASCII.GetBytes("late"));
        tls.Read(new byte[1]);
    }

    [Test]
    public void AReadThatTimesOutLeavesTheStreamUsable()
    {
        var (first, second) = GreenStream.CreatePair();
        var server = Greenlet.Spawn(ServeLate, second);
        using var tls = new GreenSslStream(first);
        tls.AuthenticateAsClient(Certificates.ClientOptions(), timeout: 10);
        tls.Timeout = 1;
        var buffer = new byte[16];

        Assert.Throws<SocketTimeoutException>(() => tls.Read(buffer));
        tls.Timeout = 10;
        var n = tls.Read(buffer);

        Assert.That(Encoding.ASCII.GetString(buffer, 0, n), Is.EqualTo("late"));
        tls.Dispose();
        server.Join();
        Assert.That(server.Exception, Is.Null, server.Exception?.ToString());
    }

    [Test]
    public void TheClientOptionsCopyCarriesEveryProperty()
    {
        var settable = typeof(SslClientAuthenticationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).Order().ToList();
        var source = File.ReadAllText(Path.Combine(Package.RepositoryFiles.Root, "Greenlet.Runtime", "Streams", "TlsClientDefaults.cs"));

        Assert.That(settable.Where(name => !source.Contains($"{name} = options.{name}", StringComparison.Ordinal) && name != "RemoteCertificateValidationCallback"), Is.Empty);
    }

    [Test]
    public void TheServerOptionsCopyCarriesEveryProperty()
    {
        var settable = typeof(SslServerAuthenticationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).Order().ToList();
        var source = File.ReadAllText(Path.Combine(Package.RepositoryFiles.Root, "Greenlet.Runtime", "Streams", "TlsServerDefaults.cs"));

        Assert.That(settable.Where(name => !source.Contains($"{name} = ", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void AServerGivenOnlyACertificateGetsAContextBuiltOnceAndHttp11()
    {
        var options = new SslServerAuthenticationOptions { ServerCertificate = Certificates.Server };

        var prepared = TlsServerDefaults.Prepare(options, SslApplicationProtocol.Http11);

        Assert.That(prepared, Is.Not.SameAs(options));
        Assert.That(options.ServerCertificateContext, Is.Null, "the caller's options are not modified");
        Assert.That(prepared.ServerCertificateContext, Is.Not.Null);
        Assert.That(prepared.ServerCertificate, Is.Null);
        Assert.That(prepared.ApplicationProtocols, Is.EqualTo(new[] { SslApplicationProtocol.Http11 }));
    }

    [Greenlet]
    private static string ServeAskingForACertificate(GreenStream transport)
    {
        using var tls = new GreenSslStream(transport);
        var options = GreenSslStream.CreateServerOptions(Certificates.Server);
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=other.example";
        tls.AuthenticateAsServer(options, timeout: 10);
        tls.Write(Encoding.ASCII.GetBytes("ok"));
        return tls.RemoteCertificate?.Subject ?? "none";
    }

    [Test]
    public void AClientCertificateReachesTheServer()
    {
        var (first, second) = GreenStream.CreatePair();
        var server = Greenlet.Spawn(ServeAskingForACertificate, second);
        using var tls = new GreenSslStream(first);
        var options = Certificates.ClientOptions();
        options.ClientCertificates = [Certificates.OtherHost];
        tls.AuthenticateAsClient(options, timeout: 10);
        var buffer = new byte[8];
        var n = tls.Read(buffer);

        server.Join();
        Assert.That(server.Value, Is.EqualTo("CN=other.example"), server.Exception?.ToString());
        Assert.That(Encoding.ASCII.GetString(buffer, 0, n), Is.EqualTo("ok"));
    }
}
