using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.WebSockets;

/// <summary>The WebSocket server against .NET's own ClientWebSocket (run off the hub), and against raw frames that break the rules.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class ClientWebSocketTests : RealPeerTestBase
{
    private static HttpServer WebSocketServer(Action<GreenWebSocket> handler)
    {
        var server = new HttpServer("127.0.0.1", 0, TestHandlers.Hello) { WebSocketHandler = handler };
        return server;
    }

    [Test]
    public void EchoesTextAndBinaryMessagesIncludingFragmentedOnes()
    {
        using var server = Serve(WebSocketServer(WebSocketHandlers.Echo));
        var uri = new Uri($"ws://127.0.0.1:{server.Port}/echo");
        var replies = OffHub(() => Converse(uri));

        Assert.That(replies, Is.EqualTo(new[] { "Text:echo: hello", "Text:echo: héllo wörld", "Binary:1,2,3", "Text:echo: " + new string('z', 70000), "Close:NormalClosure" }));
    }

    [Test]
    public void PushesMessagesAndClosesWithAStatus()
    {
        using var server = Serve(WebSocketServer(WebSocketHandlers.Push));
        var received = OffHub(() =>
        {
            using var client = new ClientWebSocket();
            client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/points"), CancellationToken.None).GetAwaiter().GetResult();
            var messages = new List<string>();
            while (true)
            {
                var (type, text) = ReceiveWhole(client);
                if (type == WebSocketMessageType.Close)
                {
                    messages.Add($"close {client.CloseStatus} {client.CloseStatusDescription}");
                    break;
                }

                messages.Add(text);
            }

            return messages;
        });

        Assert.That(received, Is.EqualTo(new[] { "{\"x\": 0, \"path\": \"/points\"}", "{\"x\": 1, \"path\": \"/points\"}", "{\"x\": 2, \"path\": \"/points\"}", "close NormalClosure done" }));
    }

    [Test]
    public void ClosesWith1002WhenAClientFrameIsNotMasked() =>
        Assert.That(SendRawFrameAndReadClose([0x81, 0x02, (byte)'h', (byte)'i']), Is.EqualTo(1002));

    [Test]
    public void ClosesWith1007WhenTextIsNotUtf8() =>
        Assert.That(SendRawFrameAndReadClose([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]), Is.EqualTo(1007));

    [Test]
    public void ClosesWith1009WhenAMessageIsOverTheLimit()
    {
        var frame = new byte[] { 0x82, 0xFE, 0x10, 0x00, 0, 0, 0, 0 }.Concat(new byte[4096]).ToArray();
        Assert.That(SendRawFrameAndReadClose(frame, new WebSocketLimits { MaxFrameBytes = 1024 }), Is.EqualTo(1009));
    }

    [Test]
    public void ClosesWith1002OnAContinuationWithoutAMessage() =>
        Assert.That(SendRawFrameAndReadClose([0x80, 0x80, 0, 0, 0, 0]), Is.EqualTo(1002));

    [Test]
    public void RefusesAHandshakeWithAnotherVersionWith426()
    {
        using var server = Serve(WebSocketServer(WebSocketHandlers.Echo));
        var response = OffHub(() => RawExchange(server.Port, Encoding.ASCII.GetBytes(
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")));

        Assert.That(Encoding.ASCII.GetString(response), Does.StartWith("HTTP/1.1 426 Upgrade Required\r\n").And.Contain("Sec-WebSocket-Version: 13\r\n"));
    }

    private int SendRawFrameAndReadClose(byte[] frame, WebSocketLimits? limits = null)
    {
        using var server = WebSocketServer(WebSocketHandlers.Echo);
        if (limits is not null)
        {
            server.WebSocketLimits = limits;
        }

        Serve(server);
        var handshake = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        var response = OffHub(() => RawExchange(server.Port, [.. handshake, .. frame]));
        var text = Encoding.Latin1.GetString(response);
        Assert.That(text, Does.StartWith("HTTP/1.1 101 Switching Protocols\r\n"));
        var close = response.AsSpan(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
        Assert.That(close[0], Is.EqualTo(0x88), "a close frame");
        return (close[2] << 8) | close[3];
    }

    /// <summary>Sends bytes on a plain TCP connection and reads until the server closes it.</summary>
    private static byte[] RawExchange(int port, byte[] request)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 10_000;
        client.Connect("127.0.0.1", port);
        var stream = client.GetStream();
        stream.Write(request);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        try
        {
            while ((n = stream.Read(buffer)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // A reset after the close frame: what was read is the answer.
        }

        return received.ToArray();
    }

    private static List<string> Converse(Uri uri)
    {
        using var client = new ClientWebSocket();
        client.ConnectAsync(uri, CancellationToken.None).GetAwaiter().GetResult();
        var replies = new List<string>();
        void Send(WebSocketMessageType type, byte[] data, bool end) => client.SendAsync(data, type, end, CancellationToken.None).GetAwaiter().GetResult();
        void Record()
        {
            var (type, text) = ReceiveWhole(client);
            replies.Add($"{type}:{text}");
        }

        Send(WebSocketMessageType.Text, Encoding.UTF8.GetBytes("hello"), true);
        Record();
        Send(WebSocketMessageType.Text, Encoding.UTF8.GetBytes("héllo "), false);
        Send(WebSocketMessageType.Text, Encoding.UTF8.GetBytes("wörld"), true);
        Record();
        Send(WebSocketMessageType.Binary, [1, 2, 3], true);
        Record();
        Send(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(new string('z', 70000)), true);
        Record();
        client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).GetAwaiter().GetResult();
        replies.Add($"Close:{client.CloseStatus}");
        return replies;
    }

    private static (WebSocketMessageType Type, string Text) ReceiveWhole(ClientWebSocket client)
    {
        var buffer = new byte[8192];
        var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = client.ReceiveAsync(buffer, CancellationToken.None).GetAwaiter().GetResult();
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        var bytes = message.ToArray();
        return (result.MessageType, result.MessageType == WebSocketMessageType.Binary ? string.Join(",", bytes) : Encoding.UTF8.GetString(bytes));
    }
}
