namespace Greenlets.ZmqBenchmarks;

/// <summary>Fresh endpoints: inproc by name, tcp on a free loopback port.</summary>
internal static class Endpoints
{
    private static int s_next;

    public static string Fresh(string transport) => transport switch
    {
        "inproc" => $"inproc://bench-{Interlocked.Increment(ref s_next)}",
        "tcp" => "tcp://127.0.0.1:*",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "inproc or tcp"),
    };

    public static string Bind(ZmqSocket socket, string transport)
    {
        socket.Bind(Fresh(transport));
        return socket.LastEndpoint;
    }
}
