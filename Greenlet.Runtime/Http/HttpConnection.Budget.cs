namespace Greenlets;

internal sealed partial class HttpConnection
{
    // Bodies read whole count against the server-wide HttpLimits.MaxBufferedBytes until the request's response is out.

    private long _bufferedHeld;

    /// <summary>
    /// Reads the rest of the body into one array, taking its bytes from the server's budget first: all at once for a
    /// Content-Length body, as the array grows for a chunked one. Waits up to <see cref="HttpLimits.BodyIoTimeout"/>
    /// for room (not reading meanwhile), then answers 503.
    /// </summary>
    internal async GreenTask<byte[]> ReadWholeBodyAsync()
    {
        if (_request.IsBodyComplete)
        {
            return [];
        }

        if (!_request.IsChunked)
        {
            var length = _request.IdentityBodyRemaining; // what an earlier Read left
            await TakeBufferedAsync(length);
            var body = new byte[length];
            var filled = 0;
            while (filled < body.Length)
            {
                var n = await ReadBodyAsync(body.AsMemory(filled));
                if (n == 0)
                {
                    throw new IOException("the body ended before its Content-Length");
                }

                filled += n;
            }

            return body;
        }

        var buffer = new byte[8192];
        await TakeBufferedAsync(buffer.Length);
        var used = 0;
        while (true)
        {
            if (used == buffer.Length)
            {
                await TakeBufferedAsync(buffer.Length);
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var n = await ReadBodyAsync(buffer.AsMemory(used));
            if (n == 0)
            {
                return buffer[..used];
            }

            used += n;
        }
    }

    private async GreenTask TakeBufferedAsync(long count)
    {
        var budget = _server.BufferBudget;
        if (!budget.TryTake(count) && !await budget.TakeAsync(count, _bufferedHeld, _server.Hub.Now + Limits.BodyIoTimeout))
        {
            throw new GreenHttpProtocolException(503, $"no room for {count} more body bytes within the server's MaxBufferedBytes");
        }

        _bufferedHeld += count;
    }

    /// <summary>Gives the request's bytes back to the server's budget once its response is out (or the connection ends).</summary>
    private void ReturnBufferedBytes()
    {
        _server.BufferBudget.Give(_bufferedHeld);
        _bufferedHeld = 0;
    }
}
