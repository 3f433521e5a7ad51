using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Greenlets;

namespace Tour;

/// <summary>The tour's own HTTP client, as in the reference programs: one raw request on a green socket, read to EOF.</summary>
public static partial class RawHttpClient
{
    [Greenlet]
    public static string Exchange(int port, string request)
    {
        using var connection = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port));
        connection.SendAll(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = connection.RecvInto(buffer)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>Serves <paramref name="application"/> on an ephemeral port, prints the raw response to one GET, then stops.</summary>
    public static void ServeOneGet(Func<HttpRequest, HttpResponse, HttpBody> application)
    {
        var server = new HttpServer("127.0.0.1", 0, application);
        server.Start();
        Greenlet.Spawn(PrintResponseToGet, server.Port).Join(10);
        server.Stop();
    }

    [Greenlet]
    private static void PrintResponseToGet(int port) =>
        Console.Write(WithFixedDate(Exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")));

    /// <summary>Replaces the Date header's value with the reference outputs' fixed placeholder.</summary>
    public static string WithFixedDate(string response) =>
        Regex.Replace(response, "(?m)^Date: [^\r\n]*", "Date: Thu, 01 Jan 1970 00:00:00 GMT");
}
