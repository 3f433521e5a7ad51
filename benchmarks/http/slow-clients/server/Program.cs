using Greenlets;

// The server the slow-clients benchmark attacks: HttpServer with its default limits (30 s head deadline, 240 bytes/s
// body and response rates after 5 s), "Hello, World!" for GET and the body's length for POST (it reads the body, so
// the request body rate applies). No access log; the connection log goes to standard error, one line per cut.
// Usage: SlowClientsServer <port>; serves until killed.
var port = args.Length > 0 ? int.Parse(args[0]) : 8080;
var server = new HttpServer("127.0.0.1", port, SlowClientsApp.Handle) { AccessLog = null };
server.Start();
Console.WriteLine($"listening on {server.Port}");
server.ServeForever();

public static partial class SlowClientsApp
{
    private static readonly HttpBody s_hello = HttpBody.FromMemory("Hello, World!"u8.ToArray());

    [Greenlet]
    public static HttpBody Handle(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "text/plain");
        return request.Method == "POST" ? $"{request.ReadToEnd().Length} bytes" : s_hello;
    }
}
