namespace Greenlets.Tests.Http;

/// <summary>The [Greenlet] handlers the server tests serve.</summary>
public static partial class TestHandlers
{
    [Greenlet]
    public static HttpBody Hello(HttpRequest request, HttpResponse response)
    {
        response.ContentType = "text/plain";
        return "Hello World";
    }

    /// <summary>Reads the whole body, whatever the request, so body errors surface as the server's answer.</summary>
    [Greenlet]
    public static HttpBody ReadBody(HttpRequest request, HttpResponse response) => $"{request.ReadToEnd().Length} bytes";

    /// <summary>Dispatches on the path to the behaviours under test.</summary>
    [Greenlet]
    public static HttpBody Dispatch(HttpRequest request, HttpResponse response)
    {
        switch (request.Path)
        {
            case "/echo":
                response.ContentType = "application/octet-stream";
                return request.ReadToEnd();
            case "/stream":
                response.ContentType = "text/html";
                return HttpBody.Stream(Pieces());
            case "/write":
                response.ContentType = "text/plain";
                response.Write("first,");
                Greenlet.Sleep(0.01);
                response.Write("second");
                return HttpBody.Empty;
            case "/throw":
                throw new InvalidOperationException("the handler failed on purpose");
            case "/sleep":
                Greenlet.Sleep(0.05);
                return "slept";
            case "/form":
                var form = request.ReadForm();
                return string.Join(",", form.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"));
            case "/headers":
                return $"{request.Method} {request.Path} {request.QueryString} ua={request.Headers["User-Agent"]} x={request.Headers["X-Test"]}";
            default:
                response.StatusCode = 404;
                return "Not Found";
        }
    }

    private static IEnumerable<string> Pieces()
    {
        yield return "<p>Hello";
        yield return "World</p>";
    }
}
