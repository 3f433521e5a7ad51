namespace Greenlets;

/// <summary>
/// The greenlets of one hub waiting for a ZeroMQ socket to become ready, to send or to receive. The socket's
/// <c>ZMQ_FD</c> is registered once with the reactor and only ever says "ZMQ_EVENTS may have changed", in the read
/// direction whatever the wait is for; so one waiter (the holder) waits on the descriptor, and any other (a greenlet
/// sending while another receives) parks here until the holder wakes, or the socket's state changes under a
/// successful send or receive. Every wake is a hint: the woken greenlet retries its operation.
/// </summary>
internal sealed class ZmqReadiness : IWaitSource<bool>
{
    private readonly Hub _hub;
    private readonly int _fd;
    private FdWatch? _watch;
    private Greenlet? _holder;
    private WaiterQueue<NoPayload> _bystanders;
    private int _receivers;
    private int _senders;

    public ZmqReadiness(Hub hub, int fd)
    {
        _hub = hub;
        _fd = fd;
    }

    public bool IsClosed { get; private set; }

    /// <summary>
    /// What the waiting greenlets wait for (<c>ZMQ_POLLIN</c>, <c>ZMQ_POLLOUT</c>): when a send or receive leaves the
    /// socket ready for it, they must be woken, since libzmq may have taken the descriptor's edge meanwhile.
    /// </summary>
    public int WantedEvents => (_receivers > 0 ? ZmqNative.ZMQ_POLLIN : 0) | (_senders > 0 ? ZmqNative.ZMQ_POLLOUT : 0);

    /// <summary>
    /// Parks the running greenlet until the socket's state may have changed, or <paramref name="timeout"/> seconds
    /// pass. The caller must call <see cref="EndWait"/> once the wait is over, however it ended.
    /// </summary>
    /// <param name="timeout">Seconds; positive infinity for no limit.</param>
    /// <param name="events">What the greenlet waits for: <c>ZMQ_POLLIN</c> or <c>ZMQ_POLLOUT</c>.</param>
    public GreenAwaitable<bool> WaitAwaitable(double timeout, int events)
    {
        ObjectDisposedException.ThrowIf(IsClosed, typeof(ZmqSocket));
        if (events == ZmqNative.ZMQ_POLLIN)
        {
            _receivers++;
        }
        else
        {
            _senders++;
        }

        double? seconds = double.IsPositiveInfinity(timeout) ? null : timeout;
        if (_holder is null)
        {
            _watch ??= _hub.Reactor.Watch(_fd);
            _holder = _hub.Running;
            return _watch.WaitAwaitable(IoEvents.Read, seconds);
        }

        _bystanders.ParkRunning(_hub, seconds);
        return new GreenAwaitable<bool>(this);
    }

    /// <summary>Ends the running greenlet's wait. When it held the descriptor, a bystander takes over.</summary>
    /// <param name="events">What it waited for, as given to <see cref="WaitAwaitable"/>.</param>
    public void EndWait(int events)
    {
        if (events == ZmqNative.ZMQ_POLLIN)
        {
            _receivers--;
        }
        else
        {
            _senders--;
        }

        if (_holder is not null && ReferenceEquals(_holder, _hub.Running))
        {
            _holder = null;
            _bystanders.WakeAll(_hub);
        }
    }

    /// <summary>Wakes every waiter, to look at the socket again.</summary>
    public void WakeAll()
    {
        _watch?.Signal(IoEvents.Read);
        _bystanders.WakeAll(_hub);
    }

    /// <summary>Drops the descriptor's registration (before libzmq closes it) and wakes every waiter to fail.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _watch?.Close();
        _bystanders.WakeAll(_hub);
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
    {
        waiter.ThrowIfInterrupted();
        ObjectDisposedException.ThrowIf(IsClosed, typeof(ZmqSocket));
        return true;
    }
}
