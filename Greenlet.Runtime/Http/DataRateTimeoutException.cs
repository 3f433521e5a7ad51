namespace Greenlets;

/// <summary>
/// Raised when a peer moved data slower than a <see cref="MinDataRate"/> allows: a request body read by an
/// <c>HttpServer</c> handler (<see cref="HttpLimits.MinRequestBodyDataRate"/>), or a receive through a
/// <see cref="MinDataRateReceiver"/>. The server, or the caller, should give up on the peer.
/// </summary>
/// <remarks>gevent: none.</remarks>
public sealed class DataRateTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rate">The rate the peer fell below.</param>
    /// <param name="bytes">The bytes moved when it was found too slow.</param>
    /// <param name="elapsed">The time counted against the peer.</param>
    /// <remarks>gevent: none.</remarks>
    public DataRateTimeoutException(MinDataRate rate, long bytes, TimeSpan elapsed)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{bytes} bytes in {elapsed.TotalSeconds:0.###} s, under the least rate of {rate ?? throw new ArgumentNullException(nameof(rate))}"))
    {
        Rate = rate;
    }

    /// <summary>The rate the peer fell below.</summary>
    /// <remarks>gevent: none.</remarks>
    public MinDataRate Rate { get; }
}
