namespace Greenlets;

/// <summary>
/// The one registration of a file descriptor with its hub's reactor, and the greenlets waiting on it: at most one
/// reader and one writer. Registered once, edge-triggered for both directions, so a wait costs no system call:
/// callers try their operation first and wait only when it would block (EAGAIN), then try again when woken.
/// A wake is a hint, never a promise: the retried operation may find nothing and wait again.
/// </summary>
internal sealed class FdWatch : IWaitSource<bool>
{
    private readonly Reactor _reactor;
    private Greenlet? _reader;
    private Greenlet? _writer;
    // Counts of readiness signals, which wrap: a wait compares their low 31 bits with those it parked at.
    private int _readSignals;
    private int _writeSignals;

    internal FdWatch(Reactor reactor, int fd)
    {
        _reactor = reactor;
        Fd = fd;
    }

    /// <summary>The descriptor watched.</summary>
    public int Fd { get; }

    /// <summary>True once <see cref="Close"/> ran: every wait fails with <see cref="FileDescriptorClosedException"/>.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Directions in which a greenlet is parked, for the poll(2) backend's interest set.</summary>
    internal IoEvents Interest => (_reader is null ? IoEvents.None : IoEvents.Read) | (_writer is null ? IoEvents.None : IoEvents.Write);

    /// <summary>
    /// Set whenever the reactor reports the descriptor readable, waiter or not. A reader that drained the descriptor
    /// clears it; while it stays clear, nothing has arrived since, so that reader may park without trying first.
    /// </summary>
    internal bool ReadSignalled { get; set; }

    /// <summary>
    /// Set for good once the epoll backend reports a hang-up or error (EPOLLRDHUP, EPOLLHUP, EPOLLERR): from then on
    /// a read always has something to say (end of stream, the error), even after one that took all the data.
    /// </summary>
    internal bool HangUpSeen { get; set; }

    /// <summary>Set while the poll(2) backend lists this watch among those with waiters.</summary>
    internal bool InPollList { get; set; }

    /// <summary>
    /// Parks the running greenlet (the main greenlet in plain code) until the descriptor is ready in
    /// <paramref name="direction"/>, the timeout passes (the result is then false), or the descriptor is closed.
    /// </summary>
    public GreenAwaitable<bool> WaitAwaitable(IoEvents direction, double? timeout)
    {
        if (IsClosed)
        {
            throw new FileDescriptorClosedException(Fd);
        }

        var reading = direction switch
        {
            IoEvents.Read => true,
            IoEvents.Write => false,
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Wait for Read or for Write, one at a time."),
        };

        var current = reading ? _reader : _writer;
        if (current is not null && current.State == GreenletState.Parked)
        {
            throw new ConcurrentObjectUseException(
                $"File descriptor {Fd} is already waited on for {(reading ? "reading" : "writing")} by {current}; one greenlet at a time can.");
        }

        var hub = _reactor.Hub;
        var waiter = hub.ParkRunning(timeout);
        if (waiter.State == GreenletState.Parked)
        {
            var wasIdle = _reader is null && _writer is null;
            if (reading)
            {
                _reader = waiter;
            }
            else
            {
                _writer = waiter;
            }

            _reactor.OnWaiterAdded(this, wasIdle);
        }

        // The state records the direction and its signal count when the wait began: a signal since means "ready".
        var signals = reading ? _readSignals : _writeSignals;
        return new GreenAwaitable<bool>(this, (signals << 1) | (reading ? 1 : 0));
    }

    /// <summary>Wakes the waiters the reactor found ready. Called on the hub, in the poll phase.</summary>
    internal void Signal(IoEvents ready)
    {
        if ((ready & IoEvents.Read) != 0)
        {
            ReadSignalled = true;
        }

        if ((ready & IoEvents.Read) != 0 && _reader is { } reader)
        {
            _reader = null;
            _reactor.OnWaiterRemoved();
            if (reader.State == GreenletState.Parked)
            {
                _readSignals++;
                _reactor.Hub.Wake(reader);
            }
        }

        if ((ready & IoEvents.Write) != 0 && _writer is { } writer)
        {
            _writer = null;
            _reactor.OnWaiterRemoved();
            if (writer.State == GreenletState.Parked)
            {
                _writeSignals++;
                _reactor.Hub.Wake(writer);
            }
        }
    }

    /// <summary>
    /// Drops the registration and wakes the waiters with <see cref="FileDescriptorClosedException"/>. Call it before
    /// closing the descriptor, so that the reactor never watches a number the kernel may give to a new descriptor.
    /// </summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _reactor.Unwatch(this);
        Signal(IoEvents.Read | IoEvents.Write);
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
    {
        var reading = (state & 1) != 0;
        if (reading && ReferenceEquals(_reader, waiter))
        {
            _reader = null; // woken by its timeout or a kill: the slot is free again
            _reactor.OnWaiterRemoved();
        }
        else if (!reading && ReferenceEquals(_writer, waiter))
        {
            _writer = null;
            _reactor.OnWaiterRemoved();
        }

        waiter.ThrowIfInterrupted();
        if (IsClosed)
        {
            throw new FileDescriptorClosedException(Fd);
        }

        return (reading ? _readSignals : _writeSignals) << 1 != (state & ~1);
    }
}
