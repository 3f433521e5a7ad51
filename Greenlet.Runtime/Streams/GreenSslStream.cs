using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

/// <summary>
/// gevent: <c>gevent.ssl.SSLSocket</c> (<c>SSLContext.wrap_socket</c>). TLS over another green stream: a socket's
/// (<see cref="GreenSocket.GetStream"/>), an in-memory pair's, anything that is a <see cref="GreenStream"/>. The
/// handshake and every record run on the hub thread, in the greenlet that reads or writes: .NET's
/// <see cref="SslStream"/> does the TLS, over an inner stream whose async calls complete inline, so no thread-pool
/// work item runs and no greenlet pumps.
/// </summary>
/// <remarks>
/// <para>
/// Authenticate first (<see cref="AuthenticateAsServer"/> or <see cref="AuthenticateAsClient"/>), then read and
/// write as on any green stream. A handshake that fails closes the stream (and the inner one unless it was left
/// open) and raises <see cref="GreenSslException"/>, which says why: an expired or untrusted certificate, a
/// certificate for another host, a peer that did not speak TLS.
/// </para>
/// <para>
/// A write returns once its records are with the transport, as a socket's does once the kernel has the bytes.
/// Closing sends close_notify when the transport takes it at once. One greenlet at a time may read, and one may write.
/// </para>
/// </remarks>
public sealed partial class GreenSslStream : GreenStream
{
    private const int MaxRecordPlaintext = 16 * 1024;
    private const int PlainBufferBytes = 16 * 1024;

    private readonly GreenStream _inner;
    private readonly bool _leaveInnerStreamOpen;
    private readonly InlineTransport _transport;
    private readonly SslStream _ssl;
    private ValueTask<int> _pending;
    private ReadKind _readKind;
    private byte[]? _plain;
    private int _plainStart, _plainEnd;
    private int _heldCount;
    private bool _atEnd;
    private bool _closed;
    private bool _shutdownSent;
    private bool _innerShutdownPending;

    /// <summary>
    /// gevent: <c>SSLContext.wrap_socket(sock, do_handshake_on_connect=False)</c>. Wraps <paramref name="inner"/>;
    /// nothing is sent until <see cref="AuthenticateAsServer"/> or <see cref="AuthenticateAsClient"/>.
    /// </summary>
    /// <param name="inner">The transport: the stream the encrypted records go over.</param>
    /// <param name="leaveInnerStreamOpen">True to leave <paramref name="inner"/> open when this stream closes.</param>
    public GreenSslStream(GreenStream inner, bool leaveInnerStreamOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _leaveInnerStreamOpen = leaveInnerStreamOpen;
        _transport = new InlineTransport(inner);
        _ssl = new SslStream(_transport, leaveInnerStreamOpen: true);
    }

    private enum ReadKind : byte
    {
        None,

        /// <summary>A zero-byte read: it completes once SslStream has decrypted bytes (or the end), holding no buffer meanwhile.</summary>
        Probe,

        /// <summary>A read into <see cref="_plain"/>.</summary>
        Fill,
    }

    /// <summary>The stream the encrypted records go over.</summary>
    public GreenStream InnerStream => _inner;

    /// <summary>The longest a read or a write waits: the inner stream's <see cref="GreenStream.Timeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public override GreenDuration? Timeout
    {
        get => _inner.Timeout;
        set => _inner.Timeout = value;
    }

    /// <inheritdoc/>
    public override bool IsClosed => _closed;

    /// <summary>True once the handshake has succeeded.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>gevent: <c>SSLSocket.version()</c>. The protocol the handshake agreed on (TLS 1.2, TLS 1.3).</summary>
    public SslProtocols SslProtocol => _ssl.SslProtocol;

    /// <summary>gevent: <c>SSLSocket.selected_alpn_protocol()</c>. The ALPN protocol agreed on; default when none was.</summary>
    public SslApplicationProtocol NegotiatedApplicationProtocol => _ssl.NegotiatedApplicationProtocol;

    /// <summary>gevent: <c>SSLSocket.getpeercert()</c>. The peer's certificate, if it sent one.</summary>
    public X509Certificate? RemoteCertificate => _ssl.RemoteCertificate;

    /// <summary>gevent: <c>SSLSocket.server_hostname</c>. The name the client asked for (SNI), on either side.</summary>
    public string TargetHostName => _ssl.TargetHostName;

    /// <summary>
    /// gevent: <c>SSLSocket.shutdown(SHUT_WR)</c> after <c>unwrap()</c>. Sends close_notify, then ends the inner
    /// stream's writing side (once the transport has taken every record). Reading goes on.
    /// </summary>
    /// <exception cref="IOException">The connection was reset or closed.</exception>
    public override void ShutdownWrite()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        EnsureAuthenticated();
        if (_shutdownSent)
        {
            return;
        }

