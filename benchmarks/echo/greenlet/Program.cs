using System.Net;
using Greenlets;

namespace Greenlets.Benchmarks.Echo;

/// <summary>
/// Echoes every byte back, one greenlet per connection, on one hub (the main thread) unless given a hub count.
/// Usage: EchoServer [port] [hubs].
/// </summary>
public static partial class Program
{
    [Greenlet]
    private static void Echo(GreenSocket socket, IPEndPoint peer)
    {
        socket.NoDelay = true;
        var buffer = new byte[4096];
        while (true)
        {
            var count = socket.RecvInto(buffer);
            if (count == 0)
            {
                return;
            }

            socket.SendAll(buffer.AsMemory(0, count));
        }
    }

    public static void Main(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0]) : 7001;
        var hubs = args.Length > 1 ? int.Parse(args[1]) : 1;
        var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, port), Echo, backlog: 1024) { Workers = hubs };
        server.Start();
        Console.WriteLine($"READY {server.Address.Port}");
        server.ServeForever();
    }
}
