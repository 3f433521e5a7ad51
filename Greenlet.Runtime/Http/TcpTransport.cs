using System.Net;
using System.Net.Sockets;

namespace Greenlets;

/// <summary>
/// A non-blocking TCP socket driven by the hub's reactor: each call tries the syscall first and waits for
/// readiness through <see cref="GreenIo"/> only on EAGAIN. .NET's <see cref="Socket"/> is used for its synchronous,
/// non-blocking calls only, so its async engine and the thread pool are never involved.
/// </summary>
/// <remarks>
/// The HTTP server's own transport until it moves onto <c>GreenSocket</c> and <c>StreamServer</c>.
/// </remarks>
internal sealed class TcpTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly int _fd;
    private bool _disposed;

    private TcpTransport(Socket socket)
    {
        socket.Blocking = false;
        _socket = socket;
        _fd = (int)socket.Handle;
    }

    public EndPoint? RemoteEndPoint { get; private set; }

    public static TcpTransport Listen(IPEndPoint endPoint, int backlog)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return new TcpTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Accepts the next connection, waiting cooperatively while there is none.</summary>
    public async GreenTask<TcpTransport> AcceptAsync()
    {
        while (true)
        {
            await GreenIo.WaitReadAsync(_fd);
            Socket accepted;
            try
            {
                accepted = _socket.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.Interrupted)
            {
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                await Greenlet.SleepAsync(0.05); // EMFILE/ENFILE/ENOBUFS: back off rather than spin
                continue;
            }

            accepted.NoDelay = true;
            var transport = new TcpTransport(accepted);
            transport.RemoteEndPoint = accepted.RemoteEndPoint;
            return transport;
        }
    }

    /// <summary>Receives what has arrived (at least one byte), or 0 at end of stream or on a reset. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> seconds.</summary>
    public async GreenTask<int> ReceiveAsync(Memory<byte> buffer, double? timeout)
    {
        while (true)
        {
            var n = _socket.Receive(buffer.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success) return n;
            if (error != SocketError.WouldBlock) return 0;
            if (!await WaitAsync(IoEvents.Read, timeout)) throw new TimeoutException("receive timed out");
        }
    }

    /// <summary>Receives what has arrived without waiting: the byte count, 0 at end of stream or on a reset, -1 when nothing has arrived yet.</summary>
    public int TryReceive(Span<byte> buffer)
    {
        var n = _socket.Receive(buffer, SocketFlags.None, out var error);
        if (error == SocketError.Success) return n;
        return error == SocketError.WouldBlock ? -1 : 0;
    }

    /// <summary>Waits until bytes arrive, after <see cref="TryReceive"/> found none; false after <paramref name="timeout"/> seconds.</summary>
    public GreenAwaitable<bool> WaitReadableAsync(double? timeout) => WaitAsync(IoEvents.Read, timeout);

    /// <summary>Sends every byte, waiting cooperatively whenever the socket's send buffer is full.</summary>
    public async GreenTask SendAllAsync(ReadOnlyMemory<byte> bytes, double? timeout)
    {
        while (!bytes.IsEmpty)
        {
            var n = _socket.Send(bytes.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                bytes = bytes[n..];
                continue;
            }

            if (error != SocketError.WouldBlock) throw new IOException($"send failed: {error}");
            if (!await WaitAsync(IoEvents.Write, timeout)) throw new TimeoutException("send timed out");
        }
    }

    // The call just failed with EAGAIN, so the edge-triggered watch will see the next readiness: park on it
    // directly, without GreenIo's extra poll(2) for readiness that a descriptor from outside needs.
    private GreenAwaitable<bool> WaitAsync(IoEvents direction, double? timeout)
    {
        var reactor = Hub.Current.Reactor;
        return (reactor.Find(_fd) ?? reactor.Watch(_fd)).WaitAsync(direction, timeout);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        GreenIo.CancelWaits(_fd);
        _socket.Dispose();
    }
}
