namespace Greenlets;

/// <summary>
/// A libzmq context: its I/O threads, and the sockets made from it. One context can serve every hub of the process
/// (sockets on different hubs talk over <c>inproc://</c>); each socket stays on the hub that created it.
/// </summary>
/// <remarks>
/// <para>Disposing the context closes the sockets still open on this hub, then terminates libzmq's context. That
/// waits only while closed sockets still deliver messages, for at most their <see cref="ZmqSocket.Linger"/>; the
/// <see cref="DefaultLinger"/> of a new socket is finite (1 s), unlike libzmq's own (for ever), so that disposal
/// never hangs on a peer that went away. Sockets still open on another hub make disposal throw instead of hang:
/// close them on their own threads first.</para>
/// <para>gevent: <c>zmq.green.Context</c>; disposal is <c>context.destroy()</c> with each socket's own linger.</para>
/// </remarks>
public sealed class ZmqContext : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ZmqSocket> _sockets = [];
    private nint _handle;
    private TimeSpan? _defaultLinger = TimeSpan.FromSeconds(1);

    /// <summary>Creates a context.</summary>
    /// <param name="ioThreads">libzmq's I/O threads, which move the bytes of tcp and ipc connections in the background.</param>
    /// <exception cref="DllNotFoundException">libzmq is not installed; the message names the package (libzmq5).</exception>
    /// <remarks>gevent: <c>zmq.green.Context(io_threads=1)</c>.</remarks>
    public ZmqContext(int ioThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ioThreads);
        ZmqNative.EnsureLoaded();
        _handle = ZmqNative.zmq_ctx_new();
        if (_handle == 0)
        {
            throw ZmqException.FromLastError("zmq_ctx_new");
        }

        if (ZmqNative.zmq_ctx_set(_handle, ZmqNative.ZMQ_IO_THREADS, ioThreads) != 0)
        {
            var error = ZmqException.FromLastError("Setting the I/O threads");
            ZmqNative.zmq_ctx_term(_handle);
            throw error;
        }
    }

    /// <summary>The version of the libzmq library loaded, such as 4.3.4.</summary>
    /// <remarks>gevent: <c>zmq.zmq_version_info()</c>.</remarks>
    public static Version LibraryVersion
    {
        get
        {
            ZmqNative.EnsureLoaded();
            ZmqNative.zmq_version(out var major, out var minor, out var patch);
            return new Version(major, minor, patch);
        }
    }

    /// <summary>
    /// The <see cref="ZmqSocket.Linger"/> each new socket starts with: 1 s unless changed; null means for ever
    /// (libzmq's default, with which disposal can wait for a peer that never comes).
    /// </summary>
    public TimeSpan? DefaultLinger
    {
        get => _defaultLinger;
        set => _defaultLinger = value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), value, "A linger cannot be negative; null is for ever.") : value;
    }

    /// <summary>True once the context was disposed.</summary>
    /// <remarks>gevent: <c>context.closed</c>.</remarks>
    public bool IsTerminated => _handle == 0;

    /// <summary>Creates a socket of <paramref name="type"/>, owned by the current thread's hub.</summary>
    /// <param name="type">The kind of socket.</param>
    /// <returns>The socket, to close (or dispose) when done.</returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    /// <remarks>gevent: <c>context.socket(zmq.REQ)</c>.</remarks>
    public ZmqSocket Socket(ZmqSocketType type)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ZeroMQ socket type.");
        }

        var hub = Hub.Current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsTerminated, this);
            var handle = ZmqNative.zmq_socket(_handle, (int)type);
            if (handle == 0)
            {
                throw ZmqException.FromLastError($"Creating a {type} socket");
            }

            var socket = new ZmqSocket(this, handle, type, hub);
            _sockets.Add(socket);
            try
            {
                socket.Linger = _defaultLinger;
            }
            catch
            {
                socket.Close();
                throw;
            }

            return socket;
        }
    }

    /// <summary>
    /// Closes the sockets still open on this hub, then terminates the context, waiting (blocking the thread) only
    /// while closed sockets deliver what they still hold, each for at most its linger. Disposing twice does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Sockets of another hub are still open; nothing was closed.</exception>
    /// <remarks>gevent: <c>context.destroy()</c>, then <c>context.term()</c>.</remarks>
    public void Dispose()
    {
        ZmqSocket[] open;
        lock (_gate)
        {
            if (IsTerminated)
            {
                return;
            }

            open = [.. _sockets];
        }

        var hub = Hub.Current;
        var foreign = open.Where(socket => !socket.BelongsTo(hub)).ToArray();
        if (foreign.Length > 0)
        {
            throw new InvalidOperationException(
                $"{foreign.Length} socket(s) of this ZmqContext are still open on other threads' hubs ({string.Join(", ", foreign.Select(s => s.Type))}); close them on their own threads before disposing the context, or termination would wait for them for ever.");
        }

        foreach (var socket in open)
        {
            socket.Close();
        }

        nint handle;
        lock (_gate)
        {
            handle = _handle;
            _handle = 0;
        }

        while (ZmqNative.zmq_ctx_term(handle) != 0 && ZmqNative.zmq_errno() == ZmqNative.EINTR)
        {
        }
    }

    /// <summary>Called by a socket as it closes.</summary>
    internal void Forget(ZmqSocket socket)
    {
        lock (_gate)
        {
            _sockets.Remove(socket);
        }
    }
}
