using System.Diagnostics;
using System.Net;
using Greenlets;

namespace SimulationBench;

/// <summary>One-byte ping-pong over one connection of the simulated network (1 ms links with jitter), under a seeded simulation.</summary>
public static partial class RoundTrips
{
    /// <summary>Runs <paramref name="count"/> round trips; returns the wall time and the simulated time they took.</summary>
    public static (TimeSpan Wall, double Simulated) Run(int count)
    {
        using var simulation = Simulation.Install(seed: 1, faults: false);
        var network = new SimulatedNetwork();
        using var installed = network.Install();
        network.AddHost("echo");
        using var server = new StreamServer("echo", 7, Echo);
        server.Start();
        using var stream = network.Connect("echo", 7);
        var started = Hub.Current.Now.TotalSeconds;
        var clock = Stopwatch.StartNew();
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

        clock.Stop();
        return (clock.Elapsed, Hub.Current.Now.TotalSeconds - started);
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
