using System.Diagnostics;
using Greenlets;

namespace SimulationBench;

/// <summary>Many greenlets that mostly sleep (from a tenth of the longest interval to the longest at a time), under a seeded simulation on the virtual clock.</summary>
public static partial class IdleWorkload
{
    private static long s_wakeups;

    /// <summary>
    /// Runs <paramref name="greenlets"/> sleepers for <paramref name="seconds"/> simulated seconds; returns the wall
    /// time, the simulated time, the wake-ups, and the bytes the hub's thread allocated meanwhile (spawns included).
    /// </summary>
    public static (TimeSpan Wall, double Simulated, long Wakeups, long Allocated) Run(int greenlets, double seconds, double longestInterval)
    {
        using var simulation = Simulation.Install(seed: 1, faults: false);
        s_wakeups = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var sleepers = new Greenlet[greenlets];
        for (var i = 0; i < greenlets; i++)
        {
            sleepers[i] = Greenlet.Spawn(Sleeper, seconds, longestInterval * (0.1 + (0.9 * (i % 97) / 97.0)));
        }

        Greenlet.JoinAll(sleepers);
        clock.Stop();
        return (clock.Elapsed, Hub.Current.Now.TotalSeconds, s_wakeups, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    [Greenlet]
    private static void Sleeper(double until, double interval)
    {
        while (Hub.Current.Now.TotalSeconds < until)
        {
            Greenlet.Sleep(interval);
            s_wakeups++;
        }
    }
}
