using System.Text;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http;

/// <summary>
/// The response head as pywsgi writes it (see <see cref="PywsgiParityTests"/> for the same over sockets): the
/// handler's fields in its order, its own Date and Connection respected, the server's fields after them.
/// </summary>
[Category(TestCategories.Unit)]
public sealed class HttpResponseHeadTests
{
    private static HttpRequest Request(string head)
    {
        var bytes = Encoding.Latin1.GetBytes(head);
        var request = new HttpRequest();
        Assert.That(HttpRequestParser.TryParse(bytes, 0, bytes.Length, HttpLimits.Default, request, out _), Is.True);
        return request;
    }

    private static string Head(HttpResponse response, string requestHead, bool keepAlive, BodyFraming framing = BodyFraming.ContentLength)
    {
        var output = new OutputBuffer();
        response.WriteHead(output, framing, 5, keepAlive, Request(requestHead));
        return Regex.Replace(Encoding.Latin1.GetString(output.Written), @"Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", "Date: <date>");
    }

    [Test]
    public void AHandlersDateIsTheOnlyDate()
    {
        var response = new HttpResponse();
        response.AddHeader("X-A", "1");
        response.AddHeader("date", "Sun, 06 Nov 1994 08:49:37 GMT");

        Assert.That(Head(response, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", keepAlive: true),
            Is.EqualTo("HTTP/1.1 200 OK\r\nX-A: 1\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n\r\n"));
    }

    [TestCase("close", true)]
    [TestCase("Keep-Alive, Close", true)]
    [TestCase("keep-alive", false)]
    [TestCase("closed", false)]
    public void AHandlersConnectionFieldIsKeptAndItsCloseIsObeyed(string value, bool closes)
    {
        var response = new HttpResponse();
        response.AddHeader("Connection", value);

        Assert.That(Head(response, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", keepAlive: true),
            Is.EqualTo($"HTTP/1.1 200 OK\r\nConnection: {value}\r\nDate: <date>\r\nContent-Length: 5\r\n\r\n"), "no second Connection field");
        Assert.That(response.HandlerClosesConnection, Is.EqualTo(closes));
    }

    [Test]
    public void Http11GetsConnectionCloseOnlyWhenTheServerClosesAKeptConnectionAndHttp10AlwaysOne()
    {
        var response = new HttpResponse();
        response.AddHeader("Content-Type", "text/plain");

        Assert.That(Head(response, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", keepAlive: true),
            Is.EqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 5\r\n\r\n"));
        Assert.That(Head(response, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", keepAlive: false),
            Is.EqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: <date>\r\nContent-Length: 5\r\n\r\n"), "the client asked: pywsgi's bytes");
        // Unlike pywsgi: a stopping server closes a connection the client means to keep, and says so.
        Assert.That(Head(response, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", keepAlive: false),
            Is.EqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nDate: <date>\r\nContent-Length: 5\r\n\r\n"));
        Assert.That(Head(response, "GET / HTTP/1.0\r\n\r\n", keepAlive: false, BodyFraming.UntilClose),
            Is.EqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nDate: <date>\r\n\r\n"));
    }

    [Test]
    public void AHandlersContentLengthStaysWhereItWasSet()
    {
        var response = new HttpResponse();
        response.AddHeader("Content-Length", "5");
        response.AddHeader("Content-Type", "text/plain");

        Assert.That(Head(response, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", keepAlive: true),
            Is.EqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nDate: <date>\r\n\r\n"));
    }

    [Test]
    public void TransferEncodingIsTheServersToSet()
    {
        var response = new HttpResponse();

        var error = Assert.Throws<ArgumentException>(() => response.SetHeader("transfer-encoding", "chunked"));
        Assert.That(error!.Message, Does.Contain("HttpBody.Stream"));
        Assert.That(response.Headers, Is.Empty);
    }
}
