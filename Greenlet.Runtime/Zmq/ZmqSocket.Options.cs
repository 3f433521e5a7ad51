using System.Text;

namespace Greenlets;

public sealed partial class ZmqSocket
{
    /// <summary>
    /// How long, at the most, messages still unsent when the socket closes are kept for delivery; null keeps them
    /// for ever, <see cref="TimeSpan.Zero"/> drops them at once. A new socket has its context's
    /// <see cref="ZmqContext.DefaultLinger"/>.
    /// </summary>
    /// <remarks>gevent: <c>socket.linger</c> (<c>ZMQ_LINGER</c>, in milliseconds, -1 for ever).</remarks>
    public TimeSpan? Linger
    {
        get => GetInt32Option(ZmqNative.ZMQ_LINGER) is var ms and >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
        set => SetOption(ZmqNative.ZMQ_LINGER, value is { } linger ? Milliseconds(linger, nameof(Linger)) : -1);
    }

    /// <summary>How many outgoing messages may queue per peer before sends wait (or, for PUB, drop); 0 for no limit.</summary>
    /// <remarks>gevent: <c>socket.sndhwm</c>.</remarks>
    public int SendHighWaterMark
    {
        get => GetInt32Option(ZmqNative.ZMQ_SNDHWM);
        set => SetOption(ZmqNative.ZMQ_SNDHWM, NotNegative(value, nameof(SendHighWaterMark)));
    }

    /// <summary>How many incoming messages may queue per peer before libzmq stops reading from it; 0 for no limit.</summary>
    /// <remarks>gevent: <c>socket.rcvhwm</c>.</remarks>
    public int ReceiveHighWaterMark
    {
        get => GetInt32Option(ZmqNative.ZMQ_RCVHWM);
        set => SetOption(ZmqNative.ZMQ_RCVHWM, NotNegative(value, nameof(ReceiveHighWaterMark)));
    }

    /// <summary>
    /// The routing id (identity) this socket presents to a ROUTER peer: 1 to 255 bytes, not starting with a zero
    /// byte. Set it before <see cref="Connect"/> or <see cref="Bind"/>. Empty when none was set.
    /// </summary>
    /// <remarks>gevent: <c>socket.identity</c>, <c>socket.routing_id</c>.</remarks>
    public byte[] RoutingId
    {
        get
        {
            Span<byte> buffer = stackalloc byte[255];
            return GetBytesOption(ZmqNative.ZMQ_ROUTING_ID, buffer).ToArray();
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length is 0 or > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value.Length, "A routing id has 1 to 255 bytes.");
            }

