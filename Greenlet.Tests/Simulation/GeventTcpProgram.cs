using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Simulation;

/// <summary>
/// The program of Greenlet.Tests/Simulation/Gevent/tcp_sockets.py, written once with raw TCP sockets: SimulatedTcpSocketTests
/// runs it on the kernel's loopback and on a simulated network, unchanged.
/// </summary>
internal sealed partial class GeventTcpProgram
{
    private readonly List<string> _output = [];
    private readonly List<GreenSocket> _clients = [];
    private GreenSocket _server = null!;

    public List<string> Run()
    {
        _server = new GreenSocket();
        _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _server.Listen(5);
        var address = _server.LocalEndPoint;
        var serving = Greenlet.Spawn(Serve);

        var first = GreenSocket.CreateConnection(address, 5);
        _clients.Add(first);
        Print($"client: peer is the server: {Bool(first.RemoteEndPoint.Equals(address))}");
        first.SendAll("hello\n");
        first.SendAll("world\n");
        first.Shutdown(SocketShutdown.Send);
        var reply = ReadToEnd(first, 4);
        Print($"client: got {Repr(reply)}");
        first.Close();

        var second = GreenSocket.CreateConnection(address, 0.5);
        second.SendAll("unread");
        try
        {
            second.Recv(10);
        }
        catch (SocketTimeoutException)
        {
            Print("client: recv timed out");
        }

        second.Timeout = 5;
        Greenlet.Sleep(1);
        try
        {
            Print($"client: recv after the reset gives {Repr(second.Recv(10))}");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            Print("client: connection reset by peer");
        }

        second.Close();

        using (var refused = new GreenSocket())
        {
            try
            {
                refused.Connect(new IPEndPoint(address.Address, 1));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                Print("client: connection refused");
            }
        }

        serving.Join();
        if (serving.Exception is { } failure)
        {
            Print($"server: failed with {failure}"); // not in gevent's output, so the comparison shows it
        }

        _server.Close();
        Print("done");
        return _output;
    }

    [Greenlet]
    private void Serve()
    {
        // 1: echo in upper case until the client shuts its side, then shut ours.
        var (connection, peer) = _server.Accept();
        var data = ReadToEnd(connection, 3);

        // Printed once the client has sent all, so after its own first line: which of two greenlets whose sockets
        // become ready in one poll runs first is not a promise.
        Print($"server: accepted, peer is the client: {Bool(peer.Equals(_clients[0].LocalEndPoint))}");
        Print($"server: read {Repr(data)}");
        connection.SendAll(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(data).ToUpperInvariant()));
        connection.Shutdown(SocketShutdown.Send);
        Print($"server: after shutdown, recv gives {Repr(connection.Recv(10), bytes: true)}");
        connection.Close();

        // 2: say nothing, so the client's recv times out; then close with its bytes unread, which resets.
        (connection, _) = _server.Accept();
        Greenlet.Sleep(1);
        connection.Close();
        Print("server: closed the second connection with bytes unread");
    }

    [Greenlet]
    private static byte[] ReadToEnd(GreenSocket socket, int chunkSize)
    {
        var all = new List<byte>();
        while (socket.Recv(chunkSize) is { Length: > 0 } chunk)
        {
            all.AddRange(chunk);
        }

        return [.. all];
    }

    private void Print(string line) => _output.Add(line);

    private static string Bool(bool value) => value ? "True" : "False";

    /// <summary>Python's repr of the decoded text (<c>'a\n'</c>), or of the bytes (<c>b''</c>).</summary>
    private static string Repr(byte[] data, bool bytes = false) =>
        (bytes ? "b'" : "'") + Encoding.ASCII.GetString(data).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
