using System.Runtime.ExceptionServices;
using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// Waiters for one condition that any thread can make true: greenlets of any number of hubs, and threads without a
/// hub. The greenlets of one hub park on that hub's <see cref="Site"/>, and a wake reaches each hub that has waiters
/// with one post through its doorbell (none for the waker's own hub), however many of its greenlets wait.
/// </summary>
/// <remarks>
/// The protocol against lost wakes: a waiter arms its site (or counts itself, on a thread) under the lock, which is a
/// full fence, then looks at the condition again before it parks; the waker makes the condition true, fences, then
/// reads <see cref="HasWaiters"/>. One of the two always sees the other.
/// </remarks>
internal sealed class HubWaitList
{
    private readonly object _gate = new(); // a Monitor, for the threads that wait on it
    private readonly List<Site> _sites = [];
    private readonly List<Site> _armed = [];
    private int _threadWaiters;
    private int _waiting; // _armed.Count + _threadWaiters, read without the lock

    /// <summary>Whether a greenlet or a thread may be waiting. A waker reads it after a fence.</summary>
    public bool HasWaiters => Volatile.Read(ref _waiting) != 0;

    /// <summary>On <paramref name="hub"/>'s thread: the site its greenlets park on, armed for the next wake.</summary>
    public Site Arm(Hub hub)
    {
        lock (_gate)
        {
            Site? site = null;
            foreach (var candidate in _sites)
            {
                if (ReferenceEquals(candidate.Hub, hub))
                {
                    site = candidate;
                    break;
                }
            }

            if (site is null)
            {
                _sites.RemoveAll(static ended => ended.HasHubEnded);
                site = new Site(hub);
                _sites.Add(site);
            }

            if (!site.Armed)
            {
                site.Armed = true;
                _armed.Add(site);
                Interlocked.Exchange(ref _waiting, _armed.Count + _threadWaiters);
            }

            return site;
        }
    }

    /// <summary>From any thread: wakes every armed hub (one post each) and every waiting thread. They look again.</summary>
    public void WakeAll()
    {
        Site[] sites;
        lock (_gate)
        {
            if (_armed.Count == 0 && _threadWaiters == 0)
            {
                return;
            }

            sites = [.. _armed];
            foreach (var site in sites)
            {
                site.Armed = false;
            }

            _armed.Clear();
            Volatile.Write(ref _waiting, _threadWaiters);
            if (_threadWaiters > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }

        foreach (var site in sites)
        {
            site.Wake();
        }
    }

    /// <summary>
    /// On a thread without a hub: blocks until <paramref name="isDone"/> holds or <paramref name="timeout"/> passes.
    /// <paramref name="isDone"/> runs under the lock, so it must not block.
    /// </summary>
    /// <returns>True when <paramref name="isDone"/> held; false on timeout.</returns>
    public bool WaitOnThread(Func<bool> isDone, GreenDuration? timeout)
    {
        var deadline = timeout is { IsInfinite: false } limit ? Environment.TickCount64 + (long)Math.Ceiling(limit.Seconds * 1000) : long.MaxValue;
        lock (_gate)
        {
            _threadWaiters++;
            Interlocked.Exchange(ref _waiting, _armed.Count + _threadWaiters);
            try
            {
                while (!isDone())
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
                }

                return true;
            }
            finally
            {
                _threadWaiters--;
                Volatile.Write(ref _waiting, _armed.Count + _threadWaiters);
            }
        }
    }

    /// <summary>
    /// Plain code on a hub's thread: runs the wait in a greenlet of its own while the main greenlet blocks (the hub runs
    /// meanwhile), and returns its outcome. The wait's exception is rethrown here, not reported as a greenlet's failure.
    /// </summary>
    public static T BlockMain<T>(Hub hub, string operation, Func<GreenTask<T>> wait)
    {
        hub.BeginBlockingCall(operation);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        Greenlet.SpawnTwin(async () =>
        {
            try
            {
                result = await wait();
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        }).Join();
        failure?.Throw();
        return result;
    }

    /// <summary>The hub time, in seconds, at which a wait of <paramref name="timeout"/> ends; null for none.</summary>
    public static double? Deadline(Hub hub, GreenDuration? timeout) =>
        timeout is { IsInfinite: false } limit ? hub.Now.TotalSeconds + limit.Seconds : null;

    /// <summary>The seconds left until <paramref name="deadline"/>; null for none.</summary>
    public static double? Left(Hub hub, double? deadline) => deadline - hub.Now.TotalSeconds;

    /// <summary>The greenlets of one hub waiting on the list: they park on its lot, holding the hub's external work.</summary>
    internal sealed class Site : IHubRunnable
    {
        private readonly Reactor _reactor;
        private readonly ParkingLot _lot = new();
        private int _parked;

        public Site(Hub hub)
        {
            Hub = hub;
            _reactor = hub.Reactor; // made on the hub's own thread, where it is created if need be
        }

        public Hub Hub { get; }

        /// <summary>Guarded by the list's lock.</summary>
        public bool Armed { get; set; }

        public bool HasHubEnded => _reactor.IsDisposed;

        /// <summary>
        /// On the hub's thread, in a greenlet: parks the running greenlet until a wake or <paramref name="seconds"/>. The
        /// wait holds the hub's external work, so the hub waits for the post instead of reporting it would block forever.
        /// </summary>
        public async GreenTask<bool> Park(double? seconds)
        {
            if (_parked++ == 0)
            {
                Hub.BeginExternalWork();
            }

            try
            {
                return await _lot.ParkAwaitable(seconds.HasValue ? GreenDuration.FromSeconds(seconds.Value) : null);
            }
            finally
            {
                if (--_parked == 0)
                {
                    Hub.EndExternalWork();
                }
            }
        }

        /// <summary>From any thread: wakes this hub's parked greenlets, directly on the hub's own thread, else by one post.</summary>
        public void Wake()
        {
            if (Environment.CurrentManagedThreadId == Hub.ThreadId)
            {
                _lot.UnparkAll();
            }
            else
            {
                _reactor.TryPostFromAnyThread(this); // refused once the hub ended: nobody is left to wake
            }
        }

        void IHubRunnable.RunOnHub(Hub hub) => _lot.UnparkAll();
    }
}
