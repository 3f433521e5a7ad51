using System.Diagnostics;

namespace Greenlets;

public sealed partial class Hub
{
    // Outside work in flight: results that other threads compute for this hub (a Task waited on, a thread-pool job),
    // counted apart from the other external work (signal handlers, cancellation watches), which may never post.
    private int _outsideWork;

    // Until when, in Stopwatch timestamps, the outside work in flight holds the virtual clock: the latest start plus
    // the clock's OutsideWorkGrace.
    private long _outsideWorkHeldUntil;

    /// <summary>Units of work other threads still owe this hub (tasks waited on, thread-pool work, signal handlers).</summary>
    internal int ExternalWorkCount => _externalWork;

    /// <summary>Results other threads are still computing for this hub (tasks waited on, thread-pool work).</summary>
    internal int OutsideWorkCount => _outsideWork;

    /// <summary>
    /// Records outside work that another thread will complete, as external work (<see cref="BeginExternalWork"/>),
    /// and, on a virtual clock, holds virtual time still for it up to the clock's <see cref="HubClock.OutsideWorkGrace"/>
    /// of real time from now. End it with <see cref="EndOutsideWork"/> on the hub, once its result is taken in or
    /// given up.
    /// </summary>
    internal Reactor BeginOutsideWork()
    {
        var reactor = BeginExternalWork();
        _outsideWork++;
        if (Clock.OutsideWorkGrace is { Ticks: > 0 } grace)
        {
            _outsideWorkHeldUntil = Math.Max(_outsideWorkHeldUntil, Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency));
        }

        return reactor;
    }

    internal void EndOutsideWork() => _outsideWork--;

    /// <summary>
    /// How much longer, in ticks of real time, the outside work in flight holds the virtual clock: until it is all
    /// done, or until its grace has passed; zero when nothing holds it.
    /// </summary>
    private long OutsideWorkHold()
    {
        if (_outsideWork == 0)
        {
            return 0;
        }

        var remaining = _outsideWorkHeldUntil - Stopwatch.GetTimestamp();
        return remaining <= 0 ? 0 : (long)(remaining * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
    }
}
