using Greenlets;

namespace Tour;

/// <summary>WSGI servers: a handler returns a whole body; the server sends it with Content-Length.</summary>
public static partial class WsgiBufferedExample
{
    [Greenlet]
    private static HttpBody Application(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = 200;
        response.SetHeader("Content-Type", "text/html");
        return "<p>Hello World</p>";
    }

    public static void Run() => RawHttpClient.ServeOneGet(Application);
}
