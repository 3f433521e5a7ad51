namespace Greenlets;

public abstract partial class GreenStream
{
    private StreamReceiveFrame? _receive;

    /// <summary>The frame of this stream's reads that wait, reused by each (null before the first): a transport may hand its parked read bytes directly.</summary>
    internal StreamReceiveFrame? WaitingReceive => _receive;

    // The transport seam: four non-blocking primitives and two waits, which every kind of green stream implements and
    // the protocol code (HTTP, WebSockets, TLS over this stream) is written on. The discipline is the socket's: try,
    // wait only when the try would block, and try again when woken (a wake is a hint). The waits park once, with
    // nothing allocated, so a server's keep-alive wait costs what it costs on a bare socket.

    /// <summary>Reads what has arrived without waiting.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The byte count; 0 at the end of the stream or after a reset; -1 when nothing has arrived yet.</returns>
    internal abstract int ReceiveAvailable(Span<byte> buffer);

    /// <summary>Parks until a read may find something (or the end), or <paramref name="timeout"/> seconds pass (false).</summary>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    internal abstract GreenAwaitable<bool> WaitReadableAsync(double? timeout);

    /// <summary>Writes what the transport takes now, without waiting.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The byte count taken; -1 when nothing can be taken now.</returns>
    /// <exception cref="IOException">The connection was reset, shut down or closed.</exception>
    internal abstract int SendAvailable(ReadOnlySpan<byte> data);

    /// <summary>Parks until a write may take something, or <paramref name="timeout"/> seconds pass (false).</summary>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    internal abstract GreenAwaitable<bool> WaitWritableAsync(double? timeout);

    /// <summary>Ends the connection at once in both directions (a reset where the transport has one), waking every waiter.</summary>
    internal abstract void Abort();

    /// <summary>Receives into <paramref name="buffer"/>, waiting at most <paramref name="timeout"/> seconds for data.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    /// <returns>How many bytes arrived; 0 at the end of the stream or when the peer reset the connection.</returns>
    /// <exception cref="SocketTimeoutException">Nothing arrived in time.</exception>
    internal GreenTask<int> ReceiveWithinAsync(Memory<byte> buffer, double? timeout) => ReceiveWithinAsync(buffer, timeout, ReadOperation);

    /// <summary>Sends every byte, each wait for room bounded by <paramref name="timeout"/> seconds.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="timeout">The longest wait for room, in seconds; null waits as long as it takes.</param>
    /// <exception cref="SocketTimeoutException">The peer took nothing in time.</exception>
    /// <exception cref="IOException">The connection was reset, shut down or closed.</exception>
    internal GreenTask SendAllWithinAsync(ReadOnlyMemory<byte> data, double? timeout) => SendAllWithinAsync(data, timeout, WriteOperation);

    private protected GreenTask<int> ReceiveWithinAsync(Memory<byte> buffer, double? timeout, string operation)
    {
        var n = ReceiveAvailable(buffer.Span);
        return n >= 0 ? new GreenTask<int>(n) : WaitToReceiveAsync(buffer, timeout, operation);
    }

    /// <summary>The wait of a read that found nothing: parks on the stream's reusable frame when it can, else runs the async loop.</summary>
    private protected GreenTask<int> WaitToReceiveAsync(Memory<byte> buffer, double? timeout, string operation)
    {
        return StreamReceiveFrame.TryStart(this, ref _receive, buffer, timeout, operation, out var task)
            ? task
            : ReceiveLoopAsync(buffer, timeout, operation); // the main greenlet, or a second reader: the general path and its errors
    }

    private async GreenTask<int> ReceiveLoopAsync(Memory<byte> buffer, double? timeout, string operation)
    {
        var deadline = Deadline(timeout);
        while (true)
        {
            var n = ReceiveAvailable(buffer.Span);
            if (n >= 0)
            {
                return n;
            }

            if (!await WaitReadableAsync(Remaining(deadline)))
            {
                throw new SocketTimeoutException(operation, timeout ?? 0);
            }
        }
    }

    private protected GreenTask SendAllWithinAsync(ReadOnlyMemory<byte> data, double? timeout, string operation)
    {
        // Most writes fit the transport at once: those finish here, without starting a state machine.
        var sent = data.IsEmpty ? 0 : SendAvailable(data.Span);
        return sent == data.Length ? default : SendRestWithinAsync(sent > 0 ? data[sent..] : data, timeout, operation);
    }

    private async GreenTask SendRestWithinAsync(ReadOnlyMemory<byte> data, double? timeout, string operation)
    {
        while (!data.IsEmpty)
        {
            var sent = SendAvailable(data.Span);
            if (sent >= 0)
            {
                data = data[sent..];
            }
            else if (!await WaitWritableAsync(timeout))
            {
                throw new SocketTimeoutException(operation, timeout ?? 0);
            }
        }
    }

    /// <summary>A <see cref="Timeout"/> value in seconds, refused when it is negative or not a number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    private protected static double? CheckedTimeout(GreenDuration? value) =>
        value.InSeconds() is { } seconds && (double.IsNaN(seconds) || seconds < 0)
            ? throw new ArgumentOutOfRangeException(nameof(value), value, "A stream timeout is null, zero or a positive number of seconds.")
            : value.InSeconds();

    /// <summary>The hub-clock time at which a wait of <paramref name="timeout"/> seconds from now ends.</summary>
    internal static TimeSpan? Deadline(double? timeout) => timeout is { } seconds ? Hub.Current.Now + TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The seconds left until <paramref name="deadline"/>, never negative; null for no deadline.</summary>
    internal static double? Remaining(TimeSpan? deadline) =>
        deadline is { } end ? Math.Max(0, (end - Hub.Current.Now).TotalSeconds) : null;
}
