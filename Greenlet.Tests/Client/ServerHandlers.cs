using System.IO.Compression;
using System.Text;

namespace Greenlets.Tests.Client;

/// <summary>The own HttpServer's handlers the client tests talk to.</summary>
public static partial class ServerHandlers
{
    public static readonly byte[] Large = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},")));

    /// <summary>How many handlers run at once now, and the most seen.</summary>
    public static int Running { get; set; }

    public static int MostRunning { get; set; }

    [Greenlet]
    public static HttpBody Handle(HttpRequest request, HttpResponse response)
    {
        var path = request.Path;
        switch (path)
        {
            case "/hello":
                response.ContentType = "text/plain; charset=utf-8";
                return "Hello, World!";
            case "/echo":
                response.ContentType = "application/octet-stream";
                response.SetHeader("X-Method", request.Method);
                response.SetHeader("X-Chunked", request.IsChunked ? "yes" : "no");
                return request.ReadToEnd();
            case "/chunked":
                return HttpBody.Stream(["one,", "two,", "three"]);
            case "/large":
                return Large;
            case "/nothing":
                response.StatusCode = 204;
                return HttpBody.Empty;
            case "/gzip" or "/deflate" or "/br":
                var encoding = path[1..];
                response.SetHeader("Content-Encoding", encoding);
                return Compress(encoding, Large);
            case "/gzip-chunked":
                response.SetHeader("Content-Encoding", "gzip");
                var compressed = Compress("gzip", Large);
                return HttpBody.Stream(compressed.Chunk(1000));
            case "/slow":
                Running++;
                MostRunning = Math.Max(MostRunning, Running);
                Greenlet.Sleep(0.01);
                Running--;
                return "slow";
            case "/see-other":
                response.StatusCode = 303;
                response.SetHeader("Location", "/echo");
                return "see other";
            case "/temporary":
                response.StatusCode = 307;
                response.SetHeader("Location", "/echo");
                return HttpBody.Empty;
            case "/cookie":
                response.SetHeader("Set-Cookie", "session=abc123; Path=/");
                return "set";
            case "/show-cookie":
                return request.Headers["Cookie"] ?? "none";
            case "/loop":
                response.StatusCode = 302;
                response.SetHeader("Location", "/loop");
                return HttpBody.Empty;
            default:
                if (path.StartsWith("/redirect/", StringComparison.Ordinal))
                {
                    var left = int.Parse(path["/redirect/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    response.StatusCode = left % 2 == 0 ? 301 : 302;
                    response.SetHeader("Location", left == 1 ? "/hello" : $"/redirect/{left - 1}");
                    return HttpBody.Empty;
                }

                response.StatusCode = 404;
                return "Not Found";
        }
    }

    public static byte[] Compress(string encoding, byte[] data)
    {
        var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
