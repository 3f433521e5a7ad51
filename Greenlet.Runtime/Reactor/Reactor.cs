using System.Collections.Concurrent;

namespace Greenlets;

/// <summary>
/// The hub's I/O readiness source and cross-thread doorbell. It keeps one <see cref="FdWatch"/> per descriptor,
/// polls the kernel in the loop's I/O phase, wakes the greenlets whose descriptors became ready, and moves work
/// posted by other threads into the ready queue. Created lazily, the first time a hub watches a descriptor or
/// expects work from another thread, so hubs that do neither make no system calls.
/// </summary>
internal abstract class Reactor : IDisposable
{
    /// <summary>The environment variable that selects the backend: <c>epoll</c> or <c>poll</c>.</summary>
    public const string EnvironmentVariable = "GREENLET_REACTOR";

    private readonly ConcurrentQueue<Post> _posts = new();
    private readonly Lock _disposing = new(); // orders TryPostFromAnyThread against Dispose
    private FdWatch?[] _byFd = new FdWatch?[64];
    private int _wakePending;
    private bool _disposed;

    protected Reactor(Hub hub)
    {
        Hub = hub;
    }

    public Hub Hub { get; }

    /// <summary>True once the hub ended and disposed its reactor.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>Greenlets parked on descriptors of this reactor.</summary>
    public int WaiterCount { get; private set; }

    /// <summary>Work that other threads have posted and the loop has not yet taken in.</summary>
    public bool HasPosts => Volatile.Read(ref _wakePending) != 0;

    /// <summary>The eventfd other threads write to wake the loop.</summary>
    protected FileDescriptorHandle Doorbell { get; } = FileDescriptorHandle.CreateEventFd();

