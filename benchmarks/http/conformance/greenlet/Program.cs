using Greenlets;

// Greenlet's side of the conformance run: every method and path is served, after the whole body is read, so that
// what the suite sees is the server's framing, not a router's 404. Usage: ConformanceGreenlet <port>.
var port = args.Length > 0 ? int.Parse(args[0]) : 8080;
var server = new HttpServer("127.0.0.1", port, Served.Handle) { AccessLog = null };
server.Start();
Console.WriteLine($"listening on {server.Port}");
server.ServeForever();

public static partial class Served
{
    [Greenlet]
    public static HttpBody Handle(HttpRequest request, HttpResponse response) => $"{request.ReadToEnd().Length} bytes";
}
