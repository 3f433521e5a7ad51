using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// The greenlets of one hub waiting for a ZeroMQ socket to become ready, to send or to receive. The socket's
/// <c>ZMQ_FD</c> is registered once with the hub (an <see cref="IoWatcher"/>) and only ever says "ZMQ_EVENTS may have
/// changed", in the read direction whatever the wait is for; so one waiter (the holder) waits on the descriptor, and
/// any other (a greenlet sending while another receives) parks in <see cref="Bystanders"/> until the holder wakes, or
/// the socket's state changes under a successful send or receive. Every wake is a hint: the woken greenlet retries
/// its operation.
/// </summary>
internal sealed class ZmqReadiness
{
    private readonly int _fd;
    private IoWatcher? _watch;
    private Greenlet? _holder;
    private int _receivers;
    private int _senders;

    public ZmqReadiness(int fd)
    {
        _fd = fd;
    }

    public bool IsClosed { get; private set; }

    /// <summary>Where the greenlets that do not hold the descriptor wait.</summary>
    public ParkingLot Bystanders { get; } = new();

    /// <summary>The descriptor's registration, which the holder waits on; made by the first <see cref="BeginWait"/>.</summary>
    public IoWatcher Watcher => _watch!;

    /// <summary>
    /// What the waiting greenlets wait for (<c>ZMQ_POLLIN</c>, <c>ZMQ_POLLOUT</c>): when a send or receive leaves the
    /// socket ready for it, they must be woken, since libzmq may have taken the descriptor's edge meanwhile.
    /// </summary>
    public int WantedEvents => (_receivers > 0 ? ZmqNative.ZMQ_POLLIN : 0) | (_senders > 0 ? ZmqNative.ZMQ_POLLOUT : 0);

    /// <summary>
    /// Begins the running greenlet's wait, which then waits on <see cref="Watcher"/> (readable) when this returns true,
    /// the holder, else in <see cref="Bystanders"/>. The caller must call <see cref="EndWait"/> once the wait is over,
    /// however it ended, and <see cref="ThrowIfClosed"/> after a bystander's wait.
    /// </summary>
    /// <param name="events">What the greenlet waits for: <c>ZMQ_POLLIN</c> or <c>ZMQ_POLLOUT</c>.</param>
    public bool BeginWait(int events)
    {
        ThrowIfClosed();
        if (events == ZmqNative.ZMQ_POLLIN)
        {
            _receivers++;
        }
        else
        {
            _senders++;
        }

        if (_holder is null)
        {
            _watch ??= new IoWatcher(_fd);
            _holder = Greenlet.Current;
            return true;
        }

        return false;
    }

    /// <summary>Ends the running greenlet's wait. When it held the descriptor, a bystander takes over.</summary>
    /// <param name="events">What it waited for, as given to <see cref="BeginWait"/>.</param>
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

        if (_holder is not null && ReferenceEquals(_holder, Greenlet.Current))
        {
            _holder = null;
            Bystanders.UnparkAll();
        }
    }

    /// <summary>Wakes every waiter, to look at the socket again.</summary>
    public void WakeAll()
    {
        _watch?.Feed(IoEvents.Read);
        Bystanders.UnparkAll();
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
        Bystanders.UnparkAll();
    }

    public void ThrowIfClosed() => ObjectDisposedException.ThrowIf(IsClosed, typeof(ZmqSocket));
}
