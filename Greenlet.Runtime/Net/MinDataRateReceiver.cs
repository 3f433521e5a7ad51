using System.ComponentModel;

namespace Greenlets;

/// <summary>
/// Receives from a <see cref="GreenSocket"/> while holding the peer to a <see cref="MinDataRate"/>, for
/// <see cref="StreamServer"/> handlers that need what <see cref="HttpServer"/> does for request bodies: a socket timeout
/// bounds each receive, so a peer sending one byte per timeout is never cut; this bounds the transfer as a whole. Only
/// the time spent waiting in <see cref="RecvInto(Memory{byte})"/> counts, so time the handler spends on other things
/// is not held against the peer. Once the grace period has passed, a receive that would take the average below the
/// rate raises <see cref="DataRateTimeoutException"/>. Each wait is also bounded by the socket's own
/// <see cref="GreenSocket.Timeout"/>, if it has one.
/// </summary>
/// <example>
/// <code>
/// var receiver = new MinDataRateReceiver(socket, new MinDataRate(240, TimeSpan.FromSeconds(5)));
/// int n;
/// while ((n = receiver.RecvInto(buffer)) > 0) { ... } // DataRateTimeoutException: the peer is too slow, close it
/// </code>
/// </example>
/// <remarks>gevent: none; a gevent server bounds each <c>recv</c> with a socket timeout only.</remarks>
public sealed class MinDataRateReceiver
{
    private readonly GreenSocket _socket;
    private readonly Hub _hub;

    /// <summary>Creates a receiver for <paramref name="socket"/>, on the current thread's hub.</summary>
    /// <param name="socket">The connection to receive from.</param>
    /// <param name="rate">The least average rate the peer must keep once the grace period has passed.</param>
    /// <remarks>gevent: none.</remarks>
    public MinDataRateReceiver(GreenSocket socket, MinDataRate rate)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(rate);
        _socket = socket;
        Rate = rate;
        _hub = Hub.Current;
    }

    /// <summary>The rate the peer is held to.</summary>
    /// <remarks>gevent: none.</remarks>
    public MinDataRate Rate { get; }

    /// <summary>The bytes received since the transfer began (or <see cref="Restart"/>).</summary>
    /// <remarks>gevent: none.</remarks>
    public long BytesReceived { get; private set; }

    /// <summary>The time spent waiting for the peer since the transfer began (or <see cref="Restart"/>): the time the rate is averaged over.</summary>
    /// <remarks>gevent: none.</remarks>
    public TimeSpan TimeWaited { get; private set; }

    /// <summary>Begins a new transfer (the next message, say): the grace period and the average start again.</summary>
    /// <remarks>gevent: none.</remarks>
    public void Restart()
    {
        BytesReceived = 0;
        TimeWaited = TimeSpan.Zero;
    }

    /// <summary>Receives into <paramref name="buffer"/>, waiting no longer than the rate allows.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>How many bytes were received; 0 at the end of the stream.</returns>
    /// <exception cref="DataRateTimeoutException">The peer fell below the rate after the grace period.</exception>
    /// <exception cref="SocketTimeoutException">The socket's own timeout passed first.</exception>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c> with a deadline computed for each call.</remarks>
    [Cooperative(nameof(RecvIntoAwaitable))]
    public int RecvInto(Memory<byte> buffer)
    {
        var (own, rateBinds) = BoundNextWait();
        var startedAt = _hub.Now;
        try
        {
            return Count(_socket.RecvInto(buffer), startedAt);
        }
        catch (SocketTimeoutException) when (rateBinds)
        {
            TimeWaited += _hub.Now - startedAt;
            throw TooSlow();
        }
        finally
        {
            _socket.Timeout = own;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvInto(Memory{byte})"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<int> RecvIntoAwaitable(Memory<byte> buffer)
    {
        var (own, rateBinds) = BoundNextWait();
        var startedAt = _hub.Now;
        try
        {
            return Count(await _socket.RecvIntoAwaitable(buffer), startedAt);
        }
        catch (SocketTimeoutException) when (rateBinds)
        {
            TimeWaited += _hub.Now - startedAt;
            throw TooSlow();
        }
        finally
        {
            _socket.Timeout = own;
        }
    }

    /// <summary>Sets the socket's timeout to what the rate leaves, when that is shorter; returns the socket's own timeout.</summary>
    private (GreenDuration? Own, bool RateBinds) BoundNextWait()
    {
        var own = _socket.Timeout;
        var left = Rate.AllowedTime(BytesReceived) - TimeWaited;
        if (left <= TimeSpan.Zero)
        {
            throw TooSlow();
        }

        var rateBinds = own is not { } limit || left.TotalSeconds < limit.Seconds;
        if (rateBinds)
        {
            _socket.Timeout = left;
        }

        return (own, rateBinds);
    }

    private int Count(int received, TimeSpan startedAt)
    {
        TimeWaited += _hub.Now - startedAt;
        BytesReceived += received;
        return received;
    }

    private DataRateTimeoutException TooSlow() => new(Rate, BytesReceived, TimeWaited);
}
