using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenWebSocket
{
    // Reading frames: the buffer holds the unread bytes _buffer[_start.._end). A frame's bytes must all arrive within
    // WebSocketLimits.FrameReceiveTimeout of its first (a client that stops mid-frame would otherwise hold the
    // connection for ever); a Receive call's own timeout bounds the whole call, not each read.

    private TimeSpan? _frameDeadline;

    private async GreenTask<WebSocketFrameHeader?> ReadHeaderAsync(TimeSpan? callDeadline)
    {
        while (true)
        {
            if (_end > _start)
            {
                _frameDeadline ??= _hub.Now + _limits.FrameWithin;
            }

            if (WebSocketFrameCodec.TryReadHeader(_buffer.AsSpan(_start, _end - _start), requireMask: !_isClient, _limits.MaxFrameBytes, out var header))
            {
                return _isClient && header.Masked
                    ? throw new WebSocketViolation(WebSocketCloseCode.ProtocolError, "server frames must not be masked")
                    : header;
            }

            if (!await ReceiveMoreAsync(callDeadline))
            {
                MarkDropped("end of stream between frames");
                return null;
            }
        }
    }

    /// <summary>Makes sure at least <paramref name="count"/> bytes are buffered from the current frame's start.</summary>
    private async GreenTask FillAsync(int count, TimeSpan? callDeadline)
    {
        while (_end - _start < count)
        {
            if (_buffer.Length - _start < count)
            {
                var bigger = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, _buffer.Length * 2)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                _buffer = bigger;
                _end -= _start;
                _start = 0;
            }

            if (!await ReceiveMoreAsync(callDeadline))
            {
                throw new IOException("end of stream inside a frame");
            }
        }
    }

    /// <summary>Receives more bytes after the unread ones; false at the end of the stream.</summary>
    /// <exception cref="FrameStalledException">The frame in progress passed its deadline.</exception>
    /// <exception cref="SocketTimeoutException">The Receive call's own deadline passed first.</exception>
    private async GreenTask<bool> ReceiveMoreAsync(TimeSpan? callDeadline)
    {
        if (_peerEnded)
        {
            return false;
        }

        MakeRoom();
        var deadline = Earlier(callDeadline, _frameDeadline);
        var wait = deadline is { } d ? Math.Max(0, (d - _hub.Now).TotalSeconds) : (double?)null;
        int n;
        try
        {
            n = await _stream.ReceiveWithinAsync(_buffer.AsMemory(_end), wait);
        }
        catch (SocketTimeoutException) when (_frameDeadline is { } frame && _hub.Now >= frame)
        {
            throw new FrameStalledException();
        }

        if (n == 0)
        {
            _peerEnded = true;
            return false;
        }

        _end += n;
        _lastHeardAt = _hub.Now;
        return true;
    }

    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    }

    private static TimeSpan? Earlier(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>The frame being read did not arrive whole within <see cref="WebSocketLimits.FrameReceiveTimeout"/>.</summary>
    private sealed class FrameStalledException : Exception;
}
