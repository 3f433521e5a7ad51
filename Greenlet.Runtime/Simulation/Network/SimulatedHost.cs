using System.Diagnostics;
using System.Net;

namespace Greenlets;

/// <summary>
/// A named machine on a <see cref="SimulatedNetwork"/>, with its own address and ports. Code runs "on" a host when its
/// greenlet, or the greenlet that spawned it (and so on up), was given to <see cref="Spawn"/> or <see cref="Adopt"/>:
/// servers it starts listen on this host, and connections it opens leave from it. Greenlets on no host run on
/// <see cref="SimulatedNetwork.DefaultHost"/>.
/// </summary>
/// <remarks>gevent: none (a machine in turmoil's <c>sim.host(name, ...)</c>).</remarks>
[DebuggerDisplay("{Name} ({Address})")]
public sealed class SimulatedHost
{
    private readonly Dictionary<int, SimulatedListener> _listeners = [];
    private readonly Dictionary<int, SimulatedDatagramSocket> _datagramSockets = []; // UDP ports are a namespace of their own
    private int _nextEphemeralPort = 49152;
    private int _nextDatagramPort = 49152;

    internal SimulatedHost(SimulatedNetwork network, string name, IPAddress address)
    {
        Network = network;
        Name = name;
        Address = address;
    }

    /// <summary>The network the host is on.</summary>
    public SimulatedNetwork Network { get; }

    /// <summary>The host's name, which <see cref="GreenDns"/> resolves to <see cref="Address"/> in the simulation.</summary>
    public string Name { get; }

    /// <summary>The host's address on the simulated network.</summary>
    public IPAddress Address { get; }

    /// <summary>Spawns <paramref name="action"/> (a [Greenlet] method) as a greenlet running on this host.</summary>
    /// <param name="action">The greenlet's body.</param>
    /// <returns>The new greenlet, not started yet.</returns>
    /// <remarks>gevent: none (turmoil's <c>sim.host(name, || ...)</c>).</remarks>
    public Greenlet Spawn(Action action) => Adopt(Greenlet.Spawn(action));

    /// <summary>Makes <paramref name="greenlet"/>, and the greenlets it spawns from now on, run on this host.</summary>
    /// <param name="greenlet">A greenlet of the hub the network is installed on.</param>
    /// <typeparam name="T">The greenlet's type.</typeparam>
    /// <returns>The same greenlet.</returns>
    public T Adopt<T>(T greenlet)
        where T : Greenlet
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        Network.Place(greenlet, this);
        return greenlet;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Address})";

    internal SimulatedListener? ListenerAt(int port) => _listeners.GetValueOrDefault(port);

    internal SimulatedListener Listen(IPEndPoint bound, int backlog)
    {
        var port = bound.Port;
        if (port == 0)
        {
            port = EphemeralPort();
        }
        else if (_listeners.ContainsKey(port))
        {
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse, $"{Name}: port {port} is in use");
        }

        var address = IPAddress.IsLoopback(bound.Address) ? bound.Address : Address;
        var listener = new SimulatedListener(this, new IPEndPoint(address, port), backlog);
        _listeners[port] = listener;
        return listener;
    }

    internal void Unlisten(SimulatedListener listener)
    {
        if (_listeners.GetValueOrDefault(listener.LocalEndPoint.Port) == listener)
        {
            _listeners.Remove(listener.LocalEndPoint.Port);
        }
    }

    internal int EphemeralPort()
    {
        while (_listeners.ContainsKey(_nextEphemeralPort))
        {
            _nextEphemeralPort++;
        }

        return _nextEphemeralPort++;
    }

    internal SimulatedDatagramSocket? DatagramSocketAt(int port) => _datagramSockets.GetValueOrDefault(port);

    /// <summary>Takes UDP port <paramref name="port"/> (0: an ephemeral one) for <paramref name="socket"/>; returns the port.</summary>
    internal int BindDatagram(int port, SimulatedDatagramSocket socket)
    {
        if (port == 0)
        {
            while (_datagramSockets.ContainsKey(_nextDatagramPort))
            {
                _nextDatagramPort++;
            }

            port = _nextDatagramPort++;
        }
        else if (_datagramSockets.ContainsKey(port))
        {
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse, $"{Name}: UDP port {port} is in use");
        }

        _datagramSockets[port] = socket;
        return port;
    }

    internal void UnbindDatagram(int port, SimulatedDatagramSocket socket)
    {
        if (_datagramSockets.GetValueOrDefault(port) == socket)
        {
            _datagramSockets.Remove(port);
        }
    }
}
