using System.Net;

namespace Greenlets;

/// <summary>
/// What a <see cref="GreenSocket"/> made while a <see cref="SimulatedNetwork"/> is installed has behind it instead of a
/// descriptor: a UDP port (<see cref="SimulatedDatagramSocket"/>) or a TCP endpoint (<see cref="SimulatedTcpSocket"/>).
/// The socket's calls common to both go through this; the rest ask for the kind they need.
/// </summary>
internal interface ISimulatedSocket
{
    /// <summary>The host the socket is on, once bound, listening or connected.</summary>
    SimulatedHost? Host { get; }

    IPEndPoint LocalEndPoint { get; }

    void Bind(IPEndPoint address);

    /// <summary>Parks until the socket may be ready in <paramref name="direction"/>, it closes, or the timeout passes (then false).</summary>
    GreenAwaitable<bool> WaitAwaitable(IoEvents direction, double? timeout);

    /// <summary>Keeps an option's value, to read back; nothing in the simulation acts on it.</summary>
    void SetOption(int level, int name, int value);

    int GetOption(int level, int name);

    void Close();
}
