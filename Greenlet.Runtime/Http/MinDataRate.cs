namespace Greenlets;

/// <summary>
/// A least average data rate a peer must keep up once a grace period has passed: the body of a request, a response the
/// client reads (<see cref="HttpLimits.MinRequestBodyDataRate"/>, <see cref="HttpLimits.MinResponseDataRate"/>), or any
/// stream read through <see cref="MinDataRateReceiver"/>. Kestrel's <c>MinDataRate</c>.
/// </summary>
/// <remarks>gevent: none; gevent bounds each socket call only, never a transfer as a whole.</remarks>
public sealed class MinDataRate
{
    /// <summary>Creates a rate.</summary>
    /// <param name="bytesPerSecond">The least average rate, in bytes per second; positive.</param>
    /// <param name="gracePeriod">How long a transfer may run before the rate applies: seconds or a <see cref="TimeSpan"/>, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate that is not a positive finite number, or a grace period that is negative or infinite.</exception>
    /// <remarks>gevent: none.</remarks>
    public MinDataRate(double bytesPerSecond, GreenDuration gracePeriod)
    {
        if (!double.IsFinite(bytesPerSecond) || bytesPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "must be a positive number of bytes per second");
        }

        if (!(gracePeriod.Seconds >= 0) || gracePeriod.IsInfinite)
        {
            throw new ArgumentOutOfRangeException(nameof(gracePeriod), gracePeriod, "must be a finite duration, zero or more");
        }

        BytesPerSecond = bytesPerSecond;
        GracePeriod = TimeSpan.FromSeconds(gracePeriod.Seconds);
    }

    /// <summary>The least average rate, in bytes per second.</summary>
    /// <remarks>gevent: none.</remarks>
    public double BytesPerSecond { get; }

    /// <summary>How long a transfer may run, whatever its rate, before the rate applies.</summary>
    /// <remarks>gevent: none.</remarks>
    public TimeSpan GracePeriod { get; }

    /// <summary>How long a transfer that has moved <paramref name="bytes"/> may have taken in all and still keep the rate.</summary>
    internal TimeSpan AllowedTime(long bytes) => TimeSpan.FromSeconds(Math.Max(GracePeriod.TotalSeconds, bytes / BytesPerSecond));

    /// <summary>For logs: <c>240 bytes/s after 5 s</c>.</summary>
    /// <returns>The rate and grace period.</returns>
    /// <remarks>gevent: none.</remarks>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{BytesPerSecond:0.###} bytes/s after {GracePeriod.TotalSeconds:0.###} s");
}
