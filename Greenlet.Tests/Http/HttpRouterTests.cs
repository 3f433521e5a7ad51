using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http;

/// <summary>
/// The router over a real connection: a route's <c>&lt;name&gt;</c> segments reach the handler, GET routes answer
/// HEAD, no match is a 404 and a path matched only by other methods a 405 that names them in <c>Allow</c>.
/// </summary>
[Category(TestCategories.Unit)]
public sealed partial class HttpRouterTests : HubTestBase
{
    [Greenlet]
    private static HttpBody Put(HttpRequest request, HttpResponse response) => $"put {request.RouteValues["room"]}/{request.RouteValues["uid"]}";

    [Greenlet]
    private static HttpBody Page(HttpRequest request, HttpResponse response) => "page";

    [Greenlet]
    private static string Exchange(int port, string request)
    {
        using var client = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port), timeout: 30);
        client.SendAll(Encoding.ASCII.GetBytes(request));
        var text = new StringBuilder();
        while (client.Recv(4096) is { Length: > 0 } chunk)
        {
            text.Append(Encoding.ASCII.GetString(chunk));
        }

        return Regex.Replace(text.ToString(), "Date: [^\r]+", "Date: <date>");
    }

    private static string Ask(HttpServer server, string requestLine) =>
        Greenlet.Spawn(Exchange, server.Port, $"{requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n").Get();

    [Test]
    public void RoutesByMethodAndPathAndAnswersTheRestWith404Or405()
    {
        var router = new HttpRouter().MapPost("/put/<room>/<uid>", Put).MapGet("/put/<room>/<uid>", Page).MapGet("/", Page);
        using var server = new HttpServer("127.0.0.1", 0, router) { AccessLog = null };
        server.Start();

        Assert.That(Ask(server, "POST /put/lobby/7 HTTP/1.1"), Does.EndWith("\r\n\r\nput lobby/7"));
        Assert.That(Ask(server, "HEAD / HTTP/1.1"), Is.EqualTo("HTTP/1.1 200 OK\r\nDate: <date>\r\nContent-Length: 4\r\n\r\n"));
        Assert.That(Ask(server, "GET /nowhere HTTP/1.1"),
            Is.EqualTo("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 9\r\n\r\nNot Found"));
        Assert.That(Ask(server, "DELETE /put/lobby/7 HTTP/1.1"),
            Is.EqualTo("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nAllow: GET, HEAD, POST\r\nDate: <date>\r\nContent-Length: 18\r\n\r\nMethod Not Allowed"));
    }
}
