using System.Net;
using System.Text;
using Greenlets;

namespace Tour;

/// <summary>
/// Simple servers: a StreamServer greets each connection and counts to four. As in the reference run, it binds an
/// ephemeral port, connects once as a client, prints what the client received, then stops.
/// (The tutorial serves 127.0.0.1:5000 for ever, for <c>nc 127.0.0.1 5000</c>: <c>CreateServer(...).ServeForever()</c>.)
/// </summary>
public static partial class TelnetExample
{
    [Greenlet]
    private static void Handle(GreenSocket socket, IPEndPoint address)
    {
        socket.Send(Encoding.ASCII.GetBytes("Hello from a telnet!\n"));
        for (var i = 0; i < 5; i++)
        {
            socket.Send(Encoding.ASCII.GetBytes($"{i}\n"));
        }

        socket.Close();
    }

    [Greenlet]
    private static void Client(IPEndPoint server)
    {
        using var connection = GreenSocket.CreateConnection(server);
        var received = new MemoryStream();
        while (true)
        {
            var data = connection.Recv(4096);
            if (data.Length == 0)
            {
                break;
            }

            received.Write(data);
        }

        Console.Write(Encoding.ASCII.GetString(received.ToArray()));
    }

    /// <summary>The tutorial's server, not yet started.</summary>
    public static StreamServer CreateServer(IPEndPoint address) => new(address, Handle);

    public static void Run()
    {
        var server = CreateServer(new IPEndPoint(IPAddress.Loopback, 0));
        server.Start();
        Greenlet.Spawn(Client, server.Address).Join(timeout: 10);
        server.Stop();
    }
}
