using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// Routes requests by method and path pattern to <c>[Greenlet]</c> handlers. A pattern such as
/// <c>/put/&lt;room&gt;/&lt;uid&gt;</c> matches one path segment per <c>&lt;name&gt;</c>, available as
/// <see cref="HttpRequest.RouteValues"/>. Patterns with more literal segments are tried first, as Flask does;
/// no match answers 404, a path matched only for other methods answers 405 with an <c>Allow</c> field naming them.
/// </summary>
/// <remarks>gevent: Flask's <c>@app.route(rule, methods=[...])</c>, as the tutorial's chat uses it.</remarks>
public sealed class HttpRouter
{
    private readonly List<Route> _routes = [];

    /// <summary>Adds a route.</summary>
    /// <param name="method">The method, such as <c>GET</c>; GET routes answer HEAD too.</param>
    /// <param name="pattern">The path pattern, starting with <c>/</c>.</param>
    /// <param name="handler">A <c>[Greenlet]</c> method, or a plain function that never waits.</param>
    /// <returns>This router, to chain calls.</returns>
    /// <remarks>gevent: <c>@app.route(pattern, methods=[method])</c>.</remarks>
    public HttpRouter Map(string method, string pattern, Func<HttpRequest, HttpResponse, HttpBody> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (pattern is null || !pattern.StartsWith('/'))
        {
            throw new ArgumentException($"a route pattern starts with '/', not '{pattern}'", nameof(pattern));
        }

        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment.StartsWith('<') != segment.EndsWith('>') || (segment.StartsWith('<') && segment.Length < 3))
            {
                throw new ArgumentException($"'{segment}' in '{pattern}' is neither a literal segment nor <name>", nameof(pattern));
            }
        }

        var twin = GreenletTwin.Find<Func<HttpRequest, HttpResponse, GreenTask<HttpBody>>>(handler);
        _routes.Add(new Route(method.ToUpperInvariant(), segments, twin, twin is null ? handler : null));
        _routes.Sort((a, b) => b.LiteralCount.CompareTo(a.LiteralCount));
        return this;
    }

    /// <summary>Adds a GET route.</summary>
    /// <param name="pattern">The path pattern.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>This router.</returns>
    public HttpRouter MapGet(string pattern, Func<HttpRequest, HttpResponse, HttpBody> handler) => Map("GET", pattern, handler);

    /// <summary>Adds a POST route.</summary>
    /// <param name="pattern">The path pattern.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>This router.</returns>
    public HttpRouter MapPost(string pattern, Func<HttpRequest, HttpResponse, HttpBody> handler) => Map("POST", pattern, handler);

    internal GreenTask<HttpBody> DispatchAsync(HttpRequest request, HttpResponse response)
    {
        var path = request.Path;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        List<string>? allowed = null;
        foreach (var route in _routes)
        {
            if (!route.Matches(segments, out var values))
            {
                continue;
            }

            if (route.Method != request.Method && !(route.Method == "GET" && request.Method == "HEAD"))
            {
                allowed ??= [];
                if (!allowed.Contains(route.Method))
                {
                    allowed.Add(route.Method);
                }

                if (route.Method == "GET" && !allowed.Contains("HEAD"))
                {
                    allowed.Add("HEAD");
                }

                continue;
            }

            request.RouteValues = values;
            return route.Twin is not null ? route.Twin(request, response) : new GreenTask<HttpBody>(route.Plain!(request, response));
        }

        response.ContentType = "text/plain";
        if (allowed is null)
        {
            response.StatusCode = 404;
            return new GreenTask<HttpBody>("Not Found");
        }

        // RFC 9110 section 15.5.6: a 405 lists the methods the resource has.
        response.StatusCode = 405;
        allowed.Sort(StringComparer.Ordinal);
        response.SetHeader("Allow", string.Join(", ", allowed));
        return new GreenTask<HttpBody>("Method Not Allowed");
    }

    private sealed record Route(string Method, string[] Segments, Func<HttpRequest, HttpResponse, GreenTask<HttpBody>>? Twin, Func<HttpRequest, HttpResponse, HttpBody>? Plain)
    {
        public int LiteralCount { get; } = Segments.Count(s => !s.StartsWith('<'));

        public bool Matches(string[] path, out IReadOnlyDictionary<string, string> values)
        {
            values = s_emptyValues;
            if (path.Length != Segments.Length)
            {
                return false;
            }

            Dictionary<string, string>? captured = null;
            for (var i = 0; i < path.Length; i++)
            {
                if (Segments[i].StartsWith('<'))
                {
                    (captured ??= [])[Segments[i][1..^1]] = path[i];
                }
                else if (Segments[i] != path[i])
                {
                    return false;
                }
            }

            values = captured ?? s_emptyValues;
            return true;
        }
    }

    private static readonly IReadOnlyDictionary<string, string> s_emptyValues = new Dictionary<string, string>();
}
