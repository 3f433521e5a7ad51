using Greenlets;

namespace Tour;

/// <summary>
/// Gevent ZeroMQ: a REQ socket and a REP socket in two greenlets play ping-pong over tcp. Each recv parks its
/// greenlet until the other side's message arrives, so the two take turns.
/// </summary>
public static partial class ZeroMqExample
{
    [Greenlet]
    private static void Server(ZmqSocket serverSocket)
    {
        for (var request = 1; request < 10; request++)
        {
            serverSocket.Send("Hello"u8.ToArray());
            Console.WriteLine($"Switched to Server for  {request}");
            // Implicit context switch occurs here
            serverSocket.Recv();
        }
    }

    [Greenlet]
    private static void Client(ZmqContext context, int port)
    {
        var clientSocket = context.Socket(ZmqSocketType.Rep);
        clientSocket.Connect($"tcp://127.0.0.1:{port}");

        for (var request = 1; request < 10; request++)
        {
            clientSocket.Recv();
            Console.WriteLine($"Switched to Client for  {request}");
            // Implicit context switch occurs here
            clientSocket.Send("World"u8.ToArray());
        }

        clientSocket.Close(linger: TimeSpan.Zero);
    }

    public static void Run()
    {
        // Global Context
        using var context = new ZmqContext();

        // Reference-run change, as in reference/zeromq.py: a free port on 127.0.0.1 instead of the fixed 5000.
        var serverSocket = context.Socket(ZmqSocketType.Req);
        var port = serverSocket.BindToRandomPort("tcp://127.0.0.1");

        var publisher = Greenlet.Spawn(Server, serverSocket);
        var client = Greenlet.Spawn(Client, context, port);

        Greenlet.JoinAll(publisher, client);

        serverSocket.Close(linger: TimeSpan.Zero);
    }
}
