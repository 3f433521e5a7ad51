using System.IO.Compression;

namespace Greenlets;

/// <summary>
/// Reads one response's body off its connection, as its framing says (<c>Content-Length</c>, chunked, or until the
/// close), decompresses it when the server compressed it, and gives the connection back to its pool at the end.
/// </summary>
internal sealed class ResponseBody
{
    private const int FeedBytes = 16 * 1024;
    private readonly GreenHttpResponse _response;
    private ConnectionPool _pool = null!;
    private RequestClock _clock = null!;
    private ResponseFraming _framing;
    private bool _keepAlive;
    private long _maxBody;
    private ClientConnection? _connection;
    private long _remaining;
    private ChunkedBodyDecoder _chunked;
    private Stream? _decoder;
    private FeedStream? _feed;
    private byte[]? _feedBuffer;
    private bool _rawDone;
    private bool _decoderDone;

    /// <summary>The body reader of <paramref name="response"/>, for each body it receives in turn (<see cref="Start"/>).</summary>
    public ResponseBody(GreenHttpResponse response) => _response = response;

    /// <summary>Starts reading a new body off <paramref name="connection"/>; the previous one has ended or been abandoned.</summary>
    public ResponseBody Start(ClientConnection connection, ConnectionPool pool, RequestClock clock,
        ResponseFraming framing, long length, bool keepAlive, string? contentEncoding, long maxBody)
    {
        (_connection, _pool, _clock, _framing, _remaining, _keepAlive, _maxBody) =
            (connection, pool, clock, framing, length, keepAlive, maxBody);
        (_chunked, _decoder, _feed, _rawDone, _decoderDone) = (default, null, null, false, false);
        if (contentEncoding is not null && framing != ResponseFraming.None)
        {
            _feed = new FeedStream();
            _decoder = contentEncoding.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(_feed, CompressionMode.Decompress),
                "deflate" => new DeflateAutoStream(_feed),
                "br" => new BrotliStream(_feed, CompressionMode.Decompress),
                _ => null,
            };
            _feed = _decoder is null ? null : _feed;
        }

        if (framing == ResponseFraming.None || (framing == ResponseFraming.ContentLength && length == 0))
        {
            Finish();
        }

