using System.Net.Sockets;

namespace Greenlets;

internal sealed partial class HttpConnection
{
    /// <summary>
    /// The lingering close of RFC 9112 section 9.6: with the response sent, shut down the sending side (the client
    /// reads the response, then end of stream), then read and discard what the client still sends, until it closes,
    /// <see cref="HttpLimits.LingeringCloseTimeout"/> passes or <see cref="HttpLimits.MaxLingeringCloseBytes"/> are read.
    /// Closing at once with unread input makes the kernel send a reset, and a reset can reach the client before it has
    /// read the response, which it then loses: the 400 or 413 it most needs to see.
    /// </summary>
    private async GreenTask LingerAsync()
    {
        var deadline = _server.Hub.Now + Limits.LingeringCloseTimeout;
        var budget = Limits.MaxLingeringCloseBytes;
        try
        {
            _stream.ShutdownWrite();
            while (budget > 0)
            {
                var remaining = Seconds(deadline - _server.Hub.Now);
                if (remaining <= 0)
                {
                    return;
                }

                var n = await _stream.ReceiveWithinAsync(_buffer, remaining);
                if (n == 0)
                {
                    return;
                }

                budget -= n;
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or SocketException)
        {
            // The client went quiet or away: either way there is nothing left to protect.
        }
    }
}
