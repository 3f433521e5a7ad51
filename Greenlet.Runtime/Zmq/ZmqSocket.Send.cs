using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public sealed partial class ZmqSocket
{
    /// <summary>
    /// Sends one frame (cooperatively): waits, letting the other greenlets run, while libzmq cannot take it (the
    /// high-water mark is reached, or a REQ/DEALER has no peer yet). libzmq copies the bytes before this returns.
    /// </summary>
    /// <param name="frame">The bytes to send; a <c>byte[]</c> converts.</param>
    /// <param name="more">True when more frames of the same message follow (<c>ZMQ_SNDMORE</c>).</param>
    /// <exception cref="ZmqTimeoutException"><see cref="SendTimeout"/> passed first.</exception>
    /// <exception cref="ZmqException">libzmq refused it, such as a REQ sending twice in a row (EFSM).</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed, or was closed during the wait.</exception>
    /// <remarks>gevent: <c>socket.send(data, flags=0)</c>, <c>flags=zmq.SNDMORE</c> for <paramref name="more"/>.</remarks>
    [Cooperative(nameof(SendAwaitable))]
    public void Send(ReadOnlyMemory<byte> frame, bool more = false) =>
        Run<SendFrame, bool>(new SendFrame(frame, more), "ZmqSocket.Send");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Send"/> instead.</summary>
    /// <param name="frame">The bytes to send.</param>
    /// <param name="more">True when more frames of the same message follow.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask SendAwaitable(ReadOnlyMemory<byte> frame, bool more = false) =>
        await RunAsync<SendFrame, bool>(new SendFrame(frame, more), "ZmqSocket.Send");

    /// <summary>Sends one frame holding <paramref name="frame"/> in UTF-8 (cooperatively), as <see cref="Send"/> does.</summary>
    /// <param name="frame">The text to send.</param>
    /// <param name="more">True when more frames of the same message follow.</param>
    /// <remarks>gevent: <c>socket.send_string(u, flags=0)</c>.</remarks>
    [Cooperative(nameof(SendStringAwaitable))]
    public void SendString(string frame, bool more = false) =>
        Run<SendStringFrame, bool>(new SendStringFrame(NotNull(frame), more), "ZmqSocket.SendString");

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendString"/> instead.</summary>
    /// <param name="frame">The text to send.</param>
    /// <param name="more">True when more frames of the same message follow.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask SendStringAwaitable(string frame, bool more = false) =>
        await RunAsync<SendStringFrame, bool>(new SendStringFrame(NotNull(frame), more), "ZmqSocket.SendString");

    /// <summary>
    /// Sends a message of several frames (cooperatively). libzmq delivers it whole or not at all; only its first
    /// frame can wait.
    /// </summary>
    /// <param name="frames">The frames, at least one.</param>
    /// <remarks>gevent: <c>socket.send_multipart(msg_parts)</c>.</remarks>
    [Cooperative(nameof(SendMultipartAwaitable))]
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        var last = LastFrameIndex(frames);
        for (var i = 0; i <= last; i++)
        {
            Run<SendFrame, bool>(new SendFrame(frames[i], more: i < last), "ZmqSocket.SendMultipart");
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="SendMultipart"/> instead.</summary>
    /// <param name="frames">The frames, at least one.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask SendMultipartAwaitable(IReadOnlyList<byte[]> frames)
    {
        var last = LastFrameIndex(frames);
        for (var i = 0; i <= last; i++)
        {
            await RunAsync<SendFrame, bool>(new SendFrame(frames[i], more: i < last), "ZmqSocket.SendMultipart");
        }
    }

    /// <summary>Sends one frame if libzmq can take it now; never waits.</summary>
    /// <param name="frame">The bytes to send.</param>
    /// <param name="more">True when more frames of the same message follow.</param>
    /// <returns>True when sent; false when it would have had to wait.</returns>
    /// <remarks>gevent: <c>socket.send(data, flags=zmq.NOBLOCK)</c>, which raises <c>zmq.Again</c> instead of returning false.</remarks>
    public bool TrySend(ReadOnlyMemory<byte> frame, bool more = false)
    {
        var attempt = new SendFrame(frame, more);
        return TryRun<SendFrame, bool>(ref attempt);
    }

    private static string NotNull(string frame, [CallerArgumentExpression(nameof(frame))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(frame, name);
        return frame;
    }

    private static int LastFrameIndex(IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A message has at least one frame.", nameof(frames));
        }

        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is null)
            {
                throw new ArgumentException($"Frame {i} is null.", nameof(frames));
            }
        }

        return frames.Count - 1;
    }
}
