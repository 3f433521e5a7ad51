using System.Net.Sockets;

namespace Greenlets;

/// <summary>
/// The green stream of a connected <see cref="GreenSocket"/> (<see cref="GreenSocket.GetStream"/>): the seam's
/// primitives are the socket's non-blocking calls and its reactor watch. The stream owns the socket: closing either
/// closes both.
/// </summary>
internal sealed class SocketStream : GreenStream
{
    public SocketStream(GreenSocket socket) => Socket = socket;

    public GreenSocket Socket { get; }

    public override GreenDuration? Timeout
    {
        get => Socket.Timeout;
        set => Socket.Timeout = value;
    }

    public override bool IsClosed => Socket.IsClosed;

    public override void ShutdownWrite()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e)
        {
            throw new IOException($"shutdown failed: {e.SocketErrorCode}", e);
        }
    }

    public override string ToString() => $"GreenStream({Socket})";

    internal override int ReceiveAvailable(Span<byte> buffer)
    {
        if (!Socket.MayHaveData)
        {
            return -1; // nothing has arrived since the last read emptied the socket: skip the EAGAIN system call
        }

        try
        {
            return Socket.TryRecv(buffer, out var count) ? count : -1;
        }
        catch (SocketException)
        {
            return 0; // a reset ends the stream, as the peer closing it does
        }
    }

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout) => Socket.WaitReadyAwaitable(IoEvents.Read, timeout);

    internal override int SendAvailable(ReadOnlySpan<byte> data)
    {
        try
        {
            return Socket.TrySend(data, out var sent) ? sent : -1;
        }
        catch (SocketException e)
        {
            throw new IOException($"send failed: {e.SocketErrorCode}", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("send failed: the stream is closed", e);
        }
    }

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => Socket.WaitReadyAwaitable(IoEvents.Write, timeout);

    internal override void Abort()
    {
        if (Socket.IsClosed)
        {
            return;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both); // wakes a reader with the end of the stream and fails a writer
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to end.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Socket.Close();
        }

        base.Dispose(disposing);
    }
}
