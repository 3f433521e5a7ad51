using System.Net;

namespace Greenlets.Tests.Simulation;

using Simulation = global::Greenlets.Simulation;

/// <summary>
/// What a simulation allocates per operation once warm: a round trip over the simulated network allocates nothing (its
/// segments and their arrays are pooled, and the waiting read's frame is the stream's own). Bytes, unlike time, do not depend on the machine's load.
/// </summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class SimulationAllocationTests
{
    [Test]
    public void ARoundTripOverTheSimulatedNetworkAllocatesNothing()
    {
        using (Simulation.Install(seed: 5, faults: false))
        {
            var network = new SimulatedNetwork();
            using var installed = network.Install();
            network.AddHost("echo");
            using var server = new StreamServer("echo", 7, Echo);
            server.Start();
            using var stream = network.Connect("echo", 7);
            Greenlet.Spawn(PingPong, stream, 2_000).Join(); // warm: pools, rings and frames filled

            const int Trips = 2_000;
            var before = GC.GetAllocatedBytesForCurrentThread();
            Greenlet.Spawn(PingPong, stream, Trips).Join();
            var perTrip = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Trips;

            // A segment object and its one-byte array were 88 B a direction (224 B a round trip in all); then a closure
            // made at every arrival was 48 B a round trip. What is left is the client greenlet's own, spread over the trips.
            Assert.That(perTrip, Is.LessThan(2), $"{perTrip:F1} B per round trip");
        }
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
