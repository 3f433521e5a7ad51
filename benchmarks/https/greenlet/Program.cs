using Greenlets;

// The "Hello, World!" server of the HTTPS benchmark: one hub, keep-alive, no access log, TLS from PEM files.
// Usage: HttpsPlaintext <port> <cert.pem> <key.pem> [plain]; "plain" serves HTTP instead, for the idle-memory
// comparison. GET /memory answers the live managed bytes after a full collection, and the bytes allocated so far.
var port = int.Parse(args[0]);
var tls = args.Length > 3 && args[3] == "plain" ? null : GreenSslStream.CreateServerOptions(GreenSslStream.LoadCertificateFromPemFile(args[1], args[2]));
var server = new HttpServer("127.0.0.1", port, Plaintext.Handle, new HttpLimits { MaxConcurrentConnections = 20_000 })
{
    AccessLog = null,
    ConnectionLog = null,
    Tls = tls,
};
server.Start();
Console.WriteLine($"listening on {server.Port}");
server.ServeForever();

public static partial class Plaintext
{
    private static readonly HttpBody s_body = HttpBody.FromMemory("Hello, World!"u8.ToArray());

    [Greenlet]
    public static HttpBody Handle(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "text/plain");
        if (request.Path == "/memory")
        {
            return $"{GC.GetTotalMemory(forceFullCollection: true)} {GC.GetTotalAllocatedBytes(precise: true)} {Environment.WorkingSet}";
        }

        return s_body;
    }
}