            SetOption(ZmqNative.ZMQ_ROUTING_ID, value);
        }
    }

    /// <summary>The endpoint last bound or connected, with the port libzmq chose for a <c>*</c> port.</summary>
    /// <remarks>gevent: <c>socket.last_endpoint</c>.</remarks>
    public string LastEndpoint
    {
        get
        {
            Span<byte> buffer = stackalloc byte[1024];
            var value = GetBytesOption(ZmqNative.ZMQ_LAST_ENDPOINT, buffer);
            return Encoding.UTF8.GetString(value.Length > 0 && value[^1] == 0 ? value[..^1] : value);
        }
    }

    /// <summary>True when the frame received last has more frames after it, in the same message.</summary>
    /// <remarks>gevent: <c>socket.rcvmore</c>.</remarks>
    public bool HasMoreParts => GetInt32Option(ZmqNative.ZMQ_RCVMORE) != 0;

    /// <summary>Queue messages only to peers whose connection is complete (no queueing for a peer still connecting).</summary>
    /// <remarks>gevent: <c>socket.immediate</c>.</remarks>
    public bool Immediate
    {
        get => GetInt32Option(ZmqNative.ZMQ_IMMEDIATE) != 0;
        set => SetOption(ZmqNative.ZMQ_IMMEDIATE, value ? 1 : 0);
    }

    /// <summary>The largest message accepted from a peer, in bytes (a bigger one drops the connection); null for no limit.</summary>
    /// <remarks>gevent: <c>socket.maxmsgsize</c>.</remarks>
    public long? MaxMessageSize
    {
        get => GetInt64Option(ZmqNative.ZMQ_MAXMSGSIZE) is var size and >= 0 ? size : null;
        set => SetOption(ZmqNative.ZMQ_MAXMSGSIZE, value is { } size ? NotNegative(size, nameof(MaxMessageSize)) : -1L);
    }

    /// <summary>
    /// How long a send may wait (on the hub's clock) before it throws <see cref="ZmqTimeoutException"/>, in seconds or
    /// as a <see cref="TimeSpan"/>; null (or <see cref="Timeout.InfiniteTimeSpan"/>) waits as long as it takes, zero never waits.
    /// </summary>
    /// <remarks>gevent: <c>socket.sndtimeo</c> (there in milliseconds), raising <c>zmq.Again</c>.</remarks>
    public GreenDuration? SendTimeout
    {
        get => _sendTimeout;
        set => _sendTimeout = TimeoutSpan(value, nameof(SendTimeout));
    }

    /// <summary>
    /// How long a receive may wait (on the hub's clock) before it throws <see cref="ZmqTimeoutException"/>, in seconds
    /// or as a <see cref="TimeSpan"/>; null (or <see cref="Timeout.InfiniteTimeSpan"/>) waits as long as it takes, zero never waits.
    /// </summary>
    /// <remarks>gevent: <c>socket.rcvtimeo</c> (there in milliseconds), raising <c>zmq.Again</c>.</remarks>
    public GreenDuration? ReceiveTimeout
    {
        get => _receiveTimeout;
        set => _receiveTimeout = TimeoutSpan(value, nameof(ReceiveTimeout));
    }

    /// <summary>For a SUB socket: receive the messages that start with <paramref name="topic"/> (UTF-8); "" receives all.</summary>
    /// <param name="topic">The prefix to match.</param>
    /// <remarks>gevent: <c>socket.setsockopt_string(zmq.SUBSCRIBE, topic)</c>, <c>socket.subscribe(topic)</c>.</remarks>
    public void Subscribe(string topic) => SetOption(ZmqNative.ZMQ_SUBSCRIBE, Encoding.UTF8.GetBytes(topic));

    /// <summary>For a SUB socket: receive the messages that start with <paramref name="prefix"/>; empty receives all.</summary>
    /// <param name="prefix">The bytes to match.</param>
    /// <remarks>gevent: <c>socket.setsockopt(zmq.SUBSCRIBE, prefix)</c>.</remarks>
    public void Subscribe(ReadOnlySpan<byte> prefix) => SetOption(ZmqNative.ZMQ_SUBSCRIBE, prefix);

    /// <summary>For a SUB socket: undoes one <see cref="Subscribe(string)"/> of the same topic.</summary>
    /// <param name="topic">The prefix subscribed to.</param>
    /// <remarks>gevent: <c>socket.unsubscribe(topic)</c>.</remarks>
    public void Unsubscribe(string topic) => SetOption(ZmqNative.ZMQ_UNSUBSCRIBE, Encoding.UTF8.GetBytes(topic));

    /// <summary>For a SUB socket: undoes one <see cref="Subscribe(ReadOnlySpan{byte})"/> of the same prefix.</summary>
    /// <param name="prefix">The bytes subscribed to.</param>
    /// <remarks>gevent: <c>socket.setsockopt(zmq.UNSUBSCRIBE, prefix)</c>.</remarks>
    public void Unsubscribe(ReadOnlySpan<byte> prefix) => SetOption(ZmqNative.ZMQ_UNSUBSCRIBE, prefix);

    /// <summary>Sets an integer option by its libzmq number (<c>ZMQ_*</c> in zmq.h), for options without a property.</summary>
    /// <param name="option">The option's number.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ZmqException">libzmq refused the option or the value.</exception>
    /// <remarks>gevent: <c>socket.setsockopt(option, value)</c>.</remarks>
    public unsafe void SetOption(int option, int value) => CheckOption(ZmqNative.zmq_setsockopt(Handle, option, &value, sizeof(int)), option);

    /// <summary>Sets a 64-bit integer option by its libzmq number.</summary>
    /// <param name="option">The option's number.</param>
    /// <param name="value">Its value.</param>
    /// <remarks>gevent: <c>socket.setsockopt(option, value)</c>.</remarks>
    public unsafe void SetOption(int option, long value) => CheckOption(ZmqNative.zmq_setsockopt(Handle, option, &value, sizeof(long)), option);

    /// <summary>Sets a binary option by its libzmq number.</summary>
    /// <param name="option">The option's number.</param>
    /// <param name="value">Its bytes.</param>
    /// <remarks>gevent: <c>socket.setsockopt(option, value)</c>.</remarks>
    public unsafe void SetOption(int option, ReadOnlySpan<byte> value)
    {
        var handle = Handle;
        fixed (byte* bytes = value)
        {
            CheckOption(ZmqNative.zmq_setsockopt(handle, option, bytes, (nuint)value.Length), option);
        }
    }

    /// <summary>Reads an integer option by its libzmq number.</summary>
    /// <param name="option">The option's number.</param>
    /// <returns>Its value.</returns>
    /// <remarks>gevent: <c>socket.getsockopt(option)</c>.</remarks>
    public unsafe int GetInt32Option(int option)
    {
        int value;
        nuint length = sizeof(int);
        CheckOption(ZmqNative.zmq_getsockopt(Handle, option, &value, &length), option);
        return value;
    }

    /// <summary>Reads a 64-bit integer option by its libzmq number.</summary>
    /// <param name="option">The option's number.</param>
    /// <returns>Its value.</returns>
    /// <remarks>gevent: <c>socket.getsockopt(option)</c>.</remarks>
    public unsafe long GetInt64Option(int option)
    {
        long value;
        nuint length = sizeof(long);
        CheckOption(ZmqNative.zmq_getsockopt(Handle, option, &value, &length), option);
        return value;
    }

    /// <summary>Reads a binary option by its libzmq number into <paramref name="buffer"/>.</summary>
    /// <param name="option">The option's number.</param>
    /// <param name="buffer">Room for the value.</param>
    /// <returns>The part of <paramref name="buffer"/> that holds it.</returns>
    /// <remarks>gevent: <c>socket.getsockopt(option)</c>.</remarks>
    public unsafe Span<byte> GetBytesOption(int option, Span<byte> buffer)
    {
        var handle = Handle;
        var length = (nuint)buffer.Length;
        fixed (byte* bytes = buffer)
        {
            CheckOption(ZmqNative.zmq_getsockopt(handle, option, bytes, &length), option);
        }

        return buffer[..(int)length];
    }

    /// <summary>ZMQ_EVENTS: whether a send (<see cref="ZmqNative.ZMQ_POLLOUT"/>) or receive (POLLIN) would go through now.</summary>
    private int Events() => GetInt32Option(ZmqNative.ZMQ_EVENTS);

    private static void CheckOption(int result, int option)
    {
        if (result != 0)
        {
            var error = ZmqNative.zmq_errno();
            throw new ZmqException(error, $"Socket option {option} was refused: {ZmqNative.ErrorText(error)} (libzmq error {error}).");
        }
    }

    private static int Milliseconds(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(name, value, "Give a time from zero to int.MaxValue milliseconds, or null for no limit.");
        }

        return (int)Math.Ceiling(value.TotalMilliseconds);
    }

    /// <summary>A send or receive timeout as the hub's clock counts it: null waits as long as it takes.</summary>
    private static TimeSpan? TimeoutSpan(GreenDuration? value, string name)
    {
        if (value.InSeconds() is not { } seconds)
        {
            return null;
        }

        // Capped far beyond any real wait, so that a deadline on the hub's clock cannot overflow.
        return seconds >= 0
            ? TimeSpan.FromTicks((long)Math.Min(seconds * TimeSpan.TicksPerSecond, long.MaxValue / 4))
            : throw new ArgumentOutOfRangeException(name, value, "A timeout cannot be negative; null waits as long as it takes.");
    }

    private static T NotNegative<T>(T value, string name)
        where T : System.Numerics.INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }
}
