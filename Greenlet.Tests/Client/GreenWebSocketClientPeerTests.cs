using System.Net;
using System.Net.WebSockets;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Client;

/// <summary>The green WebSocket client against .NET's own server side (HttpListener's WebSocket), on the thread pool.</summary>
[TestFixture]
[Category(TestCategories.Peer)]
public sealed class GreenWebSocketClientPeerTests : RealPeerTestBase
{
    [Test]
    public void EchoesThroughHttpListenersWebSocket()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpListener();
        http.Prefixes.Add($"http://127.0.0.1:{port}/");
        http.Start();
        var server = Task.Run(async () =>
        {
            var context = await http.GetContextAsync();
            var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            var buffer = new byte[1 << 20];
            while (true)
            {
                var filled = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), CancellationToken.None);
                    filled += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                await socket.SendAsync(new ArraySegment<byte>(buffer, 0, filled), result.MessageType, true, CancellationToken.None);
            }
        });

        var client = GreenWebSocketClient.Connect($"ws://127.0.0.1:{port}/echo");
        client.Send("hello");
        Assert.That(client.Receive(timeout: 10)!.Text, Is.EqualTo("hello"));
        var big = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        client.Send(big);
        Assert.That(client.Receive(timeout: 10)!.Data.ToArray(), Is.EqualTo(big));
        client.Close();
        Assert.That(client.CloseCode, Is.EqualTo(WebSocketCloseCode.Normal));
        Assert.That(OffHub(() => server.Wait(TimeSpan.FromSeconds(10))), Is.True, "the server saw the close");
    }
}
