using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Greenlets;

public sealed partial class ZmqSocket
{
    /// <summary>Receives one frame (cooperatively): waits, letting the other greenlets run, until one is there.</summary>
    /// <returns>The frame's bytes. <see cref="HasMoreParts"/> then says whether more frames of its message follow.</returns>
    /// <exception cref="ZmqTimeoutException"><see cref="ReceiveTimeout"/> passed first; the socket stays usable.</exception>
    /// <exception cref="ZmqException">libzmq refused it, such as a REQ receiving before it sent (EFSM).</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed, or was closed during the wait.</exception>
    /// <remarks>gevent: <c>socket.recv()</c>.</remarks>
    [Cooperative(nameof(RecvAwaitable))]
    public byte[] Recv() => Run<ReceiveFrame, byte[]>(default, "ZmqSocket.Recv");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Recv"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<byte[]> RecvAwaitable() => RunAsync<ReceiveFrame, byte[]>(default, "ZmqSocket.Recv");

    /// <summary>Receives one frame (cooperatively) and decodes it from UTF-8.</summary>
    /// <returns>The frame's text.</returns>
    /// <remarks>gevent: <c>socket.recv_string()</c>.</remarks>
    [Cooperative(nameof(RecvStringAwaitable))]
    public string RecvString() => Run<ReceiveStringFrame, string>(default, "ZmqSocket.RecvString");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvString"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<string> RecvStringAwaitable() => RunAsync<ReceiveStringFrame, string>(default, "ZmqSocket.RecvString");

    /// <summary>Receives every frame of the next message (cooperatively).</summary>
    /// <returns>The frames, in order: at least one.</returns>
    /// <remarks>gevent: <c>socket.recv_multipart()</c>.</remarks>
    [Cooperative(nameof(RecvMultipartAwaitable))]
    public List<byte[]> RecvMultipart() => Run<ReceiveMessage, List<byte[]>>(default, "ZmqSocket.RecvMultipart");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvMultipart"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<List<byte[]>> RecvMultipartAwaitable() => RunAsync<ReceiveMessage, List<byte[]>>(default, "ZmqSocket.RecvMultipart");

    /// <summary>
    /// Receives one frame (cooperatively) into <paramref name="buffer"/>, allocating nothing. A frame longer than
    /// the buffer is cut to fit: compare the result with the buffer's length.
    /// </summary>
    /// <param name="buffer">Where the frame's bytes go.</param>
    /// <returns>The frame's full size in bytes, which may exceed <paramref name="buffer"/>'s length.</returns>
    /// <remarks>gevent: <c>socket.recv_into(buffer)</c> (pyzmq 26).</remarks>
    [Cooperative(nameof(RecvIntoAwaitable))]
    public int RecvInto(Memory<byte> buffer) => Run<ReceiveIntoBuffer, int>(new ReceiveIntoBuffer(buffer), "ZmqSocket.RecvInto");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="RecvInto"/> instead.</summary>
    /// <param name="buffer">Where the frame's bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> RecvIntoAwaitable(Memory<byte> buffer) => RunAsync<ReceiveIntoBuffer, int>(new ReceiveIntoBuffer(buffer), "ZmqSocket.RecvInto");

    /// <summary>Receives one frame if one is there now; never waits.</summary>
    /// <param name="frame">The frame's bytes, when one was there.</param>
    /// <returns>True when a frame was received.</returns>
    /// <remarks>gevent: <c>socket.recv(flags=zmq.NOBLOCK)</c>, which raises <c>zmq.Again</c> instead of returning false.</remarks>
    public bool TryRecv([NotNullWhen(true)] out byte[]? frame)
    {
        var attempt = default(ReceiveFrame);
        frame = TryRun<ReceiveFrame, byte[]>(ref attempt) ? attempt.Result : null;
        return frame is not null;
    }
}
