using System.Net;
using Greenlets.Tests.Http;
using Greenlets.Tests.Server;

namespace Greenlets.Tests.Client;

/// <summary>The client against Python's http.server: the stock HTTP/1.0 one, and an HTTP/1.1 keep-alive subclass.</summary>
[TestFixture]
[Category(TestCategories.Peer)]
public sealed class GreenHttpClientPythonTests : RealPeerTestBase
{
    private const string KeepAliveServer = """
        import functools, gzip, http.server, sys
        class Handler(http.server.SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                if self.path == "/gzip":
                    body = gzip.compress(b"squeezed " * 1000)
                    self.send_response(200)
                    self.send_header("Content-Encoding", "gzip")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                elif self.path == "/chunked":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for piece in (b"alpha,", b"beta,", b"gamma"):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                elif self.path == "/connections":
                    body = str(Handler.connections).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    super().do_GET()
            def setup(self):
                Handler.connections += 1
                super().setup()
        Handler.connections = 0
        http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), functools.partial(Handler, directory=sys.argv[2])).serve_forever()
        """;

    private string _directory = null!;

    [SetUp]
    public void MakeDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("greenlet-client-").FullName;
        File.WriteAllText(Path.Combine(_directory, "file.txt"), string.Concat(Enumerable.Repeat("0123456789", 10_000)));
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Waits (on the hub) until the server answers.</summary>
    private static void WaitUntilUp(GreenHttpClient client, string url)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                client.Get(url);
                return;
            }
            catch (GreenHttpConnectException) when (i < 200)
            {
                Greenlet.Sleep(0.05);
            }
        }
    }

    [Test]
    public void StockHttpServerOverHttp10()
    {
        var port = FreePort();
        using var server = new PeerProcess("/usr/bin/python3", "-m", "http.server", port.ToString(), "--bind", "127.0.0.1", "--directory", _directory);
        using var client = new GreenHttpClient();
        var url = $"http://127.0.0.1:{port}";
        WaitUntilUp(client, url + "/");

        var response = client.Get(url + "/file.txt");
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Version, Is.EqualTo("HTTP/1.0"));
        Assert.That(response.ReadAsString(), Is.EqualTo(File.ReadAllText(Path.Combine(_directory, "file.txt"))));
        var head = client.Head(url + "/file.txt");
        Assert.That(head.Headers["Content-Length"], Is.EqualTo("100000"));
        Assert.That(head.ReadBody(), Is.Empty);
        Assert.That(client.Get(url + "/missing").StatusCode, Is.EqualTo(404));
        Assert.That(client.Get(url + "/").ReadAsString(), Does.Contain("file.txt"), "the directory listing");
    }

    [Test]
    public void KeepAliveHttpServerReusesConnectionsAndDecodes()
    {
        var port = FreePort();
        using var server = new PeerProcess("/usr/bin/python3", "-c", KeepAliveServer, port.ToString(), _directory);
        using var client = new GreenHttpClient();
        var url = $"http://127.0.0.1:{port}";
        WaitUntilUp(client, url + "/connections");
        using var fresh = new GreenHttpClient();
        var before = int.Parse(fresh.Get(url + "/connections").ReadAsString());

        for (var i = 0; i < 10; i++)
        {
            Assert.That(client.Get(url + "/file.txt").ReadBody(), Has.Length.EqualTo(100_000));
            Assert.That(client.Get(url + "/gzip").ReadAsString(), Is.EqualTo(string.Concat(Enumerable.Repeat("squeezed ", 1000))));
            Assert.That(client.Get(url + "/chunked").ReadAsString(), Is.EqualTo("alpha,beta,gamma"));
        }

        var after = int.Parse(client.Get(url + "/connections").ReadAsString());
        Assert.That(after - before, Is.EqualTo(0), "31 requests on the connection the client already had");
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("http", "127.0.0.1", port)), Is.EqualTo(1));
    }

    [Test]
    public void PythonsTlsServerOverHttps()
    {
        const string TlsServer = """
            import http.server, ssl, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *args): pass
                def do_GET(self):
                    body = (self.connection.version() + " " + self.path).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            server.socket = context.wrap_socket(server.socket, server_side=True)
            server.serve_forever()
            """;
        var certificates = Streams.TestCertificates.Shared;
        var port = FreePort();
        using var server = new PeerProcess("/usr/bin/python3", "-c", TlsServer, port.ToString(), certificates.ServerPemPath, certificates.ServerKeyPath);
        using var client = new GreenHttpClient { Tls = certificates.ClientOptions("localhost") };
        var url = $"https://127.0.0.1:{port}";
        WaitUntilUp(client, url + "/up");

        Assert.That(client.Get(url + "/first").ReadAsString(), Does.Match(@"^TLSv1\.[23] /first$"));
        Assert.That(client.Get(url + "/second").ReadAsString(), Does.EndWith(" /second"));
        Assert.That(client.OpenedConnections(new GreenHttpOrigin("https", "127.0.0.1", port)), Is.EqualTo(1));
    }
}