    public static Reactor Create(Hub hub, ReactorKind kind)
    {
        if (kind == ReactorKind.Default)
        {
            kind = FromEnvironment();
        }

        return kind switch
        {
            ReactorKind.Epoll => new EpollReactor(hub),
            ReactorKind.Poll => new PollReactor(hub),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static ReactorKind FromEnvironment()
    {
        var name = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return name?.Trim().ToLowerInvariant() switch
        {
            null or "" => ReactorKind.Epoll,
            "epoll" => ReactorKind.Epoll,
            "poll" => ReactorKind.Poll,
            _ => throw new InvalidOperationException($"{EnvironmentVariable}='{name}' is not a reactor. Use 'epoll' or 'poll'."),
        };
    }

    /// <summary>Registers <paramref name="fd"/> (non-blocking already) and returns its watch; one per descriptor.</summary>
    public FdWatch Watch(int fd)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        if (fd >= _byFd.Length)
        {
            Array.Resize(ref _byFd, Math.Max(fd + 1, _byFd.Length * 2));
        }

        if (_byFd[fd] is not null)
        {
            throw new InvalidOperationException($"File descriptor {fd} is already watched by this hub.");
        }

        var watch = new FdWatch(this, fd);
        Register(watch);
        _byFd[fd] = watch;
        return watch;
    }

    /// <summary>The watch of <paramref name="fd"/>, if it has one.</summary>
    public FdWatch? Find(int fd) => (uint)fd < (uint)_byFd.Length ? _byFd[fd] : null;

    internal void Unwatch(FdWatch watch)
    {
        if ((uint)watch.Fd < (uint)_byFd.Length && ReferenceEquals(_byFd[watch.Fd], watch))
        {
            _byFd[watch.Fd] = null;
            if (!_disposed)
            {
                Unregister(watch);
            }
        }
    }

    internal void OnWaiterAdded(FdWatch watch, bool wasIdle)
    {
        WaiterCount++;
        if (wasIdle)
        {
            OnWatchBusy(watch);
        }
    }

    internal void OnWaiterRemoved() => WaiterCount--;

    /// <summary>
    /// Waits up to <paramref name="timeoutTicks"/> (negative: for ever, 0: not at all) for readiness or posts, then
    /// wakes the ready waiters in the order the kernel reported them and queues the posts in the order they came.
    /// </summary>
    /// <returns>How many descriptors were ready, counting the doorbell.</returns>
    public int Poll(long timeoutTicks)
    {
        var timeoutMs = timeoutTicks < 0 ? -1
            : (int)Math.Min(int.MaxValue, (timeoutTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
        return PollAndDispatch(timeoutMs);
    }

    protected abstract void Register(FdWatch watch);

    protected abstract void Unregister(FdWatch watch);

    /// <summary>
    /// Makes sure the kernel still watches <paramref name="watch"/>'s descriptor. A descriptor closed without
    /// <see cref="FdWatch.Close"/> leaves the kernel's registration behind, and the number may come back as a new
    /// descriptor that nothing watches. Raw descriptors from outside (GreenIo) are checked before each wait; sockets
    /// close through their watch and never need it.
    /// </summary>
    public virtual void Revalidate(FdWatch watch)
    {
    }

    /// <summary>A watch got its first waiter.</summary>
    protected virtual void OnWatchBusy(FdWatch watch)
    {
    }

    protected abstract int PollAndDispatch(int timeoutMs);

    /// <summary>
    /// From any thread: queues <paramref name="item"/> for the hub's ready queue and rings the doorbell.
    /// With <paramref name="endsExternalWork"/>, it also ends one unit of work begun with <see cref="Hub.BeginExternalWork"/>.
    /// </summary>
    public void PostFromAnyThread(IHubRunnable item, bool endsExternalWork)
    {
        // In simulation each post carries its thread, so the drain may interleave threads but keep each one's own order.
        _posts.Enqueue(new Post(item, endsExternalWork, Hub.Simulation is null ? 0 : PosterId));
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            Doorbell.SignalEventFd();
        }
    }

    /// <summary>
    /// Like <see cref="PostFromAnyThread"/>, for callers that may outlive the hub: false, and nothing queued, once the
    /// reactor is disposed. A post is either refused or queued before the disposal; one queued then is never run.
    /// </summary>
    public bool TryPostFromAnyThread(IHubRunnable item, bool endsExternalWork = false)
    {
        lock (_disposing)
        {
            if (_disposed)
            {
                return false;
            }

            PostFromAnyThread(item, endsExternalWork);
            return true;
        }
    }

    /// <summary>Takes in what other threads posted. Called on the hub when the doorbell rang.</summary>
    protected void DrainPosts()
    {
        Doorbell.ResetEventFd();
        Volatile.Write(ref _wakePending, 0); // before draining: a post from now on rings again
        if (Hub.Simulation is { } simulation)
        {
            DrainPostsInterleaved(simulation);
            return;
        }

        while (_posts.TryDequeue(out var post))
        {
            TakeIn(post);
        }
    }

    /// <summary>
    /// The simulation's drain: the posts waiting now, in a seeded interleaving of their threads. Posts of different
    /// threads have no order a program may rely on; one thread's posts keep theirs, as <see cref="LowLevel.HubToken.Post"/> promises.
    /// </summary>
    private void DrainPostsInterleaved(Simulation simulation)
    {
        var drained = new List<Post>();
        while (_posts.TryDequeue(out var post))
        {
            drained.Add(post);
        }

        foreach (var index in simulation.InterleaveByThread(drained, post => post.ThreadId))
        {
            TakeIn(drained[index]);
        }
    }

    private void TakeIn(Post post)
    {
        if (post.EndsExternalWork)
        {
            Hub.EndExternalWork();
        }

        Hub.Enqueue(post.Item);
    }

    public void Dispose()
    {
        lock (_disposing)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        DisposeBackend();
        Doorbell.Dispose();
    }

    protected abstract void DisposeBackend();

    private readonly record struct Post(IHubRunnable Item, bool EndsExternalWork, int ThreadId);

    // A number per posting thread, never reused: a managed thread id is recycled once its thread ends, which would
    // merge two threads' posts into one order under a seed.
    [ThreadStatic]
    private static int t_posterId;
    private static int s_lastPosterId;

    private static int PosterId => t_posterId != 0 ? t_posterId : t_posterId = Interlocked.Increment(ref s_lastPosterId);
}
