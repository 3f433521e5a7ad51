using Greenlets;

// Greenlet's side of the conformance run: every method and path is served, after the whole body is read, so that
// what the suite sees is the server's framing, not a router's 404; a WebSocket at any path is echoed, as Autobahn's
// cases expect. Usage: ConformanceGreenlet <port>.
var port = args.Length > 0 ? int.Parse(args[0]) : 8080;
var server = new HttpServer("127.0.0.1", port, Served.Handle) { AccessLog = null, WebSocketHandler = Served.Echo };
server.Start();
Console.WriteLine($"listening on {server.Port}");
server.ServeForever();

public static partial class Served
{
    [Greenlet]
    public static HttpBody Handle(HttpRequest request, HttpResponse response) => $"{request.ReadToEnd().Length} bytes";

    [Greenlet]
    public static void Echo(GreenWebSocket socket)
    {
        while (socket.Receive() is { } message)
        {
            if (message.IsText)
            {
                socket.Send(message.Text);
            }
            else
            {
                socket.Send(message.Data);
            }
        }
    }
}
