using Greenlets;

namespace Tour;

/// <summary>Streaming servers: a handler returns an iterator; each piece it yields goes out as one chunk.</summary>
public static partial class WsgiStreamingExample
{
    [Greenlet]
    static HttpBody Application(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "text/html");
        return HttpBody.Stream(Body());
    }

    static IEnumerable<string> Body()
    {
        yield return "<p>Hello";
        yield return "World</p>";
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
