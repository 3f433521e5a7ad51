using System.Diagnostics;
using System.Globalization;

namespace Greenlets;

/// <summary>
/// A timeout or a sleep, in seconds as gevent counts them, written either way: as seconds (<c>timeout: 1.5</c>,
/// <c>timeout: 2</c>) or as a <see cref="TimeSpan"/> (<c>timeout: TimeSpan.FromMilliseconds(10)</c>). Every timeout of
/// the runtime is a <c>GreenDuration?</c>, where null waits as long as it takes (gevent's <c>timeout=None</c>).
/// </summary>
/// <remarks>
/// gevent: the <c>seconds</c>/<c>timeout</c> numbers its waits take. It keeps the seconds as they were written, so a
/// wait behaves as gevent's does at the edges: zero or less does not wait (a sleep only yields), NaN is refused where
/// a timer would start, and a timeout names its seconds as written (<c>"0.001 seconds"</c>). A <see cref="TimeSpan"/>
/// becomes its <see cref="TimeSpan.TotalSeconds"/>, except <see cref="Timeout.InfiniteTimeSpan"/>, which means
/// "as long as it takes" here as everywhere in .NET. One type rather than a seconds and a <see cref="TimeSpan"/>
/// overload of each wait keeps <c>timeout: null</c> unambiguous.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct GreenDuration : IEquatable<GreenDuration>, IComparable<GreenDuration>
{
    private GreenDuration(double seconds) => Seconds = seconds;

    /// <summary>No time: a wait with it does not wait, a sleep with it only yields.</summary>
    public static GreenDuration Zero => default;

    /// <summary>
    /// The seconds, as written; <see cref="double.PositiveInfinity"/> for <see cref="Timeout.InfiniteTimeSpan"/>,
    /// which waits as long as it takes.
    /// </summary>
    /// <remarks>gevent: the number itself (<c>Timeout.seconds</c>).</remarks>
    public double Seconds { get; }

    /// <summary>Whether it never ends: made from <see cref="Timeout.InfiniteTimeSpan"/> or infinite seconds.</summary>
    public bool IsInfinite => double.IsPositiveInfinity(Seconds);

    /// <summary>A duration of <paramref name="seconds"/>, kept as written.</summary>
    /// <param name="seconds">The seconds; zero or less does not wait.</param>
    /// <returns>The duration.</returns>
    public static GreenDuration FromSeconds(double seconds) => new(seconds);

    /// <summary>A duration as long as <paramref name="duration"/>; <see cref="Timeout.InfiniteTimeSpan"/> never ends.</summary>
    /// <param name="duration">The time span.</param>
    /// <returns>The duration.</returns>
    public static GreenDuration FromTimeSpan(TimeSpan duration) =>
        new(duration == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : duration.TotalSeconds);

    /// <summary>Seconds as a duration: <c>timeout: 1.5</c>.</summary>
    /// <param name="seconds">The seconds.</param>
    public static implicit operator GreenDuration(double seconds) => new(seconds);

    /// <summary>A time span as a duration: <c>timeout: TimeSpan.FromMilliseconds(10)</c>.</summary>
    /// <param name="duration">The time span; <see cref="Timeout.InfiniteTimeSpan"/> never ends.</param>
    public static implicit operator GreenDuration(TimeSpan duration) => FromTimeSpan(duration);

    /// <summary>Whether two durations have the same seconds.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(GreenDuration left, GreenDuration right) => left.Equals(right);

    /// <summary>Whether two durations differ.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(GreenDuration left, GreenDuration right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is shorter.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator <(GreenDuration left, GreenDuration right) => left.Seconds < right.Seconds;

    /// <summary>Whether <paramref name="left"/> is longer.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator >(GreenDuration left, GreenDuration right) => left.Seconds > right.Seconds;

    /// <summary>Whether <paramref name="left"/> is no longer.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator <=(GreenDuration left, GreenDuration right) => left.Seconds <= right.Seconds;

    /// <summary>Whether <paramref name="left"/> is no shorter.</summary>
    /// <param name="left">One duration.</param>
    /// <param name="right">The other.</param>
    public static bool operator >=(GreenDuration left, GreenDuration right) => left.Seconds >= right.Seconds;

    /// <summary>
    /// The duration as a <see cref="TimeSpan"/>, to the nearest tick: <see cref="Timeout.InfiniteTimeSpan"/> when it
    /// never ends, <see cref="TimeSpan.MaxValue"/> (or <see cref="TimeSpan.MinValue"/>) beyond what a TimeSpan holds.
    /// </summary>
    /// <returns>The time span.</returns>
    /// <exception cref="InvalidOperationException">The seconds are NaN.</exception>
    public TimeSpan ToTimeSpan()
    {
        if (IsInfinite)
        {
            return Timeout.InfiniteTimeSpan;
        }

        if (double.IsNaN(Seconds))
        {
            throw new InvalidOperationException("A duration of NaN seconds has no TimeSpan.");
        }

        var ticks = Math.Round(Seconds * TimeSpan.TicksPerSecond);
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue
            : ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue
            : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>gevent's wording for a timeout's seconds: <c>"1 second"</c>, <c>"0.001 seconds"</c>, <c>"2.5 seconds"</c>.</summary>
    /// <returns>The seconds and their unit.</returns>
    public override string ToString() =>
        Seconds == 1 ? "1 second" : string.Create(CultureInfo.InvariantCulture, $"{Seconds} seconds");

    /// <inheritdoc/>
    public bool Equals(GreenDuration other) => Seconds.Equals(other.Seconds);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GreenDuration other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Seconds.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(GreenDuration other) => Seconds.CompareTo(other.Seconds);
}

/// <summary>
/// The one conversion at a wait's entry, from the public <see cref="GreenDuration"/> to the seconds the hub's timers
/// take; for code that builds its own waits on <see cref="LowLevel.HubLoop"/> and friends as much as for the runtime.
/// </summary>
public static class GreenDurationExtensions
{
    /// <summary>The seconds to start a timer with, or null for no timer: for null and for a duration that never ends.</summary>
    /// <param name="timeout">The timeout as given.</param>
    /// <returns>The seconds, or null to wait as long as it takes.</returns>
    /// <remarks>gevent: what <c>Timeout._start_new_or_dummy</c> decides, a real timer or none.</remarks>
    public static double? InSeconds(this GreenDuration? timeout) =>
        timeout is { IsInfinite: false } duration ? duration.Seconds : null;
}
