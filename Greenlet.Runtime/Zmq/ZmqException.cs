namespace Greenlets;

/// <summary>A libzmq call failed: <see cref="ErrorCode"/> is libzmq's error number, the message its text.</summary>
/// <remarks>gevent: <c>zmq.ZMQError</c>.</remarks>
public class ZmqException : IOException
{
    /// <summary>Creates the exception for libzmq error <paramref name="errorCode"/>.</summary>
    /// <param name="errorCode">libzmq's error number (an errno, or one of libzmq's own such as EFSM).</param>
    /// <param name="message">What failed, with libzmq's text for the error.</param>
    public ZmqException(int errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>libzmq's error number: an errno (EAGAIN is 11), or one of libzmq's own (EFSM, ETERM).</summary>
    public int ErrorCode { get; }

    /// <summary>The exception for the error libzmq reports now, for the operation named.</summary>
    internal static ZmqException FromLastError(string operation)
    {
        var error = ZmqNative.zmq_errno();
        return new ZmqException(error, $"{operation} failed: {ZmqNative.ErrorText(error)} (libzmq error {error}).");
    }
}

/// <summary>
/// A send or receive did not complete within the socket's <see cref="ZmqSocket.SendTimeout"/> or
/// <see cref="ZmqSocket.ReceiveTimeout"/> (measured on the hub's clock). The socket stays usable.
/// </summary>
/// <remarks>
/// gevent: <c>zmq.Again</c>, raised when <c>RCVTIMEO</c>/<c>SNDTIMEO</c> expire.
/// <para>A <see cref="TimeoutException"/>, as every timeout of the runtime is, and so not a <see cref="ZmqException"/>
/// (pyzmq's <c>Again</c> is a <c>ZMQError</c>): catch <see cref="TimeoutException"/> for timeouts of any kind.
/// <see cref="ErrorCode"/> is still libzmq's EAGAIN.</para>
/// </remarks>
public sealed class ZmqTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for the operation that timed out.</summary>
    /// <param name="operation">The operation, such as "ZmqSocket.Recv".</param>
    /// <param name="timeout">The timeout that passed.</param>
    public ZmqTimeoutException(string operation, GreenDuration timeout)
        : base($"{operation} timed out after {timeout.Seconds} s.")
    {
        Timeout = timeout;
    }

    /// <summary>libzmq's error number for a timed-out send or receive: EAGAIN (11).</summary>
    public int ErrorCode => ZmqNative.EAGAIN;

    /// <summary>The timeout that passed.</summary>
    public GreenDuration Timeout { get; }
}
