using System.ComponentModel;

namespace Greenlets;

/// <summary>
/// gevent: a connected <c>socket</c>, <c>SSLSocket</c> or <c>socket.makefile('rwb')</c>; trio: <c>trio.abc.Stream</c>.
/// A byte stream whose reads and writes suspend only the calling greenlet: a socket (<see cref="GreenSocket.GetStream"/>),
/// TLS over another green stream, or one end of an in-memory pair
/// (<see cref="CreatePair"/>). The HTTP server and client and WebSockets are written against this type, so any of
/// them can stand where a socket stands.
/// </summary>
/// <remarks>
/// <para>
/// It is a <see cref="Stream"/>, so code written for streams takes it, but only its cooperative members wait well:
/// <see cref="Read(byte[], int, int)"/>, <see cref="Read(Memory{byte})"/>, <see cref="Write(byte[], int, int)"/>,
/// <see cref="Write(ReadOnlyMemory{byte})"/> and their overloads, which <c>[Greenlet]</c> code awaits. A
/// <see cref="Span{T}"/> overload cannot cross a suspension: it completes when the data is there at once and
/// otherwise waits as a blocking call (the main greenlet only). The <c>…Async</c> members of <see cref="Stream"/>
/// are refused: they would hand the stream to the thread pool.
/// </para>
/// <para>
/// A read returns what has arrived, at least one byte, and 0 at the end of the stream (the peer closed or reset its
/// end). A write sends every byte (gevent's <c>sendall</c>). Each wait is bounded by <see cref="Timeout"/> and
/// raises <see cref="SocketTimeoutException"/>. One greenlet at a time may read, and one may write.
/// </para>
/// </remarks>
public abstract partial class GreenStream : Stream
{
    private const string ReadOperation = "GreenStream.Read";
    private const string WriteOperation = "GreenStream.Write";

    /// <summary>Only this library makes green streams: each kind is a transport the hub knows how to wait on.</summary>
    private protected GreenStream()
    {
    }

    /// <summary>
    /// gevent: <c>socket.settimeout()</c>. The longest a read or a write waits, or null for no bound. A socket's
    /// stream shares its socket's <see cref="GreenSocket.Timeout"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public abstract GreenDuration? Timeout { get; set; }

    /// <inheritdoc/>
    public override bool CanRead => !IsClosed;

    /// <inheritdoc/>
    public override bool CanWrite => !IsClosed;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanTimeout => true;

    /// <summary>Not supported: a stream of this kind has no length.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException("A green stream has no length.");

    /// <summary>Not supported: a stream of this kind has no position.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Position
    {
        get => throw new NotSupportedException("A green stream has no position.");
        set => throw new NotSupportedException("A green stream has no position.");
    }

    /// <summary>True once the stream was closed (disposed) on this side.</summary>
    public abstract bool IsClosed { get; }

    /// <summary>
    /// gevent: <c>socketpair()</c>; trio: <c>trio.testing.memory_stream_pair()</c>. Two connected in-memory streams
    /// on the calling thread's hub: what one writes the other reads. For tests, and for protocol code that needs no
    /// kernel. Each direction buffers up to <paramref name="capacity"/> bytes before a writer waits.
    /// </summary>
    /// <param name="capacity">The bytes each direction holds before a write waits for the reader.</param>
    /// <returns>The two ends.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public static (GreenStream First, GreenStream Second) CreatePair(int capacity = 65536) => InMemoryStream.CreateConnectedPair(capacity);

