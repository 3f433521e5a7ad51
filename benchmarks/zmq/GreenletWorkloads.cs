namespace Greenlets.ZmqBenchmarks;

/// <summary>The workloads on the hub: two greenlets, each with its socket, taking turns as libzmq lets them.</summary>
public static partial class GreenletWorkloads
{
    [Greenlet]
    public static void Requester(ZmqSocket req, int count)
    {
        var request = new byte[16];
        for (var i = 0; i < count; i++)
        {
            req.Send(request);
            req.Recv();
        }
    }

    [Greenlet]
    public static void Replier(ZmqSocket rep, int count)
    {
        var buffer = new byte[64];
        for (var i = 0; i < count; i++)
        {
            var size = rep.RecvInto(buffer);
            rep.Send(buffer.AsMemory(0, size));
        }
    }

    [Greenlet]
    public static void Pusher(ZmqSocket push, int count)
    {
        var message = new byte[16];
        for (var i = 0; i < count; i++)
        {
            push.Send(message);
        }
    }

    [Greenlet]
    public static void Puller(ZmqSocket pull, int count)
    {
        var buffer = new byte[64];
        for (var i = 0; i < count; i++)
        {
            if (pull.RecvInto(buffer) != 16)
            {
                throw new InvalidOperationException("a message came out the wrong size");
            }
        }
    }

    /// <summary>Operations per second, and processor time per operation, for <paramref name="count"/> round trips (or messages) on a fresh hub.</summary>
    public static Measurement Run(string workload, string transport, int count)
    {
        using var hub = Hub.Install(HubClock.Monotonic());
        using var context = new ZmqContext();
        var reqRep = workload == "reqrep";
        using var server = context.Socket(reqRep ? ZmqSocketType.Rep : ZmqSocketType.Pull);
        using var client = context.Socket(reqRep ? ZmqSocketType.Req : ZmqSocketType.Push);
        client.Connect(Endpoints.Bind(server, transport));
        var cpu = Measurement.ProcessorTime();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var greenlets = reqRep
            ? new[] { Greenlet.Spawn(Requester, client, count), Greenlet.Spawn(Replier, server, count) }
            : new[] { Greenlet.Spawn(Pusher, client, count), Greenlet.Spawn(Puller, server, count) };
        Greenlet.JoinAll(greenlets);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Measurement.ProcessorTime() - cpu).TotalSeconds;
        foreach (var greenlet in greenlets)
        {
            if (!greenlet.IsSuccessful)
            {
                throw new InvalidOperationException($"{workload} over {transport} failed", greenlet.Exception);
            }
        }

        return new Measurement(count / seconds, cpuSeconds * 1e6 / count);
    }
}
