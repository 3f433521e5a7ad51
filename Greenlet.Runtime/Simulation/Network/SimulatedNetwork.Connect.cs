using System.Net;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class SimulatedNetwork
{
    /// <summary>
    /// Opens a connection from the current host to <paramref name="host"/>:<paramref name="port"/> on this network, for
    /// code that works on green streams itself (the servers and the HTTP client find the installed network on their own).
    /// </summary>
    /// <param name="host">A simulated host's name or address, or <c>localhost</c>.</param>
    /// <param name="port">The port.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The connected stream.</returns>
    /// <exception cref="SocketException">Refused, or the name or address is not a simulated host's.</exception>
    /// <exception cref="SocketTimeoutException">No answer in time (a partition holds the request).</exception>
    /// <remarks>gevent: <c>socket.create_connection((host, port), timeout).makefile('rwb')</c>.</remarks>
    [Cooperative(nameof(ConnectAwaitable))]
    public GreenStream Connect(string host, int port, GreenDuration? timeout = null) =>
        PlainCallBridge.Run(() => ConnectAwaitable(host, port, timeout));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Connect"/> instead.</summary>
    /// <param name="host">A simulated host's name or address.</param>
    /// <param name="port">The port.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>The awaitable operation.</returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public GreenTask<GreenStream> ConnectAwaitable(string host, int port, GreenDuration? timeout = null) =>
        ConnectAsync(new IPEndPoint(Resolve(host)[0], port), timeout.InSeconds());

    /// <summary>
    /// Opens a connection from the current host to <paramref name="remote"/>: a SYN crosses the link, the listener
    /// queues the connection and its answer comes back, so a connect takes a round trip. Refused (a
    /// <see cref="SocketException"/> with <see cref="SocketError.ConnectionRefused"/>) when nothing listens there; a
    /// partition holds the SYN, so the connect times out unless the link heals first.
    /// </summary>
    /// <param name="remote">The address and port.</param>
    /// <param name="timeout">The longest wait, in seconds; null waits as long as it takes.</param>
    /// <returns>The connected stream.</returns>
    /// <exception cref="SocketException">Refused, or no simulated host has the address (<see cref="SocketError.HostUnreachable"/>).</exception>
    /// <exception cref="SocketTimeoutException">No answer in time.</exception>
    internal async GreenTask<GreenStream> ConnectAsync(IPEndPoint remote, double? timeout)
    {
        var attempt = BeginConnect(remote);
        var deadline = GreenStream.Deadline(timeout);
        while (attempt.Outcome == ConnectOutcome.Pending)
        {
            if (!await attempt.Answered.WaitAwaitable(GreenStream.Remaining(deadline)) && attempt.Outcome == ConnectOutcome.Pending)
            {
                attempt.Outcome = ConnectOutcome.Abandoned;
                throw new SocketTimeoutException("GreenSocket.Connect", timeout ?? 0);
            }
        }

        return attempt.Outcome == ConnectOutcome.Connected
            ? attempt.Client!
            : throw new SocketException((int)SocketError.ConnectionRefused, $"connection to {remote} refused: nothing listens on {attempt.To.Name}:{remote.Port}");
    }

    /// <summary>
    /// Sends the SYN of a connection from the current host to <paramref name="remote"/> and returns at once: the
    /// attempt's <see cref="ConnectAttempt.Answered"/> is signalled when the answer arrives (a TCP
    /// <see cref="GreenSocket"/>'s non-blocking connect waits on it).
    /// </summary>
    /// <exception cref="SocketException">No simulated host has the address (<see cref="SocketError.HostUnreachable"/>).</exception>
    internal ConnectAttempt BeginConnect(IPEndPoint remote)
    {
        var from = CurrentHost();
        var to = HostAt(remote.Address, from)
            ?? throw new SocketException((int)SocketError.HostUnreachable, $"{remote.Address} is not an address of a simulated host");
        var local = new IPEndPoint(IPAddress.IsLoopback(remote.Address) ? remote.Address : from.Address, from.EphemeralPort());
        var attempt = new ConnectAttempt(this, from, to, local, remote);
        Record($"connect {from.Name} {local} -> {to.Name} {remote}");
        Send(new Syn(attempt));
        return attempt;
    }

    internal enum ConnectOutcome
    {
        Pending,
        Connected,
        Refused,
        Abandoned,
    }

    internal sealed class ConnectAttempt(SimulatedNetwork network, SimulatedHost from, SimulatedHost to, IPEndPoint local, IPEndPoint remote)
    {
        public SimulatedNetwork Network => network;

        public SimulatedHost From => from;

        public SimulatedHost To => to;

        public IPEndPoint Local => local;

        public IPEndPoint Remote => remote;

        public StreamReadiness Answered { get; } = new("a simulated connect");

        public ConnectOutcome Outcome { get; set; }

        public SimulatedStream? Client { get; set; }
    }

    /// <summary>The connection request, arriving at the listening host.</summary>
    private sealed class Syn(ConnectAttempt attempt) : Delivery(attempt.From, attempt.To)
    {
        public override void Arrive(SimulatedNetwork network)
        {
            if (attempt.Outcome != ConnectOutcome.Pending)
            {
                return; // the client gave up while the SYN waited
            }

            var listener = attempt.To.ListenerAt(attempt.Remote.Port);
            var serverLocal = new IPEndPoint(listener?.LocalEndPoint.Address ?? attempt.Remote.Address, attempt.Remote.Port);
            var client = new SimulatedStream(network, attempt.From, attempt.Local, serverLocal);
            var server = new SimulatedStream(network, attempt.To, serverLocal, attempt.Local) { Peer = client };
            client.Peer = server;
            var accepted = listener is not null && listener.Offer(server, attempt.Local);
            network.Send(new SynAnswer(attempt, accepted ? client : null));
        }
    }

    /// <summary>The listener's answer (a SYN-ACK, or a reset when nothing listens), arriving back at the client.</summary>
    private sealed class SynAnswer(ConnectAttempt attempt, SimulatedStream? client) : Delivery(attempt.To, attempt.From)
    {
        public override void Arrive(SimulatedNetwork network)
        {
            if (attempt.Outcome != ConnectOutcome.Pending)
            {
                client?.Reset(); // the client gave up: the server's end sees a reset
                return;
            }

            attempt.Outcome = client is null ? ConnectOutcome.Refused : ConnectOutcome.Connected;
            attempt.Client = client;
            if (client is not null)
            {
                client.LastArrival = 0;
                network.Opened(client);
            }

            attempt.Answered.Signal();
        }
    }
}