    /// <summary>
    /// gevent: <c>file.read(n)</c> on <c>makefile()</c>, <c>socket.recv_into()</c>. Reads what has arrived, up to
    /// <paramref name="count"/> bytes, waiting up to <see cref="Timeout"/> for the first.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/> they start.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The bytes read; 0 at the end of the stream.</returns>
    /// <exception cref="SocketTimeoutException">Nothing arrived in time.</exception>
    [Cooperative(nameof(ReadAwaitable))]
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(new Memory<byte>(buffer, offset, count));
    }

    /// <inheritdoc cref="Read(byte[], int, int)"/>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(Memory<byte> buffer) => Read(buffer.Span);

    /// <inheritdoc cref="Read(byte[], int, int)"/>
    [Cooperative(nameof(ReadAwaitable))]
    public int Read(byte[] buffer) => Read(buffer.AsSpan());

    /// <summary>Reads what has arrived; waits as a blocking call (the main greenlet only) when nothing has.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The bytes read; 0 at the end of the stream.</returns>
    public override int Read(Span<byte> buffer)
    {
        var timeout = Timeout.InSeconds();
        while (true)
        {
            var n = ReceiveAvailable(buffer);
            if (n >= 0)
            {
                return n;
            }

            var hub = Hub.Current.BeginBlockingCall(ReadOperation);
            if (!WaitReadableAsync(timeout).Block(hub))
            {
                throw new SocketTimeoutException(ReadOperation, timeout ?? 0);
            }
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read(byte[], int, int)"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/> they start.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAwaitable(new Memory<byte>(buffer, offset, count));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read(byte[])"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(byte[] buffer) => ReadAwaitable(new Memory<byte>(buffer));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Read(Memory{byte})"/> instead.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<int> ReadAwaitable(Memory<byte> buffer)
    {
        var n = ReceiveAvailable(buffer.Span);
        return n >= 0 ? new GreenTask<int>(n) : WaitToReceiveAsync(buffer, Timeout.InSeconds(), ReadOperation);
    }

    /// <summary>
    /// gevent: <c>socket.sendall(data)</c>, <c>file.write(data)</c> then <c>flush()</c>. Writes every byte, each wait
    /// for room bounded by <see cref="Timeout"/>. On a timeout or error some of the bytes may have been sent.
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/> they start.</param>
    /// <param name="count">How many to write.</param>
    /// <exception cref="SocketTimeoutException">The peer took nothing for <see cref="Timeout"/>.</exception>
    /// <exception cref="IOException">The connection was reset or closed.</exception>
    [Cooperative(nameof(WriteAwaitable))]
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(new ReadOnlySpan<byte>(buffer, offset, count));
    }

    /// <inheritdoc cref="Write(byte[], int, int)"/>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(ReadOnlyMemory<byte> buffer) => Write(buffer.Span);

    /// <inheritdoc cref="Write(byte[], int, int)"/>
    [Cooperative(nameof(WriteAwaitable))]
    public void Write(byte[] buffer) => Write(buffer.AsSpan());

    /// <summary>Writes every byte; waits as a blocking call (the main greenlet only) when the peer is not taking them.</summary>
    /// <param name="buffer">The bytes.</param>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var timeout = Timeout.InSeconds();
        while (!buffer.IsEmpty)
        {
            var sent = SendAvailable(buffer);
            if (sent >= 0)
            {
                buffer = buffer[sent..];
                continue;
            }

            var hub = Hub.Current.BeginBlockingCall(WriteOperation);
            if (!WaitWritableAsync(timeout).Block(hub))
            {
                throw new SocketTimeoutException(WriteOperation, timeout ?? 0);
            }
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write(byte[], int, int)"/> instead.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/> they start.</param>
    /// <param name="count">How many to write.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask WriteAwaitable(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAwaitable(new ReadOnlyMemory<byte>(buffer, offset, count));
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write(byte[])"/> instead.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask WriteAwaitable(byte[] buffer) => WriteAwaitable(new ReadOnlyMemory<byte>(buffer));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Write(ReadOnlyMemory{byte})"/> instead.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask WriteAwaitable(ReadOnlyMemory<byte> buffer)
    {
        // As SendAllWithinAsync, with the timeout read only for a write that has to wait.
        var sent = buffer.IsEmpty ? 0 : SendAvailable(buffer.Span);
        return sent == buffer.Length ? default : SendRestWithinAsync(sent > 0 ? buffer[sent..] : buffer, Timeout.InSeconds(), WriteOperation);
    }

    /// <summary>Does nothing: every write is sent before it returns.</summary>
    public override void Flush()
    {
    }

    /// <summary>Not supported: a green stream has no position.</summary>
    /// <param name="offset">Unused.</param>
    /// <param name="origin">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A green stream cannot seek.");

    /// <summary>Not supported: a green stream has no length.</summary>
    /// <param name="value">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException("A green stream has no length.");

    /// <summary>Refused: awaiting it would leave the hub. Call <see cref="Read(Memory{byte})"/> from <c>[Greenlet]</c> code.</summary>
    /// <param name="buffer">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw AsyncRefused();

    /// <inheritdoc cref="ReadAsync(Memory{byte}, CancellationToken)"/>
    /// <param name="buffer">Unused.</param>
    /// <param name="offset">Unused.</param>
    /// <param name="count">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw AsyncRefused();

    /// <summary>Refused: awaiting it would leave the hub. Call <see cref="Write(ReadOnlyMemory{byte})"/> from <c>[Greenlet]</c> code.</summary>
    /// <param name="buffer">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw AsyncRefused();

    /// <inheritdoc cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// <param name="buffer">Unused.</param>
    /// <param name="offset">Unused.</param>
    /// <param name="count">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw AsyncRefused();

    /// <summary>
    /// gevent: <c>socket.shutdown(SHUT_WR)</c>. Tells the peer nothing more will be written (it reads the end of the
    /// stream); reading goes on. For TLS it sends close_notify first.
    /// </summary>
    public abstract void ShutdownWrite();

    private static NotSupportedException AsyncRefused() => new(
        "A green stream waits on its hub, not on the thread pool: call Read or Write from [Greenlet] code (they suspend only the greenlet).");
}
