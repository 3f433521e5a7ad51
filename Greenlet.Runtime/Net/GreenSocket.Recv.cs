using System.ComponentModel;
using System.Net;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    private RecvWait? _recvWait;
    private bool _drained;

    /// <summary>
    /// Receives up to <paramref name="maxBytes"/> bytes, waiting up to <see cref="Timeout"/> for some.
    /// An empty array means the peer closed its end.
    /// </summary>
    /// <param name="maxBytes">The most bytes to return.</param>
    /// <returns>The bytes received; empty at end of stream.</returns>
    /// <remarks>gevent: <c>socket.recv(bufsize)</c>.</remarks>
    [Cooperative(nameof(RecvAwaitable))]
    public byte[] Recv(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var buffer = new byte[maxBytes];
        var count = RecvInto(buffer);
        return count == maxBytes ? buffer : buffer[..count];
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Recv(int)"/> instead.</summary>
    /// <param name="maxBytes">The most bytes to return.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<byte[]> RecvAwaitable(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var buffer = new byte[maxBytes];
        var count = await RecvIntoAwaitable(buffer);
        return count == maxBytes ? buffer : buffer[..count];
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/>, waiting up to <see cref="Timeout"/> for data.
    /// Returns 0 when the peer closed its end (or the buffer is empty).
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>How many bytes were received; 0 at end of stream.</returns>
    /// <exception cref="SocketTimeoutException">No data came in time.</exception>
    /// <exception cref="SocketException">The connection was reset.</exception>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c>.</remarks>
    [Cooperative(nameof(RecvIntoAwaitable))]
    public int RecvInto(Memory<byte> buffer)
    {
        int count;
        while (!(MayHaveData && TryRecv(buffer.Span, out count)))
        {
            Block(IoEvents.Read, RecvWait.Name);
        }

        return count;
    }

    /// <inheritdoc cref="RecvInto(Memory{byte})"/>
    [Cooperative(nameof(RecvIntoAwaitable))]
    public int RecvInto(byte[] buffer) => RecvInto(new Memory<byte>(buffer));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvInto(Memory{byte})"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> RecvIntoAwaitable(Memory<byte> buffer)
    {
        if (MayHaveData && TryRecv(buffer.Span, out var count))
        {
            return new GreenTask<int>(count);
        }

        var wait = _recvWait ??= new RecvWait(this);
        wait.Buffer = buffer;
        return new GreenTask<int>(wait.Start());
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvInto(byte[])"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> RecvIntoAwaitable(byte[] buffer) => RecvIntoAwaitable(new Memory<byte>(buffer));

    /// <summary>Receives what has arrived, without waiting.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="count">How many bytes were received; 0 at end of stream.</param>
    /// <returns>False when nothing has arrived yet.</returns>
    /// <exception cref="SocketException">The connection was reset.</exception>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c> on a non-blocking socket.</remarks>
    public unsafe bool TryRecv(Span<byte> buffer, out int count)
    {
        if (SimulatedTcp("recv") is { } simulated)
        {
            return simulated.TryRecv(buffer, out count);
        }

        var fd = LiveFd();
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var result = SocketNative.Recv(fd, bytes, (nuint)buffer.Length, 0);
                if (result >= 0)
                {
                    count = (int)result;
                    // A stream recv returns less than asked only when it took everything there was.
                    NoteDrained(count > 0 && count < buffer.Length && SocketType == SocketType.Stream);
                    return true;
                }

                var errno = SocketNative.LastError;
                if (errno != SocketNative.EINTR)
                {
                    count = 0;
                    NoteDrained(errno == SocketNative.EAGAIN);
                    return errno == SocketNative.EAGAIN ? false : throw SocketErrors.FromErrno(errno, "recv");
                }
            }
        }
    }

    /// <summary>
    /// False when the last recv emptied the socket and the reactor has reported nothing readable since: a recv now
    /// would only fail with EAGAIN, so it parks at once and saves that system call (edge-triggered readiness
    /// reports every arrival after the last recv; poll(2) reports the level). Never after a hang-up: end of stream
    /// may have come with the data that recv took, and it is reported only once.
    /// </summary>
    internal bool MayHaveData => !_drained || _watch is not { ReadSignalled: false, HangUpSeen: false };

    private void NoteDrained(bool drained)
    {
        _drained = drained;
        if (drained && _watch is { } watch)
        {
            watch.ReadSignalled = false;
        }
    }

    private sealed class RecvWait(GreenSocket socket) : SocketWait<int>(socket, IoEvents.Read)
    {
        public const string Name = "GreenSocket.Recv";

        public Memory<byte> Buffer;

        protected override string Operation => Name;

        protected override bool TryComplete(out int result)
        {
            var done = Socket.TryRecv(Buffer.Span, out result);
            if (done)
            {
                Buffer = default; // the caller's buffer is not kept past the call
            }

            return done;
        }
    }
}
