using System.Buffers;
using System.Text;

namespace Greenlets;

/// <summary>
/// One send or receive, tried with <c>ZMQ_DONTWAIT</c> as often as the socket's readiness says it may go through.
/// Structs, so that a call that completes at once allocates nothing but what it returns.
/// </summary>
/// <typeparam name="TResult">What the operation returns.</typeparam>
internal interface IZmqAttempt<out TResult>
{
    /// <summary>What readiness the operation needs: <c>ZMQ_POLLOUT</c> for sends, <c>ZMQ_POLLIN</c> for receives.</summary>
    int Event { get; }

    /// <summary>The operation's result, once <see cref="TryOnce"/> returned true.</summary>
    TResult Result { get; }

    /// <summary>Tries once without waiting: true when done, false when libzmq says it would block. Other failures throw.</summary>
    bool TryOnce(nint socket);
}

/// <summary>What every attempt does when libzmq refuses.</summary>
internal static class ZmqAttempt
{
    /// <summary>False for "would block" (try again later); throws for every other error.</summary>
    public static bool WouldBlock(string operation)
    {
        var error = ZmqNative.zmq_errno();
        return error is ZmqNative.EAGAIN or ZmqNative.EINTR
            ? false
            : throw new ZmqException(error, $"{operation} failed: {ZmqNative.ErrorText(error)} (libzmq error {error}).");
    }
}

/// <summary>Sends one frame of bytes.</summary>
internal struct SendFrame(ReadOnlyMemory<byte> frame, bool more) : IZmqAttempt<bool>
{
    public readonly int Event => ZmqNative.ZMQ_POLLOUT;

    public readonly bool Result => true;

    public readonly unsafe bool TryOnce(nint socket)
    {
        var flags = ZmqNative.ZMQ_DONTWAIT | (more ? ZmqNative.ZMQ_SNDMORE : 0);
        fixed (byte* bytes = frame.Span)
        {
            return ZmqNative.zmq_send(socket, bytes, (nuint)frame.Length, flags) >= 0 || ZmqAttempt.WouldBlock("ZmqSocket.Send");
        }
    }
}

/// <summary>Sends one frame holding a string in UTF-8, encoded on the stack when it is short.</summary>
internal struct SendStringFrame(string frame, bool more) : IZmqAttempt<bool>
{
    private const int StackLimit = 512;

    public readonly int Event => ZmqNative.ZMQ_POLLOUT;

    public readonly bool Result => true;

    public readonly unsafe bool TryOnce(nint socket)
    {
        var flags = ZmqNative.ZMQ_DONTWAIT | (more ? ZmqNative.ZMQ_SNDMORE : 0);
        var most = Encoding.UTF8.GetMaxByteCount(frame.Length);
        byte[]? rented = null;
        Span<byte> buffer = most <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var length = Encoding.UTF8.GetBytes(frame, buffer);
            fixed (byte* bytes = buffer)
            {
                return ZmqNative.zmq_send(socket, bytes, (nuint)length, flags) >= 0 || ZmqAttempt.WouldBlock("ZmqSocket.SendString");
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>Receives one frame into a new array of its exact size.</summary>
internal struct ReceiveFrame : IZmqAttempt<byte[]>
{
    public readonly int Event => ZmqNative.ZMQ_POLLIN;

    public byte[] Result { get; private set; }

    public unsafe bool TryOnce(nint socket)
    {
        ZmqNative.ZmqMsg message;
        ZmqNative.zmq_msg_init(&message);
        try
        {
            if (ZmqNative.zmq_msg_recv(&message, socket, ZmqNative.ZMQ_DONTWAIT) < 0)
            {
                return ZmqAttempt.WouldBlock("ZmqSocket.Recv");
            }

            Result = new ReadOnlySpan<byte>(ZmqNative.zmq_msg_data(&message), checked((int)ZmqNative.zmq_msg_size(&message))).ToArray();
            return true;
        }
        finally
        {
            ZmqNative.zmq_msg_close(&message);
        }
    }
}

/// <summary>Receives one frame and decodes it from UTF-8.</summary>
internal struct ReceiveStringFrame : IZmqAttempt<string>
{
    public readonly int Event => ZmqNative.ZMQ_POLLIN;

    public string Result { get; private set; }

    public unsafe bool TryOnce(nint socket)
    {
        ZmqNative.ZmqMsg message;
        ZmqNative.zmq_msg_init(&message);
        try
        {
            if (ZmqNative.zmq_msg_recv(&message, socket, ZmqNative.ZMQ_DONTWAIT) < 0)
            {
                return ZmqAttempt.WouldBlock("ZmqSocket.RecvString");
            }

            Result = Encoding.UTF8.GetString((byte*)ZmqNative.zmq_msg_data(&message), checked((int)ZmqNative.zmq_msg_size(&message)));
            return true;
        }
        finally
        {
            ZmqNative.zmq_msg_close(&message);
        }
    }
}

/// <summary>Receives one frame into the caller's buffer; the result is the frame's full size, which may exceed it.</summary>
internal struct ReceiveIntoBuffer(Memory<byte> buffer) : IZmqAttempt<int>
{
    public readonly int Event => ZmqNative.ZMQ_POLLIN;

    public int Result { get; private set; }

    public unsafe bool TryOnce(nint socket)
    {
        fixed (byte* bytes = buffer.Span)
        {
            var size = ZmqNative.zmq_recv(socket, bytes, (nuint)buffer.Length, ZmqNative.ZMQ_DONTWAIT);
            if (size < 0)
            {
                return ZmqAttempt.WouldBlock("ZmqSocket.RecvInto");
            }

            Result = size;
            return true;
        }
    }
}

/// <summary>
/// Receives every frame of one message. libzmq delivers a message whole, so once its first frame is there the
/// others are too, and only the first try can find nothing.
/// </summary>
internal struct ReceiveMessage : IZmqAttempt<List<byte[]>>
{
    public readonly int Event => ZmqNative.ZMQ_POLLIN;

    public List<byte[]> Result { get; private set; }

    public unsafe bool TryOnce(nint socket)
    {
        ZmqNative.ZmqMsg message;
        ZmqNative.zmq_msg_init(&message);
        try
        {
            if (ZmqNative.zmq_msg_recv(&message, socket, ZmqNative.ZMQ_DONTWAIT) < 0)
            {
                return ZmqAttempt.WouldBlock("ZmqSocket.RecvMultipart");
            }

            var frames = new List<byte[]>();
            while (true)
            {
                frames.Add(new ReadOnlySpan<byte>(ZmqNative.zmq_msg_data(&message), checked((int)ZmqNative.zmq_msg_size(&message))).ToArray());
                if (ZmqNative.zmq_msg_more(&message) == 0)
                {
                    break;
                }

                if (ZmqNative.zmq_msg_recv(&message, socket, ZmqNative.ZMQ_DONTWAIT) < 0)
                {
                    throw ZmqException.FromLastError("ZmqSocket.RecvMultipart (a later frame)");
                }
            }

            Result = frames;
            return true;
        }
        finally
        {
            ZmqNative.zmq_msg_close(&message);
        }
    }
}
