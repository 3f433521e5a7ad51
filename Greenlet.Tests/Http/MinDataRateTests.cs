using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Http;

/// <summary>
/// Kestrel's minimum data rates and the 408 of a slow head, against clients on real sockets: a request body or a
/// response that moves too slowly after its grace period cuts the connection (logged once, the slot freed), one that
/// keeps the rate completes, and the time a handler spends not reading is not held against the client.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class MinDataRateTests : RealPeerTestBase
{
    // Small rates and grace periods keep each test to a few seconds.
    private static readonly HttpLimits s_slowBodyLimits = HttpLimits.Default with { MinRequestBodyDataRate = new MinDataRate(10, TimeSpan.FromSeconds(1)) };

    private HttpServer ServeLogged(Func<HttpRequest, HttpResponse, HttpBody> handler, HttpLimits limits)
    {
        return Serve(new HttpServer("127.0.0.1", 0, handler, limits)); // Serve collects its ConnectionLog
    }

    private int LogLines(string what) => ConnectionLog.ToString().Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    private static void WaitForNoConnections(HttpServer server)
    {
        for (var i = 0; i < 100 && server.ConnectionCount > 0; i++)
        {
            Greenlet.Sleep(0.1);
        }
    }

    [Test]
    public void ABodyTrickledBelowTheRateGets408AndIsLoggedOnce()
    {
        using var server = ServeLogged(TestHandlers.ReadBody, s_slowBodyLimits);

        // One byte every half second: 2 bytes/s against 10 bytes/s, cut once the 1 s grace period has passed.
        var status = OffHub(() => Trickle(server.Port, contentLength: 100, bytesPerStep: 1, stepSeconds: 0.5));
        WaitForNoConnections(server);

        Assert.That(status, Is.EqualTo("HTTP/1.1 408 Request Timeout"));
        Assert.That(LogLines("request body too slow"), Is.EqualTo(1), ConnectionLog.ToString());
        Assert.That(ConnectionLog.ToString(), Does.Contain("\"POST /upload HTTP/1.1\"").And.Contain("answered 408"));
        Assert.That(AccessLog.ToString(), Does.Contain("\"POST /upload HTTP/1.1\" 408"));
        Assert.That(server.ConnectionCount, Is.Zero, "the slot is free again");
    }

    [Test]
    public void ABodyTrickledAboveTheRateCompletes()
    {
        using var server = ServeLogged(TestHandlers.ReadBody, s_slowBodyLimits);

        // 20 bytes every 0.2 s, about 100 bytes/s, for 2 s: well past the grace period, well above the rate.
        var status = OffHub(() => Trickle(server.Port, contentLength: 200, bytesPerStep: 20, stepSeconds: 0.2));

        Assert.That(status, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(ConnectionLog.ToString(), Is.Empty);
    }

    [Test]
    public void WithNoRateATrickledBodyCompletes()
    {
        using var server = ServeLogged(TestHandlers.ReadBody, s_slowBodyLimits with { MinRequestBodyDataRate = null });

        var status = OffHub(() => Trickle(server.Port, contentLength: 6, bytesPerStep: 1, stepSeconds: 0.5));

        Assert.That(status, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(ConnectionLog.ToString(), Is.Empty);
    }

    [Greenlet]
    private static HttpBody ReadSleepRead(HttpRequest request, HttpResponse response)
    {
        var buffer = new byte[100];
        var first = request.Read(buffer);
        Greenlet.Sleep(3); // 3 s not reading: counted against the client, 20 bytes in 3 s would be under 10 bytes/s
        var rest = request.ReadToEnd().Length;
        return $"{first + rest} bytes";
    }

    [Test]
    public void TimeTheHandlerSpendsNotReadingIsNotHeldAgainstTheClient()
    {
        using var server = ServeLogged(ReadSleepRead, s_slowBodyLimits);

        // Half the body with the head, the other half 0.2 s later: the client is done long before the handler reads again.
        var status = OffHub(() => Trickle(server.Port, contentLength: 20, bytesPerStep: 10, stepSeconds: 0.2));

        Assert.That(status, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(ConnectionLog.ToString(), Is.Empty);
    }

    [Greenlet]
    private static HttpBody Flood(HttpRequest request, HttpResponse response) => HttpBody.Stream(Enumerable.Repeat(new byte[64 * 1024], 2000));

    [Test]
    public void AResponseToAClientThatNeverReadsIsAbortedAfterTheGracePeriod()
    {
        var limits = HttpLimits.Default with { MinResponseDataRate = new MinDataRate(10_000_000, TimeSpan.FromSeconds(1)) };
        using var server = ServeLogged(Flood, limits);
        using var client = ConnectWithoutReading(server.Port);
        for (var i = 0; i < 100 && server.ConnectionCount == 0; i++)
        {
            Greenlet.Sleep(0.01); // the server accepts and starts the flood
        }

        WaitForNoConnections(server);

        Assert.That(server.ConnectionCount, Is.Zero, "the server let the connection go while the client still holds it");
        Assert.That(LogLines("response read too slowly"), Is.EqualTo(1), ConnectionLog.ToString());
    }

    [Test]
    public void WithNoResponseRateAClientThatNeverReadsIsKeptUntilTheSendTimeout()
    {
        var limits = HttpLimits.Default with { MinResponseDataRate = null };
        using var server = ServeLogged(Flood, limits);
        using var client = ConnectWithoutReading(server.Port);

        Greenlet.Sleep(3); // three times the grace period of the test above
        Assert.That(server.ConnectionCount, Is.EqualTo(1));
        Assert.That(ConnectionLog.ToString(), Is.Empty);
    }

    [Test]
    public void AHeadNotCompleteWithinTheHeaderTimeoutGets408AndIsLoggedOnce()
    {
        using var server = ServeLogged(TestHandlers.Hello, HttpLimits.Default with { HeaderReadTimeout = TimeSpan.FromSeconds(1) });

        var response = OffHub(() =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            client.Connect("127.0.0.1", server.Port);
            client.Send("GET /slow HTTP/1.1\r\nHost: x\r\nX-Slow: "u8);
            return ReadToEnd(client);
        });
        WaitForNoConnections(server);

        Assert.That(response, Does.StartWith("HTTP/1.1 408 Request Timeout\r\n"));
        Assert.That(LogLines("request head not complete within 1 s"), Is.EqualTo(1), ConnectionLog.ToString());
        Assert.That(server.ConnectionCount, Is.Zero);
    }

    [Test]
    public void TheDefaultsAreKestrels()
    {
        Assert.That(HttpLimits.Default.MinRequestBodyDataRate!.BytesPerSecond, Is.EqualTo(240));
        Assert.That(HttpLimits.Default.MinRequestBodyDataRate.GracePeriod, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(HttpLimits.Default.MinResponseDataRate!.BytesPerSecond, Is.EqualTo(240));
        Assert.That(HttpLimits.Default.MinResponseDataRate.GracePeriod, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void ARateRefusesBadValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(0, TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(-1, TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(double.NaN, TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(double.PositiveInfinity, TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(240, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(240, double.PositiveInfinity));
        Assert.That(new MinDataRate(240, 2.5).GracePeriod, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
        Assert.That(new MinDataRate(240, TimeSpan.Zero).ToString(), Is.EqualTo("240 bytes/s after 0 s"));
    }

    /// <summary>A client that sends a request and its socket's small receive buffer fills: it never reads.</summary>
    private static Socket ConnectWithoutReading(int port)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        client.Connect("127.0.0.1", port);
        client.Send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        return client;
    }

    /// <summary>
    /// Posts <paramref name="contentLength"/> bytes, <paramref name="bytesPerStep"/> at a time every
    /// <paramref name="stepSeconds"/>, and returns the response's status line as soon as one comes (or "closed").
    /// </summary>
    private static string Trickle(int port, int contentLength, int bytesPerStep, double stepSeconds)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        client.Connect("127.0.0.1", port);
        client.Send(Encoding.ASCII.GetBytes($"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {contentLength}\r\n\r\n"));
        for (var sent = 0; sent < contentLength; sent += bytesPerStep)
        {
            client.Send(new byte[Math.Min(bytesPerStep, contentLength - sent)]);
            if (client.Poll(TimeSpan.FromSeconds(stepSeconds), SelectMode.SelectRead))
            {
                break; // the server answered (or closed) before the body was done
            }
        }

        var response = ReadToEnd(client);
        return response.Length == 0 ? "closed" : response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
    }

    /// <summary>Reads until the server closes (a response without keep-alive), or until a whole response without a body.</summary>
    private static string ReadToEnd(Socket client)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int count;
            while ((count = client.Receive(buffer)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, count));
                if (received.ToString() is var text && text.Contains("\r\n\r\n", StringComparison.Ordinal) && !text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal)
                    && text.Contains("bytes", StringComparison.Ordinal))
                {
                    break; // a 200 from ReadBody on a kept-alive connection: its body ends with "bytes"
                }
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // A reset after the response: it was read.
        }

        return received.ToString();
    }
}
