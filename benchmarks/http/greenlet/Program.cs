using Greenlets;

// The plaintext "Hello World" server of the HTTP benchmarks: keep-alive, no access log, one hub unless told more.
// Usage: HttpPlaintext <port> [hubs]; prints the bound port, serves until killed.
var port = args.Length > 0 ? int.Parse(args[0]) : 8080;
var hubs = args.Length > 1 ? int.Parse(args[1]) : 1;
var server = new HttpServer("127.0.0.1", port, Plaintext.Handle) { AccessLog = null, Workers = hubs };
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
        return s_body;
    }
}
