using Greenlets;

namespace Tour;

/// <summary>WSGI servers: a handler returns a whole body; the server sends it with Content-Length.</summary>
public static partial class WsgiBufferedExample
{
    [Greenlet]
    static HttpBody Application(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = 200;
        response.SetHeader("Content-Type", "text/html");
        return "<p>Hello World</p>";
    }

    [Greenlet]
    static void Client(int port) =>
        Console.Write(RawHttpClient.WithFixedDate(RawHttpClient.Exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")));

    public static void Run()
    {
        var server = new HttpServer("127.0.0.1", 0, Application);
        server.Start();
        Greenlet.Spawn(Client, server.Port).Join(10);
        server.Stop();
    }
}
