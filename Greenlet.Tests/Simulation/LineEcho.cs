using System.Net;
using System.Text;

namespace Greenlets.Tests.Simulation;

/// <summary>A line echo server's handler and a client's read, for the simulated-network tests.</summary>
internal static partial class LineEcho
{
    /// <summary>Sends each line back until the client closes.</summary>
    [Greenlet]
    public static void Serve(GreenStream stream, IPEndPoint peer)
    {
        using var reader = new GreenStreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        }
    }

    [Greenlet]
    public static string? ReadLineFrom(GreenStreamReader reader) => reader.ReadLine();
}
