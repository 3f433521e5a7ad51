using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace EchoServer.DotnetAsync;

/// <summary>Echoes every byte back: an async task per connection, .NET's socket engine and thread pool underneath.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0]) : 7002;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        Console.WriteLine($"READY {((IPEndPoint)listener.LocalEndPoint!).Port}");
        while (true)
        {
            var connection = await listener.AcceptAsync();
            _ = ServeAsync(connection);
        }
    }

    private static async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            connection.NoDelay = true;
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var count = await connection.ReceiveAsync(buffer, SocketFlags.None);
                    if (count == 0)
                    {
                        return;
                    }

                    var sent = 0;
                    while (sent < count)
                    {
                        sent += await connection.SendAsync(buffer.AsMemory(sent, count - sent), SocketFlags.None);
                    }
                }
            }
            catch (SocketException)
            {
                // The client went away mid-exchange: nothing to serve.
            }
        }
    }
}
