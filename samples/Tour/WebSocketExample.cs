using System.Net;
using System.Text;
using Greenlets;

namespace Tour;

/// <summary>Websockets: the server pushes a point every 0.5 s; a minimal RFC 6455 client prints the first five.</summary>
public static partial class WebSocketExample
{
    // The reference's fixed stand-in for random.randint(1, 5).
    private static readonly int[] s_yValues = [3, 1, 4, 1, 5, 2, 5, 3];
    private const int Messages = 5;

    [Greenlet]
    private static void WebSocketApp(GreenWebSocket socket)
    {
        var x = 0;
        while (true)
        {
            socket.Send($"{{\"x\": {x}, \"y\": {s_yValues[x % s_yValues.Length]}}}");
            x++;
            Greenlet.Sleep(0.5);
        }
    }

    [Greenlet]
    private static byte[] RecvExactly(GreenSocket connection, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var n = connection.RecvInto(buffer.AsMemory(filled));
            if (n == 0)
            {
                throw new EndOfStreamException("connection closed");
            }

            filled += n;
        }

        return buffer;
    }

    [Greenlet]
    private static void Client(int port)
    {
        using var connection = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port));
        connection.SendAll(Encoding.ASCII.GetBytes(
            "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            head.Append((char)RecvExactly(connection, 1)[0]);
        }

        Console.Write(RawHttpClient.WithFixedDate(head.ToString()));
        for (var i = 0; i < Messages; i++)
        {
            var header = RecvExactly(connection, 2);
            var length = header[1] & 0x7f;
            if (length == 126)
            {
                var extended = RecvExactly(connection, 2);
                length = (extended[0] << 8) | extended[1];
            }

            var payload = RecvExactly(connection, length);
            Console.WriteLine($"opcode {header[0] & 0x0f}: {Encoding.UTF8.GetString(payload)}");
        }

        // A masked close frame, status 1000, mask key 0 (the payload is unchanged).
        connection.SendAll([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]);
    }

    public static void Run()
    {
        var server = new HttpServer("127.0.0.1", 0, HttpSampleHandlers.NotFound) { WebSocketHandler = WebSocketApp, AccessLog = null };
        server.Start();
        Greenlet.Spawn(Client, server.Port).Join(10);
        server.Stop(1);
    }
}

/// <summary>Handlers the HTTP samples share.</summary>
public static partial class HttpSampleHandlers
{
    [Greenlet]
    public static HttpBody NotFound(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = 404;
        return "Not Found";
    }
}
