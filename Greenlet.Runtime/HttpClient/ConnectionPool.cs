namespace Greenlets;

/// <summary>
/// The keep-alive connections of one origin: at most <see cref="GreenHttpClient.MaxConnectionsPerOrigin"/> open at
/// once, in use or idle. A request takes a slot (waiting in arrival order when none is free), then an idle connection
/// that is still alive, or opens one; giving the connection back frees the slot.
/// </summary>
internal sealed class ConnectionPool
{
    private readonly Stack<ClientConnection> _idle = new();
    private readonly GreenSemaphore _slots;

    public ConnectionPool(GreenHttpOrigin origin, int maxConnections)
    {
        Origin = origin;
        _slots = new GreenSemaphore(maxConnections);
    }

    public GreenHttpOrigin Origin { get; }

    public int IdleCount => _idle.Count;

    /// <summary>The proxy this origin's connections go through, or null for direct connections.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>The <c>Proxy-Authorization</c> field sent with each request forwarded to <see cref="Proxy"/> (not tunnelled).</summary>
    public string? ProxyAuthorization { get; set; }

    /// <summary>The Host field the origin's requests send, built from the first one's URL.</summary>
    public string? HostField { get; set; }

    /// <summary>Connections opened for this origin so far (for tests and the docs' keep-alive figures).</summary>
    public int OpenedCount { get; private set; }

    /// <summary>Takes a slot, waiting at most <paramref name="timeout"/> seconds; false when none came free in time.</summary>
    public GreenAwaitable<bool> TakeSlotAsync(double? timeout) => _slots.AcquireAwaitable(timeout: timeout);

    /// <summary>With a slot held: an idle connection that is still alive, or null (then the caller opens one).</summary>
    public ClientConnection? TakeIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            if (connection.IsAlive())
            {
                return connection;
            }

            connection.Close();
        }

        return null;
    }

    public void Opened() => OpenedCount++;

    /// <summary>Gives back a connection whose response was read to its end: kept when it may carry another request.</summary>
    public void Return(ClientConnection connection, bool keepAlive)
    {
        if (keepAlive && !_isDisposed)
        {
            connection.Start = connection.End = 0;
            _idle.Push(connection);
        }
        else
        {
            connection.Close();
        }

        _slots.Release();
    }

    /// <summary>Frees a slot taken for a connection that was never opened.</summary>
    public void ReleaseSlot() => _slots.Release();

    private bool _isDisposed;

    public void Dispose()
    {
        _isDisposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Close();
        }
    }
}
