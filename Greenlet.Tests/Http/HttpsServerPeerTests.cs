using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Text;
using Greenlets.Tests.Streams;

namespace Greenlets.Tests.Http;

/// <summary>
/// The HTTPS server against real TLS clients that are not ours: curl, openssl s_client (TLS 1.2 and 1.3, ALPN),
/// Python's ssl and .NET's HttpClient; and GreenSslStream as a client against Python's ssl server. The test CA and
/// certificates are made at test time and written as PEM for the peers.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class HttpsServerPeerTests : RealPeerTestBase
{
    private static TestCertificates Certificates => TestCertificates.Shared;

    private HttpServer _server = null!;

    private string Url(string path) => $"https://localhost:{_server.Port}{path}";

    [SetUp]
    public void StartServer() =>
        _server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Dispatch) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) });

    [TearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public void CurlGetsAnswersOverOneKeptAliveConnection()
    {
        using var hello = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) });
        var url = $"https://localhost:{hello.Port}/";
        var (exit, output, errors) = RunProgram("curl", "--max-time", "20", "-s", "-S", "-v", "--cacert", Certificates.CaPemPath,
            "--resolve", $"localhost:{hello.Port}:127.0.0.1", url, url);

        Assert.That(exit, Is.Zero, errors);
        Assert.That(output, Is.EqualTo("Hello WorldHello World"));
        Assert.That(errors, Does.Contain("SSL certificate verify ok"));
        Assert.That(errors, Does.Contain("ALPN: server accepted http/1.1"));
        Assert.That(errors, Does.Contain("Re-using existing connection"));
    }

    [Test]
    public void CurlPostsAMegabyteAndGetsItBack()
    {
        var path = Path.Combine(Certificates.Directory, "body.bin");
        var body = new byte[1_000_000];
        new Random(7).NextBytes(body);
        File.WriteAllBytes(path, body);
        var copy = Path.Combine(Certificates.Directory, "copy.bin");

        var (exit, _, errors) = RunProgram("curl", "--max-time", "30", "-s", "-S", "--cacert", Certificates.CaPemPath,
            "--resolve", $"localhost:{_server.Port}:127.0.0.1", "--data-binary", "@" + path, "-o", copy, Url("/echo"));

        Assert.That(exit, Is.Zero, errors);
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(body));
    }

    [Test]
    public void CurlReadsAChunkedStream()
    {
        var (exit, output, errors) = RunProgram("curl", "--max-time", "20", "-s", "-S", "-i", "--raw", "--cacert", Certificates.CaPemPath,
            "--resolve", $"localhost:{_server.Port}:127.0.0.1", Url("/stream"));

        Assert.That(exit, Is.Zero, errors);
        Assert.That(output, Does.EndWith("\r\n\r\n8\r\n<p>Hello\r\n9\r\nWorld</p>\r\n0\r\n\r\n"));
    }

    [TestCase("-tls1_2", "TLSv1.2")]
    [TestCase("-tls1_3", "TLSv1.3")]
    public void OpensslSClientSpeaksEitherVersionWithAlpn(string version, string expected)
    {
        var (exit, output, errors) = RunWithInput("openssl", "GET /form HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "s_client", "-connect", $"127.0.0.1:{_server.Port}", "-servername", "localhost", "-CAfile", Certificates.CaPemPath,
            "-verify_return_error", version, "-alpn", "http/1.1", "-ign_eof");

        Assert.That(exit, Is.Zero, errors + output);
        Assert.That(output, Does.Contain($"Protocol  : {expected}").Or.Contain($"New, {expected}, Cipher is"));
        Assert.That(output, Does.Contain("ALPN protocol: http/1.1"));
        Assert.That(output, Does.Contain("Verify return code: 0 (ok)"));
        Assert.That(output, Does.Contain("HTTP/1.1 200 OK"));
    }

    [Test]
    public void PythonsSslClientVerifiesAndReads()
    {
        const string Script = """
            import http.client, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[1])
            connection = http.client.HTTPSConnection("localhost", int(sys.argv[2]), context=context, timeout=20)
            for path in ("/echo", "/stream"):
                connection.request("POST" if path == "/echo" else "GET", path, body=b"x" * 100000 if path == "/echo" else None)
                response = connection.getresponse()
                print(response.status, len(response.read()), connection.sock.version())
            """;
        var (exit, output, errors) = RunProgram("/usr/bin/python3", "-c", Script, Certificates.CaPemPath, _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(exit, Is.Zero, errors);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "200 100000 TLSv1.3", "200 17 TLSv1.3" }));
    }

    [Test]
    public void DotNetsHttpClientTrustingTheTestCaReads()
    {
        var port = _server.Port;
        var authority = Certificates.Authority;
        var (status, body, version) = OffHub(() =>
        {
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsTestCa(certificate, errors, authority);
            handler.ConnectCallback = async (context, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            };
            using var client = new HttpClient(handler);
            var responses = Enumerable.Range(0, 3).Select(_ => client.GetAsync($"https://localhost:{port}/form?message=hi").GetAwaiter().GetResult()).ToList();
            return ((int)responses[^1].StatusCode, responses[^1].Content.ReadAsStringAsync().GetAwaiter().GetResult(), responses[^1].Version);
        });

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.Not.Null);
        Assert.That(version, Is.EqualTo(HttpVersion.Version11));
    }

    [Test]
    public void DotNetsClientWebSocketEchoesOverWss()
    {
        using var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello)
        {
            Tls = GreenSslStream.CreateServerOptions(Certificates.Server),
            WebSocketHandler = WebSockets.WebSocketHandlers.Echo,
        });
        var authority = Certificates.Authority;
        var replies = OffHub(() =>
        {
            using var client = new System.Net.WebSockets.ClientWebSocket();
            client.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsTestCa(certificate, errors, authority);
            client.ConnectAsync(new Uri($"wss://127.0.0.1:{server.Port}/echo"), CancellationToken.None).GetAwaiter().GetResult();
            var received = new List<string>();
            foreach (var text in new[] { "hello", new string('z', 70000) })
            {
                client.SendAsync(Encoding.UTF8.GetBytes(text), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
                var message = new MemoryStream();
                var buffer = new byte[8192];
                System.Net.WebSockets.WebSocketReceiveResult result;
                do
                {
                    result = client.ReceiveAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                received.Add(Encoding.UTF8.GetString(message.ToArray()));
            }

            client.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).GetAwaiter().GetResult();
            received.Add($"{client.CloseStatus}");
            return received;
        });

        Assert.That(replies, Is.EqualTo(new[] { "echo: hello", "echo: " + new string('z', 70000), "NormalClosure" }));
    }

    private static bool TrustsTestCa(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, SslPolicyErrors errors, System.Security.Cryptography.X509Certificates.X509Certificate2 authority)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    [Test]
    public void PlaintextToTheTlsPortIsRefusedAndLoggedOnce()
    {
        var (exit, _, _) = RunProgram("curl", "--max-time", "20", "-s", $"http://127.0.0.1:{_server.Port}/");

        Assert.That(exit, Is.Not.Zero);
        WaitForLogLine("did not speak TLS");
        var lines = ConnectionLogLines().Where(line => line.Contains("TLS", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.StartWith("info ["));
        Assert.That(lines[0], Does.Contain("the client did not speak TLS: its first bytes were \"GET / HT\" (plaintext sent to a TLS port?)"));
        Assert.That(lines[0], Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void AClientThatNeverHandshakesIsCutAtTheHandshakeTimeout()
    {
        using var quick = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello, new HttpLimits { TlsHandshakeTimeout = 0.5 })
        {
            Tls = GreenSslStream.CreateServerOptions(Certificates.Server),
        });
        using var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, quick.Port), timeout: 20);

        Assert.That(client.Recv(16), Is.Empty, "the server closed the connection");
        WaitForLogLine("TLS handshake not complete within 0.5 s");
        Assert.That(quick.ConnectionCount, Is.Zero);
    }

    [Test]
    public void AHundredHttpsHandshakesAndRequestsOverSocketsRunNoThreadPoolWork()
    {
        using var hello = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) });
        var address = new IPEndPoint(IPAddress.Loopback, hello.Port);
        var options = Certificates.ClientOptions();
        GetOverTls(address, options); // warm up
        // Both ends run on this hub: the server's connection greenlets and this client. Counted in windows of ten, as
        // GreenSslStreamTests does, because the process's counter also sees the test host's own timers.
        var counts = new List<long>();
        while (counts.Count(c => c == 0) < 10 && counts.Count < 60)
        {
            var before = System.Threading.ThreadPool.CompletedWorkItemCount;
            for (var i = 0; i < 10; i++)
            {
                Assert.That(GetOverTls(address, options), Does.EndWith("Hello World"));
            }

            counts.Add(System.Threading.ThreadPool.CompletedWorkItemCount - before);
        }

        // A control: as many windows of the hub sleeping, with no TLS at all, show the test host's own rate.
        var idle = new List<long>();
        for (var i = 0; i < counts.Count; i++)
        {
            var before = System.Threading.ThreadPool.CompletedWorkItemCount;
            Greenlet.Sleep(0.1);
            idle.Add(System.Threading.ThreadPool.CompletedWorkItemCount - before);
        }

        TestContext.Out.WriteLine($"thread-pool work items per 10 HTTPS handshakes and requests over loopback: {string.Join(", ", counts)}; per 0.1 s of the hub idle: {string.Join(", ", idle)}");
        Assert.That(counts.Count(c => c == 0), Is.EqualTo(10));
    }

    private static string GetOverTls(IPEndPoint address, SslClientAuthenticationOptions options)
    {
        using var tls = new GreenSslStream(GreenSocket.CreateConnection(address, timeout: 20).GetStream());
        tls.AuthenticateAsClient(options, timeout: 20);
        tls.Write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = tls.Read(buffer)) > 0)
        {
            reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return reply.ToString();
    }

    [Test]
    public void StoppingTheServerMidHandshakeClosesTheConnection()
    {
        var server = Serve(new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { Tls = GreenSslStream.CreateServerOptions(Certificates.Server) });
        using var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, server.Port), timeout: 20);
        client.SendAll(new byte[] { 0x16, 0x03, 0x01 }); // a third of a record header: the handshake waits for the rest
        Greenlet.Sleep(0.2);

        server.Stop();

        Assert.That(client.Recv(16), Is.Empty, "the connection was closed");
        Assert.That(server.ConnectionCount, Is.Zero);
    }

    [Test]
    public void AClientThatGoesAwayMidHandshakeIsADebugLineOnly()
    {
        using (var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, _server.Port), timeout: 20))
        {
            client.SendAll(new byte[] { 0x16, 0x03, 0x01 });
        }

        Greenlet.Sleep(0.2);
        Assert.That(ConnectionLogLines(), Is.Empty, "information level writes nothing for a client that went away");
    }

    [TestCase("TLSv1_3")]
    [TestCase("TLSv1_2")]
    public void GreenSslStreamTalksToPythonsSslServer(string version)
    {
        const string Script = """
            import socket, ssl, sys
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            context.set_alpn_protocols(["green/1"])
            context.maximum_version = getattr(ssl.TLSVersion, sys.argv[3])
            listener = socket.create_server(("127.0.0.1", 0))
            print(listener.getsockname()[1], flush=True)
            raw, _ = listener.accept()
            with context.wrap_socket(raw, server_side=True) as tls:
                data = b""
                while not data.endswith(b"\n"):
                    data += tls.recv(65536)
                tls.sendall(b"python heard " + str(len(data)).encode() + b" bytes over " + tls.version().encode() + b" " + tls.selected_alpn_protocol().encode() + b"\n")
                tls.unwrap()
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Script, Certificates.ServerPemPath, Certificates.ServerKeyPath, version })
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        try
        {
            var port = int.Parse(OffHub(() => python.StandardOutput.ReadLine() ?? "0"), System.Globalization.CultureInfo.InvariantCulture);
            using var tls = new GreenSslStream(GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port), timeout: 20).GetStream());
            var options = Certificates.ClientOptions();
            options.ApplicationProtocols = [new SslApplicationProtocol("green/1")];
            tls.AuthenticateAsClient(options, timeout: 20);
            var line = new byte[200_001];
            Array.Fill(line, (byte)'g');
            line[^1] = (byte)'\n';
            tls.Write(line);

            var reply = new StringBuilder();
            var buffer = new byte[4096];
            int n;
            while ((n = tls.Read(buffer)) > 0)
            {
                reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            Assert.That(reply.ToString(), Is.EqualTo($"python heard 200001 bytes over {version.Replace('_', '.')} green/1\n"));
            Assert.That(tls.NegotiatedApplicationProtocol.ToString(), Is.EqualTo("green/1"));
        }
        finally
        {
            if (!python.WaitForExit(10_000))
            {
                python.Kill();
            }
        }
    }

    private void WaitForLogLine(string text)
    {
        for (var i = 0; i < 200 && !ConnectionLog.ToString().Contains(text, StringComparison.Ordinal); i++)
        {
            Greenlet.Sleep(0.05);
        }

        Assert.That(ConnectionLog.ToString(), Does.Contain(text));
    }

    private static (int ExitCode, string Output, string Errors) RunWithInput(string file, string input, params string[] arguments) => OffHub(() =>
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result, errors.Result);
    });
}
