using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenWebSocket
{
    // Liveness: a greenlet beside the handler (the server spawns it while the handler runs) pings a client that has
    // been quiet for PingInterval and cuts one that sends nothing back within PongTimeout, or that exchanged no message
    // for IdleTimeout. Any byte from the client counts as a sign of life, a pong or not. While the handler is not in
    // Receive, the pinger looks for those bytes itself, without waiting, and leaves them in the buffer for Receive.

    private const int UnreadBytesThatProveLife = 64 * 1024;
    private bool _receiving;
    private bool _aborted;
    private TimeSpan _lastHeardAt;
    private TimeSpan _lastMessageAt;

    /// <summary>Whether this connection needs the keep-alive greenlet at all.</summary>
    internal bool NeedsKeepAlive => _limits.PingEvery is not null || _limits.IdleWithin is not null;

    /// <summary>Runs until the connection closes: pings a quiet client, and cuts a dead or idle one.</summary>
    internal async GreenTask KeepAliveAsync()
    {
        TimeSpan? pingSentAt = null;
        while (!IsClosed && !_peerEnded)
        {
            var due = NextCheck(pingSentAt);
            var wait = due - _hub.Now;
            if (wait > TimeSpan.Zero)
            {
                await Greenlet.SleepAwaitable(wait);
                continue; // the connection may have changed meanwhile: look again
            }

            LookForBytesWithoutWaiting();
            var now = _hub.Now;
            if (_limits.IdleWithin is { } idle && now - _lastMessageAt >= idle)
            {
                Abort(WebSocketCloseCode.GoingAway, "idle timeout", $"no message either way for {_limits.IdleTimeout}; closed with 1001");
                return;
            }

            if (pingSentAt is { } sent && _lastHeardAt < sent)
            {
                if (_limits.PongWithin is { } pongWithin && now - sent >= pongWithin)
                {
                    Abort(WebSocketCloseCode.InternalError, "keepalive ping timeout",
                        $"the client answered no ping within {_limits.PongTimeout}; closed with 1011");
                    return;
                }

                continue;
            }

            pingSentAt = null;
            if (_limits.PingEvery is { } interval && now - _lastHeardAt >= interval)
            {
                pingSentAt = now;
                try
                {
                    await SendFrameAsync(WebSocketOpcode.Ping, ReadOnlyMemory<byte>.Empty);
                }
                catch (Exception e) when (e is IOException or TimeoutException)
                {
                    MarkDropped(e.Message);
                    return;
                }
            }
        }
    }

    /// <summary>When the keep-alive greenlet next has something to decide.</summary>
    private TimeSpan NextCheck(TimeSpan? pingSentAt)
    {
        var due = TimeSpan.MaxValue;
        if (_limits.IdleWithin is { } idle)
        {
            due = _lastMessageAt + idle;
        }

        if (pingSentAt is { } sent && _lastHeardAt < sent)
        {
            return _limits.PongWithin is { } pongWithin ? Min(due, sent + pongWithin) : due;
        }

        return _limits.PingEvery is { } interval ? Min(due, _lastHeardAt + interval) : due;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// Takes what the client has sent into the buffer, without waiting, when the handler is not receiving (a handler
    /// busy elsewhere must not make a live client look dead). Many unread bytes already prove the client alive.
    /// </summary>
    private void LookForBytesWithoutWaiting()
    {
        if (_receiving || _peerEnded)
        {
            return;
        }

        if (_end - _start >= UnreadBytesThatProveLife)
        {
            _lastHeardAt = _hub.Now;
            return;
        }

        MakeRoom();
        var n = _stream.ReceiveAvailable(_buffer.AsSpan(_end));
        if (n == 0)
        {
            _peerEnded = true;
        }
        else if (n > 0)
        {
            _end += n;
            _lastHeardAt = _hub.Now;
        }
    }

    /// <summary>
    /// Cuts the connection for <paramref name="reason"/>: a close frame with <paramref name="code"/> if it can go out at
    /// once (the client is not expected to answer it), then both directions shut, which wakes a Receive or Send in
    /// progress (Receive returns null, Send raises <see cref="WebSocketClosedException"/>). Logged once, at
    /// information level.
    /// </summary>
    private void Abort(WebSocketCloseCode code, string reason, string logLine)
    {
        if (IsClosed)
        {
            return;
        }

        CloseCode = code;
        CloseReason = reason;
        IsClosed = true;
        _aborted = true;
        LogEnd(ConnectionLogLevel.Information, logLine);
        if (!_closeSent && _sendLock.TryAcquire())
        {
            _closeSent = true;
            try
            {
                _output.Clear();
                WebSocketFrameCodec.WriteFrame(_output, WebSocketOpcode.Close, fin: true, CloseFramePayload(code, System.Text.Encoding.UTF8.GetBytes(reason)), MaskKey());
                _stream.SendAvailable(_output.WrittenMemory.Span);
            }
            catch (IOException)
            {
            }
            finally
            {
                _sendLock.Release();
            }
        }

        try
        {
            _stream.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
