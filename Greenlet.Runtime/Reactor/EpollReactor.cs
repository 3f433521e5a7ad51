using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// The Linux backend: each descriptor is added once, for input and output, edge-triggered, and stays until its
/// watch closes. Waiting therefore costs no <c>epoll_ctl</c>; one <c>epoll_wait</c> per loop pass reports what changed.
/// </summary>
internal sealed unsafe class EpollReactor : Reactor
{
    private const int BatchSize = 256;
    private const uint Interest = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    private readonly FileDescriptorHandle _epoll = FileDescriptorHandle.CreateEpoll();

    // Pinned for the reactor's life: epoll_wait writes into it on every poll, without marshalling.
    private readonly byte[] _events = GC.AllocateUninitializedArray<byte>(BatchSize * EpollLayout.Size, pinned: true);

    public EpollReactor(Hub hub)
        : base(hub)
    {
        Control(Libc.EPOLL_CTL_ADD, Doorbell.Fd, Libc.EPOLLIN | Libc.EPOLLET);
    }

    protected override void Register(FdWatch watch) => Control(Libc.EPOLL_CTL_ADD, watch.Fd, Interest);

    protected override void Unregister(FdWatch watch)
    {
        // Kernels before 2.6.9 wanted an event even for DEL. A failure means the descriptor was closed already,
        // which removed it from the epoll set: nothing is left to undo.
        byte* unused = stackalloc byte[16];
        Libc.epoll_ctl(_epoll.Fd, Libc.EPOLL_CTL_DEL, watch.Fd, unused);
    }

    public override void Revalidate(FdWatch watch)
    {
        byte* ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, Interest);
        Unsafe.WriteUnaligned(ev + EpollLayout.DataOffset, (ulong)watch.Fd);
        if (Libc.epoll_ctl(_epoll.Fd, Libc.EPOLL_CTL_MOD, watch.Fd, ev) != 0 && Libc.LastError == Libc.ENOENT)
        {
            Control(Libc.EPOLL_CTL_ADD, watch.Fd, Interest);
        }
    }

    protected override int PollAndDispatch(int timeoutMs)
    {
        int count;
        fixed (byte* events = _events)
        {
            count = Libc.epoll_wait(_epoll.Fd, events, BatchSize, timeoutMs);
            if (count < 0)
            {
                var errno = Libc.LastError;
                if (errno == Libc.EINTR)
                {
                    return 0; // a signal arrived; the loop comes round again
                }

                throw new IOException($"epoll_wait failed: errno {errno}.");
            }

            if (count > 1 && Hub.Simulation is { } simulation)
            {
                simulation.ShuffleReadiness(new Span<byte>(events, count * EpollLayout.Size), EpollLayout.Size); // one poll's readiness has no promised order
            }

            var doorbell = Doorbell.Fd;
            var rangDoorbell = false;
            for (var i = 0; i < count; i++)
            {
                var entry = events + (i * EpollLayout.Size);
                var flags = Unsafe.ReadUnaligned<uint>(entry);
                var fd = (int)Unsafe.ReadUnaligned<ulong>(entry + EpollLayout.DataOffset);
                if (fd == doorbell)
                {
                    rangDoorbell = true;
                }
                else if (Find(fd) is { } watch)
                {
                    if ((flags & (Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0)
                    {
                        watch.HangUpSeen = true;
                    }

                    watch.Signal(ToReady(flags));
                }
            }

            if (rangDoorbell)
            {
                DrainPosts(); // after the I/O wakes, as the loop's phases order them
            }
        }

        return count;
    }

    private static IoEvents ToReady(uint flags)
    {
        // Errors and hang-ups wake both directions: the retried call collects the error or the end of stream.
        if ((flags & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0)
        {
            return IoEvents.Read | IoEvents.Write;
        }

        var ready = IoEvents.None;
        if ((flags & (Libc.EPOLLIN | Libc.EPOLLPRI | Libc.EPOLLRDHUP)) != 0)
        {
            ready |= IoEvents.Read;
        }

        if ((flags & Libc.EPOLLOUT) != 0)
        {
            ready |= IoEvents.Write;
        }

        return ready;
    }

    private void Control(int op, int fd, uint events)
    {
        byte* ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, events);
        Unsafe.WriteUnaligned(ev + EpollLayout.DataOffset, (ulong)fd);
        if (Libc.epoll_ctl(_epoll.Fd, op, fd, ev) != 0)
        {
            throw new IOException($"epoll_ctl({op}) on file descriptor {fd} failed: errno {Libc.LastError}.");
        }
    }

    protected override void DisposeBackend() => _epoll.Dispose();
}
