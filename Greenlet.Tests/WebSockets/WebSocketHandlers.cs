namespace Greenlets.Tests.WebSockets;

/// <summary>The [Greenlet] WebSocket handlers the tests serve.</summary>
public static partial class WebSocketHandlers
{
    /// <summary>Echoes every message, text as text and binary as binary, until the client closes.</summary>
    [Greenlet]
    public static void Echo(GreenWebSocket socket)
    {
        while (socket.Receive() is { } message)
        {
            if (message.IsText)
            {
                socket.Send("echo: " + message.Text);
            }
            else
            {
                socket.Send(message.Data);
            }
        }
    }

    /// <summary>Pushes three numbered messages half a second apart, then closes with 1000.</summary>
    [Greenlet]
    public static void Push(GreenWebSocket socket)
    {
        for (var i = 0; i < 3; i++)
        {
            socket.Send($"{{\"x\": {i}, \"path\": \"{socket.Request.Path}\"}}");
            Greenlet.Sleep(0.05);
        }

        socket.Close(WebSocketCloseCode.Normal, "done");
    }
}
