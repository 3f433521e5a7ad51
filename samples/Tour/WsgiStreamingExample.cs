using Greenlets;

namespace Tour;

/// <summary>Streaming servers: a handler returns an iterator; each piece it yields goes out as one chunk.</summary>
public static partial class WsgiStreamingExample
{
    [Greenlet]
    private static HttpBody Application(HttpRequest request, HttpResponse response)
    {
        response.SetHeader("Content-Type", "text/html");
        return HttpBody.Stream(Body());
    }

    private static IEnumerable<string> Body()
    {
        yield return "<p>Hello";
        yield return "World</p>";
    }

    public static void Run() => RawHttpClient.ServeOneGet(Application);
}
