using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Server;

/// <summary>The program of Greenlet.Tests/Server/Gevent/datagram_server.py, written once: DatagramServerTests runs it on the kernel, SimulatedDatagramTests on both networks.</summary>
internal sealed partial class GeventDatagramProgram
{
    private DatagramServer? _server;

    [Greenlet]
    private void UpperAfterATenth(byte[] data, IPEndPoint address)
    {
        if (Encoding.ASCII.GetString(data) == "boom")
        {
            throw new InvalidOperationException("boom");
        }

        Greenlet.Sleep(0.1);
        _server!.SendTo(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(data).ToUpperInvariant()), address);
    }

    public List<string> Run()
    {
        var output = new List<string>();
        using var server = _server = new DatagramServer(new IPEndPoint(IPAddress.Loopback, 0), UpperAfterATenth, new Pool(2));
        server.Start();
        output.Add($"started {(server.IsStarted ? "True" : "False")}");
        using var client = new GreenSocket(AddressFamily.InterNetwork, SocketType.Dgram);
        var hub = global::Greenlets.Hub.Current;
        var start = hub.Now;
        foreach (var word in new[] { "one", "two", "three", "boom", "four" })
        {
            client.SendTo(Encoding.ASCII.GetBytes(word), server.Address);
        }

        for (var i = 0; i < 4; i++)
        {
            var (data, address) = client.RecvFrom(100);
            output.Add(FormattableString.Invariant($"{(hub.Now - start).TotalSeconds:0.0} {Encoding.ASCII.GetString(data)} from the server: {(address.Equals(server.Address) ? "True" : "False")}"));
        }

        server.Stop();
        output.Add($"closed {(server.IsClosed ? "True" : "False")}");
        return output;
    }
}
