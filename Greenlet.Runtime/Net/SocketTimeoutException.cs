namespace Greenlets;

/// <summary>
/// Raised when a green socket operation waits longer than the socket's timeout (see <see cref="GreenSocket.Timeout"/>).
/// The socket stays usable: the operation did not happen, or, for <see cref="GreenSocket.SendAll(ReadOnlyMemory{byte})"/>,
/// happened in part.
/// </summary>
/// <remarks>gevent: <c>socket.timeout('timed out')</c> (Python's <c>TimeoutError</c>).</remarks>
public sealed class SocketTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for <paramref name="operation"/>, which waited <paramref name="seconds"/>.</summary>
    /// <param name="operation">The operation that timed out, such as <c>GreenSocket.Recv</c>.</param>
    /// <param name="seconds">The timeout that passed.</param>
    public SocketTimeoutException(string operation, double seconds)
        : base($"{operation} timed out after {seconds} s.")
    {
        Operation = operation;
    }

    /// <summary>The operation that timed out.</summary>
    public string Operation { get; }
}