        _shutdownSent = true;
        SendCloseNotify();
        _innerShutdownPending = true;
        FinishShutdownIfFlushed();
    }

    /// <inheritdoc/>
    public override string ToString() => $"GreenSslStream({_inner}{(_closed ? ", closed" : string.Empty)})";

    internal override int ReceiveAvailable(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _closed)
        {
            return 0;
        }

        EnsureAuthenticated();
        FlushQuietly();
        while (true)
        {
            if (_plainEnd > _plainStart)
            {
                return TakePlain(buffer);
            }

            if (_atEnd)
            {
                return 0;
            }

            if (_readKind == ReadKind.None)
            {
                StartRead(ReadKind.Probe);
            }

            while (!_pending.IsCompleted && _transport.TryCompletePendingRead())
            {
            }

            if (!_pending.IsCompleted)
            {
                return -1;
            }

            var kind = _readKind;
            var n = TakeReadResult();
            if (kind == ReadKind.Probe)
            {
                StartRead(ReadKind.Fill); // decrypted bytes (or the end) are there: this read completes at once
            }
            else if (n == 0)
            {
                _atEnd = true;
                ReturnPlain();
            }
            else
            {
                _plainStart = 0;
                _plainEnd = n;
            }
        }
    }

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout) =>
        _plainEnd > _plainStart || _atEnd || _closed || (_readKind != ReadKind.None && _pending.IsCompleted)
            ? new GreenAwaitable<bool>(true)
            : _inner.WaitReadableAsync(timeout);

    internal override int SendAvailable(ReadOnlySpan<byte> data)
    {
        if (_closed)
        {
            throw new IOException("send failed: the stream is closed");
        }

        EnsureAuthenticated();
        if (!_transport.TryFlush())
        {
            return -1;
        }

        FinishShutdownIfFlushed();
        if (_heldCount > 0)
        {
            // The records of the last call are all with the transport now: report its bytes as sent.
            var held = _heldCount;
            _heldCount = 0;
            return held;
        }

        if (data.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(data.Length, MaxRecordPlaintext);
        var chunk = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            data[..count].CopyTo(chunk);
            var write = _ssl.WriteAsync(chunk.AsMemory(0, count));
            if (!write.IsCompleted)
            {
                throw new IOException("TLS could not encrypt at once (a renegotiation is in progress); a green stream does not renegotiate.");
            }

            write.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"send failed: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (_transport.HasBacklog)
        {
            // Encrypted, but not all with the transport: report the bytes once it has taken the rest, so that a
            // write never returns with its end still here (a caller that closes next would lose it).
            _heldCount = count;
            return -1;
        }

        return count;
    }

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => _inner.WaitWritableAsync(timeout);

    internal override void Abort() => _inner.Abort();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            if (IsAuthenticated && !_shutdownSent)
            {
                try
                {
                    _shutdownSent = true;
                    SendCloseNotify(); // best effort: sent if the transport takes it now
                }
                catch (IOException)
                {
                }
            }

            FlushQuietly();
            _transport.CompletePending(new ObjectDisposedException(nameof(GreenSslStream))); // SslStream's pending read unwinds here
            if (_readKind != ReadKind.None)
            {
                try
                {
                    TakeReadResult();
                }
                catch (IOException)
                {
                }
            }

            ObserveHandshake();
            _ssl.Dispose();
            _transport.Dispose();
            ReturnPlain();
            if (!_leaveInnerStreamOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void EnsureAuthenticated()
    {
        if (!IsAuthenticated)
        {
            throw new InvalidOperationException("Authenticate the TLS stream first (AuthenticateAsServer or AuthenticateAsClient).");
        }
    }

    private void StartRead(ReadKind kind)
    {
        Memory<byte> buffer = default;
        if (kind == ReadKind.Fill)
        {
            _plain ??= ArrayPool<byte>.Shared.Rent(PlainBufferBytes);
            buffer = _plain;
        }

        _readKind = kind;
        try
        {
            _pending = _ssl.ReadAsync(buffer);
        }
        catch (Exception e)
        {
            _pending = ValueTask.FromException<int>(e);
        }
    }

    /// <summary>Collects the completed read's result (exactly once, as a pooled ValueTask requires).</summary>
    private int TakeReadResult()
    {
        var pending = _pending;
        _pending = default;
        _readKind = ReadKind.None;
        try
        {
            return pending.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"TLS read failed: {e.Message}", e);
        }
    }

    private int TakePlain(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _plainEnd - _plainStart);
        _plain.AsSpan(_plainStart, n).CopyTo(buffer);
        _plainStart += n;
        if (_plainStart == _plainEnd)
        {
            ReturnPlain(); // an idle connection holds no buffer
        }

        return n;
    }

    private void ReturnPlain()
    {
        if (_plain is not null)
        {
            ArrayPool<byte>.Shared.Return(_plain);
            _plain = null;
        }

        _plainStart = _plainEnd = 0;
    }

    private void SendCloseNotify()
    {
        Task shutdown;
        try
        {
            shutdown = _ssl.ShutdownAsync(); // its write completes inline: the record goes to the transport or the backlog
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"close_notify failed: {e.Message}", e); // the stream failed before (a bad record, a reset)
        }

        if (!shutdown.IsCompleted)
        {
            throw new IOException("close_notify could not be written at once.");
        }

        if (shutdown.Exception is { } error)
        {
            throw new IOException($"close_notify failed: {error.InnerException?.Message}", error.InnerException);
        }
    }

    /// <summary>Sends what the transport takes of the backlog; errors surface on the next write, not here.</summary>
    private void FlushQuietly()
    {
        try
        {
            if (_transport.TryFlush())
            {
                FinishShutdownIfFlushed();
            }
        }
        catch (IOException)
        {
        }
    }

    private void FinishShutdownIfFlushed()
    {
        if (_innerShutdownPending && !_transport.HasBacklog)
        {
            _innerShutdownPending = false;
            _inner.ShutdownWrite();
        }
    }
}
