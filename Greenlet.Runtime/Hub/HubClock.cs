using System.Diagnostics;

namespace Greenlets;

/// <summary>
/// The hub's source of time, in <see cref="TimeSpan"/> ticks since the hub started.
/// <see cref="Monotonic"/> follows real time; <see cref="Virtual"/> jumps straight to the next timer
/// whenever every greenlet waits, so a program that sleeps for minutes finishes at once, in the same order.
/// </summary>
/// <remarks>gevent: the libev loop's clock (<c>loop.now()</c>); the virtual clock has no gevent equivalent.</remarks>
public abstract class HubClock
{
    /// <summary>The environment variable that selects the clock of new hubs: <c>virtual</c> or <c>monotonic</c>.</summary>
    public const string EnvironmentVariable = "GREENLET_CLOCK";

    /// <summary>The current time in ticks.</summary>
    public abstract long Now { get; }

    /// <summary>True for a clock that jumps instead of waiting.</summary>
    public abstract bool IsVirtual { get; }

    /// <summary>Creates a clock that follows real, monotonic time.</summary>
    public static HubClock Monotonic() => new MonotonicClock();

    /// <summary>
    /// How long, in real time, the hub polls for I/O and for work from other threads before the virtual clock jumps
    /// to the next timer. Zero for the monotonic clock, which waits for the timer in real time anyway.
    /// </summary>
    public virtual TimeSpan IoGrace => TimeSpan.Zero;

    /// <summary>The real time a virtual clock gives pending I/O before it jumps, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultIoGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long, in real time from its start, outside work (a Task waited on with <see cref="Greenlet.WaitTask(Task, GreenDuration?)"/>,
    /// a <see cref="GreenThreadPool"/> job, a DNS lookup) holds a virtual clock still: until then the clock does not
    /// jump while such work is in flight, so work that finishes within it takes no virtual time. Zero for the
    /// monotonic clock, on which such work takes the real time it takes.
    /// </summary>
    public virtual TimeSpan OutsideWorkGrace => TimeSpan.Zero;

    /// <summary>The real time a virtual clock waits for outside work before it jumps anyway, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultOutsideWorkGrace = TimeSpan.FromSeconds(5);

    /// <summary>Creates a clock that starts at zero and jumps to each timer when nothing else can run.</summary>
    /// <param name="ioGrace">
    /// While a greenlet waits on a descriptor or on another thread, how long (real time) the hub polls before it
    /// jumps; <see cref="DefaultIoGrace"/> when null. A peer in another process gets this long to answer before
    /// a timeout on the virtual clock fires.
    /// </param>
    /// <param name="outsideWorkGrace">
    /// How long (real time from its start) outside work in flight holds the clock still; <see cref="DefaultOutsideWorkGrace"/>
    /// when null. Work that takes longer is left to finish in virtual time like a peer that is late to answer.
    /// </param>
    public static HubClock Virtual(TimeSpan? ioGrace = null, TimeSpan? outsideWorkGrace = null) =>
        new VirtualClock(ioGrace ?? DefaultIoGrace, outsideWorkGrace ?? DefaultOutsideWorkGrace);

    /// <summary>The clock named by <c>GREENLET_CLOCK</c>, or the monotonic clock when it is unset.</summary>
    public static HubClock FromEnvironment()
    {
        var name = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return name?.Trim().ToLowerInvariant() switch
        {
            null or "" or "monotonic" or "real" => Monotonic(),
            "virtual" => Virtual(),
            _ => throw new InvalidOperationException(
                $"{EnvironmentVariable}='{name}' is not a clock. Use 'virtual' or 'monotonic'."),
        };
    }

    /// <summary>Waits (or jumps) until <paramref name="deadline"/>, when the hub has nothing to run before it.</summary>
    internal abstract void WaitUntil(long deadline);

    private sealed class MonotonicClock : HubClock
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public override long Now => Stopwatch.GetElapsedTime(_start).Ticks;

        public override bool IsVirtual => false;

        internal override void WaitUntil(long deadline)
        {
            var remaining = deadline - Now;
            if (remaining > 0)
            {
                Thread.Sleep(TimeSpan.FromTicks(remaining));
            }
        }
    }

    private sealed class VirtualClock(TimeSpan ioGrace, TimeSpan outsideWorkGrace) : HubClock
    {
        private long _now;

        public override TimeSpan IoGrace => ioGrace;

        public override TimeSpan OutsideWorkGrace => outsideWorkGrace;

        public override long Now => _now;

        public override bool IsVirtual => true;

        internal override void WaitUntil(long deadline) => _now = Math.Max(_now, deadline);
    }
}
