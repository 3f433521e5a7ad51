using System.Net.WebSockets;

// Kestrel's side of the conformance run, with its defaults: every method and path is served after the whole body
// is read, as Greenlet's side does, and a WebSocket at any path is echoed (ASP.NET Core's WebSocket middleware).
// Usage: ConformanceKestrel <port>.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.UseWebSockets();
app.Run(async context =>
{
    if (context.WebSockets.IsWebSocketRequest)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await Echo(socket);
        return;
    }

    var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body);
    await context.Response.WriteAsync($"{body.Length} bytes");
});
app.Run($"http://127.0.0.1:{(args.Length > 0 ? args[0] : "8081")}");

static async Task Echo(WebSocket socket)
{
    var buffer = new byte[1 << 20];
    try
    {
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    var status = socket.CloseStatus is { } code && code != WebSocketCloseStatus.Empty ? code : WebSocketCloseStatus.NormalClosure;
                    await socket.CloseOutputAsync(status, "", CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            await socket.SendAsync(message.ToArray(), received.MessageType, true, CancellationToken.None);
        }
    }
    catch (WebSocketException)
    {
        // A protocol error: the middleware has failed the connection (with its close frame, where it sends one).
    }
}
