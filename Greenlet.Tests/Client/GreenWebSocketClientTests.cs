using System.Text;
using Greenlets.Tests.WebSockets;

namespace Greenlets.Tests.Client;

/// <summary>The green WebSocket client against the project's own server (which refuses unmasked client frames), on one hub.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed class GreenWebSocketClientTests : HubTestBase
{
    [Test]
    public void TheClientHandshakesSendsMaskedFramesAndCloses()
    {
        using var server = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle) { WebSocketHandler = WebSocketHandlers.Echo, AccessLog = null, ConnectionLog = null };
        server.Start();
        var socket = GreenWebSocketClient.Connect($"ws://127.0.0.1:{server.Port}/chat?room=1");
        Assert.That(socket.Request.Path, Is.EqualTo("/chat"), "the upgrade request the client sent");

        socket.Send("hello");
        Assert.That(socket.Receive()!.Text, Is.EqualTo("echo: hello"));
        var big = Encoding.ASCII.GetBytes(new string('x', 100_000));
        socket.Send(big);
        Assert.That(socket.Receive()!.Data.ToArray(), Is.EqualTo(big));
        socket.Close();
        Assert.That(socket.IsClosed, Is.True);
        Assert.That(socket.CloseCode, Is.EqualTo(WebSocketCloseCode.Normal));
    }

    [Test]
    public void APlainHttpAnswerIsAStatusError()
    {
        using var server = new HttpServer("127.0.0.1", 0, ServerHandlers.Handle) { AccessLog = null, ConnectionLog = null };
        server.Start();
        var error = Assert.Throws<GreenHttpStatusException>(() => GreenWebSocketClient.Connect($"ws://127.0.0.1:{server.Port}/hello"));
        Assert.That(error!.StatusCode, Is.EqualTo(200));
    }
}
