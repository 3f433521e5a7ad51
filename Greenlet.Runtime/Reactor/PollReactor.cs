namespace Greenlets;

/// <summary>
/// The portable backend: each poll(2) passes the descriptors that have waiters, with the directions they wait
/// in. Level-triggered, so a descriptor that stays ready keeps waking its waiter until it is drained.
/// </summary>
internal sealed unsafe class PollReactor : Reactor
{
    private readonly List<FdWatch> _busy = [];
    private Libc.PollFd[] _fds = new Libc.PollFd[16];
    private FdWatch?[] _polled = new FdWatch?[16];

    public PollReactor(Hub hub)
        : base(hub)
    {
    }

    protected override void Register(FdWatch watch)
    {
    }

    protected override void Unregister(FdWatch watch)
    {
        // Left in the busy list: it is dropped at the next poll, when its interest is found empty.
    }

    protected override void OnWatchBusy(FdWatch watch)
    {
        if (!watch.InPollList)
        {
            watch.InPollList = true;
            _busy.Add(watch);
        }
    }

    protected override int PollAndDispatch(int timeoutMs)
    {
        var count = Gather();
        int ready;
        fixed (Libc.PollFd* fds = _fds)
        {
            ready = Libc.poll(fds, (nuint)count, timeoutMs);
        }

        if (ready < 0)
        {
            var errno = Libc.LastError;
            if (errno == Libc.EINTR)
            {
                return 0;
            }

            throw new IOException($"poll failed: errno {errno}.");
        }

        if (ready > 1 && Hub.Simulation is { } simulation)
        {
            ShuffleReady(simulation, count); // one poll's readiness has no promised order
        }

        var rangDoorbell = false;
        for (var i = 0; i < count && ready > 0; i++)
        {
            var revents = _fds[i].Revents;
            if (revents == 0)
            {
                continue;
            }

            if (_polled[i] is { } watch)
            {
                watch.Signal(ToReady(revents));
            }
            else
            {
                rangDoorbell = true;
            }
        }

        if (rangDoorbell)
        {
            DrainPosts();
        }

        Array.Clear(_polled, 0, count);
        return ready;
    }

    /// <summary>Permutes the entries poll(2) found ready, in place, with the watches they belong to; the rest stay put.</summary>
    private void ShuffleReady(Simulation simulation, int count)
    {
        Span<int> positions = count <= 256 ? stackalloc int[count] : new int[count];
        var ready = 0;
        for (var i = 0; i < count; i++)
        {
            if (_fds[i].Revents != 0)
            {
                positions[ready++] = i;
            }
        }

        var order = simulation.Permutation(ready, "io");
        var fds = new Libc.PollFd[ready];
        var watches = new FdWatch?[ready];
        for (var i = 0; i < ready; i++)
        {
            fds[i] = _fds[positions[order[i]]];
            watches[i] = _polled[positions[order[i]]];
        }

        for (var i = 0; i < ready; i++)
        {
            _fds[positions[i]] = fds[i];
            _polled[positions[i]] = watches[i];
        }
    }

    /// <summary>Fills the pollfd array: the doorbell first, then each watch that still has waiters.</summary>
    private int Gather()
    {
        EnsureCapacity(_busy.Count + 1);
        _fds[0] = new Libc.PollFd { Fd = Doorbell.Fd, Events = Libc.POLLIN };
        _polled[0] = null;
        var count = 1;
        var kept = 0;
        for (var i = 0; i < _busy.Count; i++)
        {
            var watch = _busy[i];
            var interest = watch.IsClosed ? IoEvents.None : watch.Interest;
            if (interest == IoEvents.None)
            {
                watch.InPollList = false;
                continue;
            }

            _busy[kept++] = watch;
            _fds[count] = new Libc.PollFd
            {
                Fd = watch.Fd,
                Events = (short)(((interest & IoEvents.Read) != 0 ? Libc.POLLIN : 0) | ((interest & IoEvents.Write) != 0 ? Libc.POLLOUT : 0)),
            };
            _polled[count++] = watch;
        }

        _busy.RemoveRange(kept, _busy.Count - kept);
        return count;
    }

    private static IoEvents ToReady(short revents)
    {
        if ((revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0)
        {
            return IoEvents.Read | IoEvents.Write;
        }

        return ((revents & Libc.POLLIN) != 0 ? IoEvents.Read : IoEvents.None) | ((revents & Libc.POLLOUT) != 0 ? IoEvents.Write : IoEvents.None);
    }

    private void EnsureCapacity(int needed)
    {
        if (_fds.Length < needed)
        {
            var size = Math.Max(needed, _fds.Length * 2);
            _fds = new Libc.PollFd[size];
            _polled = new FdWatch?[size];
        }
    }

    protected override void DisposeBackend()
    {
    }
}
