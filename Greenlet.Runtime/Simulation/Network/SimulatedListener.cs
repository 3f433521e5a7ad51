using System.Net;

namespace Greenlets;

/// <summary>A listening port on a simulated host: connections wait in its backlog until accepted.</summary>
internal sealed class SimulatedListener
{
    private readonly Queue<(SimulatedStream Stream, IPEndPoint Peer)> _pending = new();
    private readonly StreamReadiness _acceptable = new("a simulated listener");
    private readonly int _backlog;

    public SimulatedListener(SimulatedHost host, IPEndPoint localEndPoint, int backlog)
    {
        Host = host;
        LocalEndPoint = localEndPoint;
        _backlog = Math.Max(1, backlog);
    }

    public SimulatedHost Host { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsClosed { get; private set; }

    /// <summary>Queues an arrived connection; false when the backlog is full (the connection is refused).</summary>
    public bool Offer(SimulatedStream stream, IPEndPoint peer)
    {
        if (IsClosed || _pending.Count >= _backlog)
        {
            return false;
        }

        _pending.Enqueue((stream, peer));
        _acceptable.Signal();
        return true;
    }

    /// <summary>Takes the next queued connection, without waiting; false when none is queued.</summary>
    /// <exception cref="ObjectDisposedException">The listener is closed.</exception>
    public bool TryAccept(out (SimulatedStream Stream, IPEndPoint Peer) accepted)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return _pending.TryDequeue(out accepted);
    }

    /// <summary>Parks until a connection may be queued, the listener closes, or the timeout passes (then false).</summary>
    public GreenAwaitable<bool> WaitAwaitable(double? timeout) => _acceptable.WaitAwaitable(timeout);

    /// <summary>Waits for the next connection.</summary>
    /// <exception cref="ObjectDisposedException">The listener is closed.</exception>
    public async GreenTask<(GreenStream Stream, IPEndPoint Peer)> AcceptAsync()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (_pending.TryDequeue(out var next))
            {
                return next;
            }

            await _acceptable.WaitAwaitable(null);
        }
    }

    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        Host.Unlisten(this);
        while (_pending.TryDequeue(out var pending))
        {
            pending.Stream.Reset();
        }

        _acceptable.Close();
    }

    public override string ToString() => $"SimulatedListener({Host.Name}, {LocalEndPoint})";
}
