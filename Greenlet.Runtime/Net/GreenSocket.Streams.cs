using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    // The forms the HTTP and WebSocket servers read and write their connections with: a timeout per call (a
    // keep-alive wait, a header deadline and a body's I/O each have their own), and the stream's contract of
    // System.IO: the peer resetting the connection is an IOException on send and the end of the stream on receive.

    /// <summary>Receives into <paramref name="buffer"/>, waiting at most <paramref name="timeout"/> seconds for data.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    /// <returns>How many bytes arrived; 0 at the end of the stream or when the peer reset the connection.</returns>
    /// <exception cref="SocketTimeoutException">Nothing arrived in time.</exception>
    internal async GreenTask<int> ReceiveWithinAsync(Memory<byte> buffer, double? timeout)
    {
        UseCallTimeout(timeout);
        try
        {
            return await RecvIntoAwaitable(buffer);
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>Receives what has arrived without waiting.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The byte count; 0 at the end of the stream or after a reset; -1 when nothing has arrived yet.</returns>
    internal int ReceiveAvailable(Span<byte> buffer)
    {
        try
        {
            return TryRecv(buffer, out var count) ? count : -1;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>Bounds the next waits by <paramref name="timeout"/> seconds (null: no bound).</summary>
    /// <remarks>Zero here is a wait that times out at once, not <see cref="Timeout"/>'s non-blocking mode.</remarks>
    private void UseCallTimeout(double? timeout) => _timeout = timeout is 0 ? double.Epsilon : timeout;

    /// <summary>Waits until data arrives, after <see cref="ReceiveAvailable"/> found none.</summary>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    /// <returns>False when <paramref name="timeout"/> seconds passed first.</returns>
    internal GreenAwaitable<bool> WaitReadableAsync(double? timeout) => WatchForWaiting().WaitAwaitable(IoEvents.Read, timeout);

    /// <summary>Sends every byte, each wait for room bounded by <paramref name="timeout"/> seconds.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="timeout">The longest wait for room, in seconds; null waits as long as it takes.</param>
    /// <exception cref="SocketTimeoutException">The peer took nothing in time.</exception>
    /// <exception cref="IOException">The connection was reset or shut down.</exception>
    internal async GreenTask SendAllWithinAsync(ReadOnlyMemory<byte> data, double? timeout)
    {
        UseCallTimeout(timeout);
        try
        {
            await SendAllAwaitable(data);
        }
        catch (SocketException e)
        {
            throw new IOException($"send failed: {e.SocketErrorCode}", e);
        }
    }

    /// <summary>Sends what the socket buffer takes now, without waiting.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <returns>The byte count sent; -1 when the buffer is full.</returns>
    /// <exception cref="IOException">The connection was reset or shut down.</exception>
    internal int SendAvailable(ReadOnlySpan<byte> data)
    {
        try
        {
            return TrySend(data, out var sent) ? sent : -1;
        }
        catch (SocketException e)
        {
            throw new IOException($"send failed: {e.SocketErrorCode}", e);
        }
    }

    /// <summary>Waits until the socket buffer has room, after <see cref="SendAvailable"/> found none.</summary>
    /// <param name="timeout">The longest wait, in seconds.</param>
    /// <returns>False when <paramref name="timeout"/> seconds passed first.</returns>
    internal GreenAwaitable<bool> WaitWritableAsync(double timeout) => WatchForWaiting().WaitAwaitable(IoEvents.Write, timeout);
}
