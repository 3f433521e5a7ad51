namespace Greenlets.Tests.Monitor;

/// <summary>Greenlets that hold the hub, or wait, for the monitor and run-info tests.</summary>
public static partial class MonitorWorkloads
{
    /// <summary>Yields once, then holds the hub for <paramref name="milliseconds"/> of real time without yielding.</summary>
    [Greenlet]
    public static int Spin(int milliseconds)
    {
        Greenlet.Sleep(0);
        return SpinWithoutYielding(milliseconds);
    }

    /// <summary>Calls <see cref="SpinInside"/>: the suspension point it blocks after is in the nested call.</summary>
    [Greenlet]
    public static int SpinNested(int milliseconds) => SpinInside(milliseconds) + 1;

    [Greenlet]
    public static int SpinInside(int milliseconds)
    {
        Greenlet.Sleep(0);
        return SpinWithoutYielding(milliseconds);
    }

    /// <summary>Parks on <paramref name="release"/>, after spawning a child that parks on it too.</summary>
    [Greenlet]
    public static void ParentWaiting(Event release)
    {
        Greenlet.Spawn(ChildWaiting, release);
        release.Wait();
    }

    [Greenlet]
    public static void ChildWaiting(Event release) => release.Wait();

    /// <summary>Sleeps on the hub's clock.</summary>
    [Greenlet]
    public static void Nap(double seconds) => Greenlet.Sleep(seconds);

    /// <summary>Yields <paramref name="times"/> times.</summary>
    [Greenlet]
    public static void Yield(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Greenlet.Sleep(0);
        }
    }

    private static int SpinWithoutYielding(int milliseconds)
    {
        // Real time on purpose: the monitor watches for a greenlet that holds the thread for real.
        var end = DateTime.UtcNow.AddMilliseconds(milliseconds);
        var spins = 0;
        while (DateTime.UtcNow < end)
        {
            Thread.SpinWait(64);
            spins++;
        }

        return spins;
    }
}
