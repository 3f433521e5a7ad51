namespace Greenlets;

internal sealed partial class HttpConnection
{
    /// <summary>Answers the upgrade handshake and runs the WebSocket handler on this connection until it returns.</summary>
    private async GreenTask ServeWebSocketAsync()
    {
        string key;
        try
        {
            key = WebSocketHandshake.Validate(_request);
        }
        catch (GreenHttpProtocolException e)
        {
            await RejectAsync(e.StatusCode, RequestLine(), e.StatusCode == 426 ? new("Sec-WebSocket-Version", "13") : null);
            return;
        }

        var handshake = WebSocketHandshake.Response(key);
        await _stream.SendAllWithinAsync(handshake, Seconds(Limits.BodyIoTimeout));
        _response.StatusCode = 101;
        _server.LogRequest(_peer, RequestLine(), 101, handshake.Length, TimeSpan.Zero);
        var requestLine = RequestLine();
        var socket = new GreenWebSocket(_stream, _request, _buffer.AsSpan(_start, _end - _start), _server.WebSocketLimits, Seconds(Limits.BodyIoTimeout),
            (level, what) => _server.LogConnectionEvent(level, _peer, requestLine, what), _server.BufferBudget);
        _start = _end = 0;
        var keepAlive = socket.NeedsKeepAlive ? Greenlet.SpawnTwin(socket.KeepAliveAsync) : null;
        try
        {
            var failed = false;
            try
            {
                await _server.InvokeWebSocketHandlerAsync(socket);
            }
            catch (WebSocketClosedException e)
            {
                // A send after the client went away: the handler's ordinary end (the drop itself is logged where it was found).
                socket.LogEnd(ConnectionLogLevel.Debug, $"the handler sent after the connection closed ({e.Message})");
            }
            catch (Exception e) when (e is not GreenletExit)
            {
                failed = true;
                _server.Hub.ErrorWriter.WriteLine($"WebSocket handler failed for \"{requestLine}\": {e}");
            }
            finally
            {
                if (keepAlive is not null)
                {
                    await keepAlive.KillAwaitable();
                }
            }

            await socket.FinishAsync(failed);
        }
        finally
        {
            socket.ReturnBufferedBytes(); // however the connection ends, a server stop's kill included
        }
    }
}
