namespace Greenlets;

/// <summary>
/// Runs blocking work (file I/O, CPU-bound code, legacy blocking APIs) on worker threads while the greenlet that asked
/// waits cooperatively: other greenlets keep running, and the outcome comes back to the asking greenlet's hub through
/// the hub's doorbell, so hub code never runs on a worker. At most <see cref="MaxSize"/> workers run at once; more work
/// queues until one is free. Workers are dedicated threads, started on demand and ended after
/// <see cref="IdleTimeout"/> without work, so blocking work never starves the .NET thread pool.
/// </summary>
/// <remarks>gevent: <c>gevent.threadpool.ThreadPool</c>.</remarks>
public sealed partial class GreenThreadPool : IDisposable
{
    /// <summary>The size of <see cref="Default"/>: gevent's default hub thread pool size.</summary>
    public const int DefaultMaxSize = 10;

    /// <summary>How long a worker waits for work before its thread ends.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<GreenThreadPool> s_default = new(() => new GreenThreadPool(DefaultMaxSize, isDefault: true));

    private readonly object _lock = new();
    private readonly Queue<PoolWork> _queue = new();
    private readonly bool _isDefault;
    private int _threads;
    private int _idle;
    private bool _closed;

    /// <summary>Creates a pool of at most <paramref name="maxSize"/> worker threads; none starts until work comes.</summary>
    /// <param name="maxSize">The most workers running at once; at least 1.</param>
    /// <remarks>gevent: <c>ThreadPool(maxsize)</c>.</remarks>
    public GreenThreadPool(int maxSize)
        : this(maxSize, isDefault: false)
    {
    }

    private GreenThreadPool(int maxSize, bool isDefault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        MaxSize = maxSize;
        _isDefault = isDefault;
    }

    /// <summary>The process-wide pool, of <see cref="DefaultMaxSize"/> workers, shared by every hub (DNS uses it too).</summary>
    /// <remarks>gevent: <c>gevent.get_hub().threadpool</c>.</remarks>
    public static GreenThreadPool Default => s_default.Value;

    /// <summary>The most workers running at once.</summary>
    /// <remarks>gevent: <c>ThreadPool.maxsize</c>.</remarks>
    public int MaxSize { get; }

    /// <summary>Worker threads alive now, busy or idle.</summary>
    /// <remarks>gevent: <c>ThreadPool.size</c>.</remarks>
    public int Size
    {
        get
        {
            lock (_lock)
            {
                return _threads;
            }
        }
    }

    /// <summary>Work waiting for a free worker.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Stops taking work. Work already queued still runs, then the workers end. Waiting greenlets get their outcomes.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is <see cref="Default"/>, which lives as long as the process.</exception>
    /// <remarks>gevent: <c>ThreadPool.join()</c> followed by <c>kill()</c>, without the wait.</remarks>
    public void Dispose()
    {
        ThrowIfDefault();
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// Stops taking work and drops the work that has not started: its waiters raise
    /// <see cref="OperationCanceledException"/>. Work already running finishes (threads cannot be stopped safely)
    /// and its outcome is still delivered.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is <see cref="Default"/>.</exception>
    /// <remarks>gevent: <c>ThreadPool.kill()</c>.</remarks>
    public void Kill()
    {
        ThrowIfDefault();
        PoolWork[] dropped;
        lock (_lock)
        {
            _closed = true;
            dropped = [.. _queue];
            _queue.Clear();
            Monitor.PulseAll(_lock);
        }

        foreach (var work in dropped)
        {
            work.Fail(new OperationCanceledException("The thread pool was killed before this work started."));
        }
    }

    private void Submit(PoolWork work)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queue.Enqueue(work);
            if (_idle > 0)
            {
                Monitor.Pulse(_lock);
            }

            if (_queue.Count > _idle && _threads < MaxSize)
            {
                _threads++;
                new Thread(RunWorker) { IsBackground = true, Name = "GreenThreadPool worker" }.Start();
            }
        }
    }

    private void RunWorker()
    {
        while (TakeWork() is { } work)
        {
            work.Run();
        }
    }

    /// <summary>The next work item, or null when the worker should end (closed and drained, or idle too long).</summary>
    private PoolWork? TakeWork()
    {
        lock (_lock)
        {
            while (_queue.Count == 0)
            {
                if (_closed)
                {
                    _threads--;
                    return null;
                }

                _idle++;
                var woken = Monitor.Wait(_lock, IdleTimeout);
                _idle--;
                if (!woken && _queue.Count == 0)
                {
                    _threads--;
                    return null;
                }
            }

            return _queue.Dequeue();
        }
    }

    private void ThrowIfDefault()
    {
        if (_isDefault)
        {
            throw new InvalidOperationException("GreenThreadPool.Default lives as long as the process; dispose pools you create.");
        }
    }
}
