namespace Greenlets;

internal sealed partial class HttpConnection
{
    // Kestrel's minimum data rates (HttpLimits.MinRequestBodyDataRate, MinResponseDataRate) and the 408 of a head that
    // took too long. A per-call timeout alone lets a client trickle one byte per timeout for ever; these bound a
    // transfer as a whole.
    private TimeSpan _bodyWaitTime; // time this request's handler spent waiting for body bytes: the client's time
    private long _bodyBytesReceived;
    private TimeSpan _sendDeadline; // when the response bytes handed to the socket so far must all be gone
    private TimeSpan _responseStartedAt;
    private bool _cutForRate; // found too slow (and logged): the connection closes after this request
    private bool _abortAfterCut; // ... at once, without a lingering close: the response had started, or was the slow part

    private void ResetDataRates()
    {
        _bodyWaitTime = TimeSpan.Zero;
        _bodyBytesReceived = 0;
    }

    /// <summary>
    /// Receives more body bytes; 0 at the end of the stream. The wait is bounded by <see cref="HttpLimits.BodyIoTimeout"/>
    /// and by how long the client may still take and keep <see cref="HttpLimits.MinRequestBodyDataRate"/> on average
    /// over the time spent waiting for it (Kestrel's rule: time the handler spends not reading is not counted).
    /// </summary>
    private async GreenTask<int> ReceiveBodyAsync()
    {
        var rate = Limits.MinRequestBodyDataRate;
        if (rate is null)
        {
            return await FillAsync(Seconds(Limits.BodyIoTimeout));
        }

        var allowed = rate.AllowedTime(_bodyBytesReceived) - _bodyWaitTime;
        if (_cutForRate || allowed <= TimeSpan.Zero)
        {
            throw RequestBodyTooSlow(rate);
        }

        var rateBinds = allowed <= Limits.BodyIoTimeout;
        var startedAt = _server.Hub.Now;
        int received;
        try
        {
            received = await FillAsync(Seconds(rateBinds ? allowed : Limits.BodyIoTimeout));
        }
        catch (SocketTimeoutException) when (rateBinds)
        {
            _bodyWaitTime += _server.Hub.Now - startedAt;
            throw RequestBodyTooSlow(rate);
        }

        _bodyWaitTime += _server.Hub.Now - startedAt;
        _bodyBytesReceived += received;
        return received;
    }

    private DataRateTimeoutException RequestBodyTooSlow(MinDataRate rate)
    {
        var error = new DataRateTimeoutException(rate, _bodyBytesReceived, _bodyWaitTime);
        if (!_cutForRate)
        {
            _cutForRate = true;
            _abortAfterCut = _bytesSent > 0;
            var outcome = _abortAfterCut ? "connection aborted (the response had started)" : "answered 408";
            _server.LogConnectionEvent(ConnectionLogLevel.Information, _peer, CurrentRequestLine(), $"request body too slow, {error.Message}: {outcome}");
        }

        return error;
    }

    /// <summary>
    /// Sends every byte, each wait bounded by <see cref="HttpLimits.BodyIoTimeout"/> and the whole by Kestrel's
    /// response rate deadline: each send may take the grace period or its size at <see cref="HttpLimits.MinResponseDataRate"/>,
    /// whichever is longer, and consecutive sends add up their times at the rate.
    /// </summary>
    private async GreenTask SendWithinRateAsync(ReadOnlyMemory<byte> data)
    {
        var rate = Limits.MinResponseDataRate;
        if (rate is null)
        {
            await _stream.SendAllWithinAsync(data, Seconds(Limits.BodyIoTimeout));
            return;
        }

        var now = _server.Hub.Now;
        if (_bytesSent == data.Length)
        {
            _responseStartedAt = now; // the first send of this response
        }

        var atRate = TimeSpan.FromSeconds(data.Length / rate.BytesPerSecond);
        var thisSend = now + (atRate > rate.GracePeriod ? atRate : rate.GracePeriod);
        var accumulated = _sendDeadline + atRate;
        _sendDeadline = thisSend > accumulated ? thisSend : accumulated;
        while (!data.IsEmpty)
        {
            var sent = _stream.SendAvailable(data.Span);
            if (sent >= 0)
            {
                data = data[sent..];
                continue;
            }

            var left = _sendDeadline - _server.Hub.Now;
            var rateBinds = left <= Limits.BodyIoTimeout;
            if (left <= TimeSpan.Zero || !await _stream.WaitWritableAsync(Seconds(rateBinds ? left : Limits.BodyIoTimeout)))
            {
                throw rateBinds ? ResponseTooSlow(rate, _bytesSent - data.Length) : new SocketTimeoutException("GreenSocket.SendAll", Seconds(Limits.BodyIoTimeout));
            }
        }
    }

    private DataRateTimeoutException ResponseTooSlow(MinDataRate rate, long taken)
    {
        var error = new DataRateTimeoutException(rate, taken, _server.Hub.Now - _responseStartedAt);
        if (!_cutForRate)
        {
            _cutForRate = true;
            _server.LogConnectionEvent(ConnectionLogLevel.Information, _peer, CurrentRequestLine(), $"response read too slowly, {error.Message}: connection aborted");
        }

        _abortAfterCut = true;
        return error;
    }

    /// <summary>A head that took longer than <see cref="HttpLimits.HeaderReadTimeout"/>: 408, as Kestrel answers it, and close.</summary>
    private async GreenTask HeadTimedOutAsync()
    {
        var requestLine = RawRequestLine();
        _server.LogConnectionEvent(ConnectionLogLevel.Information, _peer, requestLine,
            $"request head not complete within {Seconds(Limits.HeaderReadTimeout)} s: answered 408");
        _request.Reset(_buffer);
        await RejectAsync(408, requestLine);
    }
}