        return this;
    }

    public bool IsComplete => _connection is null && _rawDone && (_decoder is null || _decoderDone);

    /// <summary>Reads decoded bytes: the count, 0 at the end of the body.</summary>
    public async GreenTask<int> ReadAsync(Memory<byte> into)
    {
        if (into.IsEmpty)
        {
            return 0;
        }

        try
        {
            if (_decoder is null)
            {
                return await ReadRawAsync(into);
            }

            while (true)
            {
                int n;
                try
                {
                    n = _decoder.Read(into.Span);
                }
                catch (InvalidDataException e)
                {
                    throw new GreenHttpProtocolException(_response.Url, $"the {_response.Headers["Content-Encoding"]} body does not decode", e);
                }

                if (n > 0 || _rawDone)
                {
                    _decoderDone = n == 0;
                    return n;
                }

                _feedBuffer ??= new byte[FeedBytes];
                var raw = await ReadRawAsync(_feedBuffer);
                _feed!.Set(_feedBuffer, raw);
            }
        }
        catch (Exception e)
        {
            // Whatever ended the read (a kill included) ends the connection too: its slot goes back to the pool.
            Abandon();
            if (e is IOException)
            {
                throw new GreenHttpException($"the connection was lost while reading the body from {_response.Url}: {e.Message}", _response.Url, e);
            }

            throw;
        }
    }

    /// <summary>
    /// Reads the rest of the body into one array, up to the client's limit: into <paramref name="spare"/> when the body
    /// has a known length that is its length (a response filled again with a body as long as the last).
    /// </summary>
    public async GreenTask<byte[]> ReadToEndAsync(byte[]? spare = null)
    {
        if (_decoder is null && _framing == ResponseFraming.ContentLength && _remaining <= _maxBody && !_rawDone)
        {
            var exact = spare is not null && spare.Length == _remaining ? spare : new byte[_remaining];
            var filled = 0;
            while (filled < exact.Length)
            {
                filled += await ReadAsync(exact.AsMemory(filled));
            }

            return exact;
        }

        var buffer = IsComplete ? [] : new byte[8192];
        var length = 0;
        while (!IsComplete)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var n = await ReadAsync(buffer.AsMemory(length));
            if (n == 0)
            {
                break;
            }

            length += n;
            if (length > _maxBody)
            {
                Abandon();
                throw new GreenHttpProtocolException(_response.Url, $"the body is larger than the limit of {_maxBody} bytes");
            }
        }

        return length == buffer.Length ? buffer : buffer[..length];
    }

    /// <summary>Lets the connection go before the end of the body: closed, never reused.</summary>
    public void Abandon()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            _rawDone = _decoderDone = true;
            _pool.Return(connection, keepAlive: false);
        }

        _decoder?.Dispose();
    }

    private async GreenTask<int> ReadRawAsync(Memory<byte> into)
    {
        var connection = _connection;
        if (connection is null)
        {
            return 0;
        }

        switch (_framing)
        {
            case ResponseFraming.ContentLength:
                {
                    var room = into[..(int)Math.Min(into.Length, _remaining)];
                    int n;
                    if (connection.Buffered > 0)
                    {
                        n = Math.Min(room.Length, connection.Buffered);
                        connection.Unread[..n].CopyTo(room.Span);
                        connection.Start += n;
                    }
                    else
                    {
                        n = await connection.ReceiveAsync(room, _clock);
                        if (n == 0)
                        {
                            throw new GreenHttpProtocolException(_response.Url, $"the connection closed {_remaining} bytes before the end of the body");
                        }
                    }

                    _remaining -= n;
                    if (_remaining == 0)
                    {
                        Finish();
                    }

                    return n;
                }

            case ResponseFraming.Chunked:
                while (true)
                {
                    if (connection.Buffered > 0)
                    {
                        int consumed, written;
                        try
                        {
                            _chunked.Decode(connection.Unread, into.Span, long.MaxValue, out consumed, out written);
                        }
                        catch (GreenHttpProtocolException e)
                        {
                            throw new GreenHttpProtocolException(_response.Url, $"a malformed chunked body ({e.Message})", e);
                        }

                        connection.Start += consumed;
                        if (_chunked.IsDone)
                        {
                            Finish();
                        }

                        if (written > 0 || _chunked.IsDone)
                        {
                            return written;
                        }

                        continue;
                    }

                    connection.Start = connection.End = 0;
                    if (await connection.FillAsync(_clock) == 0)
                    {
                        throw new GreenHttpProtocolException(_response.Url, "the connection closed before the last chunk");
                    }
                }

            default: // until the close
                {
                    int n;
                    if (connection.Buffered > 0)
                    {
                        n = Math.Min(into.Length, connection.Buffered);
                        connection.Unread[..n].CopyTo(into.Span);
                        connection.Start += n;
                        return n;
                    }

                    n = await connection.ReceiveAsync(into, _clock);
                    if (n == 0)
                    {
                        Finish();
                    }

                    return n;
                }
        }
    }

    private void Finish()
    {
        _rawDone = true;
        if (_connection is { } connection)
        {
            _connection = null;
            // Bytes after the body that nobody asked for: the connection is out of step; do not reuse it.
            _pool.Return(connection, _keepAlive && connection.Buffered == 0);
        }
    }

    /// <summary>A read-only stream over the raw bytes most recently read, which a decompressor pulls from.</summary>
    private sealed class FeedStream : ReadOnlyStream
    {
        private byte[] _bytes = [];
        private int _start, _end;

        public void Set(byte[] bytes, int count) => (_bytes, _start, _end) = (bytes, 0, count);

        // Empty means "nothing more yet": the decompressor then returns 0 and keeps its state, and is asked again
        // once more raw bytes have arrived (checked for gzip, zlib, raw deflate and brotli).
        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _end - _start);
            _bytes.AsSpan(_start, n).CopyTo(buffer);
            _start += n;
            return n;
        }

    }

    /// <summary>
    /// HTTP's <c>deflate</c> is zlib (RFC 9110 section 8.4.1.2), but some servers send raw deflate: the first two
    /// bytes tell them apart (a zlib header is a multiple of 31, with method 8).
    /// </summary>
    private sealed class DeflateAutoStream(FeedStream feed) : ReadOnlyStream
    {
        private readonly byte[] _head = new byte[2];
        private Stream? _inner;
        private int _have;

        public override int Read(Span<byte> buffer)
        {
            if (_inner is null)
            {
                _have += feed.Read(_head.AsSpan(_have));
                if (_have < 2)
                {
                    return 0;
                }

                var isZlib = (_head[0] & 0x0f) == 8 && ((_head[0] << 8) | _head[1]) % 31 == 0;
                var source = new Prefixed(_head, feed);
                _inner = isZlib ? new ZLibStream(source, CompressionMode.Decompress) : new DeflateStream(source, CompressionMode.Decompress);
            }

            return _inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            _inner?.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The two sniffed bytes, then the feed.</summary>
    private sealed class Prefixed(byte[] prefix, Stream rest) : ReadOnlyStream
    {
        private int _used;

        public override int Read(Span<byte> buffer)
        {
            if (_used < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _used);
                prefix.AsSpan(_used, n).CopyTo(buffer);
                _used += n;
                return n;
            }

            return rest.Read(buffer);
        }

    }

    /// <summary>What the three streams above share: read-only, forward-only, every read through the span overload.</summary>
    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public abstract override int Read(Span<byte> buffer);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
