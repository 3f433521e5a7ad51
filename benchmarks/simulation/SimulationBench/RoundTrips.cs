using System.Diagnostics;
using System.Net;
using Greenlets;

namespace SimulationBench;

/// <summary>One-byte ping-pong over one connection of the simulated network (1 ms links with jitter), under a seeded simulation.</summary>
public static partial class RoundTrips
{
    /// <summary>
    /// Runs <paramref name="count"/> round trips, from a spawned client greenlet (as a simulation test's clients are)
    /// or, with <paramref name="fromMain"/>, from the main greenlet (plain code, which runs the hub's loop for each
    /// read); returns the wall time, the simulated time, and the bytes the hub's thread allocated meanwhile.
    /// </summary>
    public static (TimeSpan Wall, double Simulated, long Allocated) Run(int count, bool fromMain)
    {
        using var simulation = Simulation.Install(seed: 1, faults: false);
        var network = new SimulatedNetwork();
        using var installed = network.Install();
        network.AddHost("echo");
        using var server = new StreamServer("echo", 7, Echo);
        server.Start();
        using var stream = network.Connect("echo", 7);
        var started = Hub.Current.Now.TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        if (fromMain)
        {
            PingPong(stream, count);
        }
        else
        {
            Greenlet.Spawn(PingPong, stream, count).Join();
        }

        clock.Stop();
        return (clock.Elapsed, Hub.Current.Now.TotalSeconds - started, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    [Greenlet]
    private static void PingPong(GreenStream stream, int count)
    {
        var ping = new byte[1];
        var pong = new byte[1];
        for (var i = 0; i < count; i++)
        {
            stream.Write(ping);
            if (stream.Read(pong) != 1)
            {
                throw new InvalidOperationException("the echo closed");
            }
        }
    }

    [Greenlet]
    private static void Echo(GreenStream stream, IPEndPoint peer)
    {
        var buffer = new byte[64];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            stream.Write(buffer.AsMemory(0, read));
        }
    }
}
