using System.Text;

namespace Greenlets;

/// <summary>Reason phrases, and each status line preformatted as bytes the first time it is used.</summary>
internal static class HttpStatusLines
{
    private static readonly byte[]?[] s_http11Lines = new byte[600][];

    public static string ReasonPhrase(int status) => status switch
    {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "Request URI Too Long", // pywsgi's own refusal says this; RFC 9110 names it "URI Too Long"
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    };

    /// <summary>"HTTP/1.1 &lt;status&gt; &lt;reason&gt;\r\n", cached per status. (HTTP/1.0 clients get an HTTP/1.1 status line too, as RFC 9110 asks.)</summary>
    public static byte[] Line(int status)
    {
        if (status is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "an HTTP status is 100 to 599");
        }

        return s_http11Lines[status] ??= Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
    }
}
