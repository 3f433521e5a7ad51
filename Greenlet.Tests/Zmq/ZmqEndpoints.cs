namespace Greenlets.Tests.Zmq;

/// <summary>Fresh endpoints per transport: tcp on an ephemeral loopback port, ipc in a temporary folder, inproc by name.</summary>
internal static class ZmqEndpoints
{
    private static int s_next;

    /// <summary>Binds <paramref name="socket"/> on <paramref name="transport"/> and returns the endpoint to connect to.</summary>
    public static string BindFresh(ZmqSocket socket, string transport)
    {
        var id = Interlocked.Increment(ref s_next);
        switch (transport)
        {
            case "tcp":
                socket.Bind("tcp://127.0.0.1:*");
                return socket.LastEndpoint;
            case "ipc":
                var path = Path.Combine(Path.GetTempPath(), $"greenlet-zmq-{Environment.ProcessId}-{id}.sock");
                socket.Bind("ipc://" + path);
                return "ipc://" + path;
            case "inproc":
                var name = $"inproc://greenlet-test-{id}";
                socket.Bind(name);
                return name;
            default:
                throw new ArgumentOutOfRangeException(nameof(transport), transport, "tcp, ipc or inproc");
        }
    }
}
