using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A re-entrant lock, owned by the greenlet that acquired it (the main greenlet in plain code). Its owner can
/// acquire it again without waiting; each acquire must be matched by a <see cref="Release"/>, and the lock is free
/// once the last one is. Only the owner may release it. Other greenlets wait (cooperatively) in arrival order, and
/// the lock passes straight to the first of them when its owner frees it. A waiter that times out or is killed never
/// becomes the owner. Use <c>using (rlock.Lock()) { ... }</c> to hold it for a block.
/// </summary>
/// <remarks>gevent: <c>gevent.lock.RLock</c>.</remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public sealed class RLock : IScopedLock, IWaitSource<bool>, IWaitSource<LockScope>
{
    private WaiterQueue<NoPayload> _waiters;
    private Greenlet? _owner;
    private int _count;

    // As ToString, without the owner's Name, which would give it an id.
    private string DebuggerDisplay =>
        $"Owner = {(_owner is null ? "none" : _owner.DebuggerDisplay)}, count = {_count}, waiting = {_waiters.CountLive()}";

    /// <summary>Creates an unlocked re-entrant lock.</summary>
    /// <remarks>gevent: <c>RLock()</c>.</remarks>
    public RLock()
    {
    }

    /// <summary>The greenlet that holds the lock, or null when it is free.</summary>
    /// <remarks>gevent: <c>RLock._owner</c>.</remarks>
    public Greenlet? Owner => _owner;

    /// <summary>How many times the owner has acquired the lock without releasing it; 0 when it is free.</summary>
    /// <remarks>gevent: <c>RLock._count</c>.</remarks>
    public int Count => _count;

    /// <summary>Whether some greenlet holds the lock.</summary>
    /// <remarks>gevent: <c>RLock.locked()</c> (Python 3.13's <c>threading.RLock.locked</c>).</remarks>
    public bool IsLocked => _owner is not null;

    /// <summary>Whether the greenlet running now holds the lock.</summary>
    /// <remarks>gevent: <c>RLock._is_owned()</c>.</remarks>
    public bool IsOwnedByCurrent => _owner is not null && ReferenceEquals(_owner, Greenlet.Current);

    /// <summary>
    /// Acquires the lock: at once if it is free or already held by the running greenlet (the count goes up);
    /// otherwise waits (cooperatively) unless <paramref name="blocking"/> is false, for at most
    /// <paramref name="timeout"/> seconds. Waiters are served in arrival order.
    /// </summary>
    /// <param name="blocking">Whether to wait for the lock.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <returns>True if the running greenlet now holds the lock; false if it could not get it in time.</returns>
    /// <remarks>gevent: <c>RLock.acquire(blocking=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    public bool Acquire(bool blocking = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (WouldWait(hub) && blocking && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("RLock.Acquire");
        }

        return AcquireAwaitable(blocking, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire"/> instead.</summary>
    /// <param name="blocking">Whether to wait for the lock.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>RLock.acquire</c>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> AcquireAwaitable(bool blocking = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (TryTakeNow(hub))
        {
            return new GreenAwaitable<bool>(true);
        }

        if (!blocking || timeout is { Seconds: <= 0 })
        {
            return new GreenAwaitable<bool>(false);
        }

        _waiters.ParkRunning(hub, timeout.InSeconds());
        return new GreenAwaitable<bool>(this);
    }

    /// <summary>Acquires the lock if that needs no waiting: it is free, or the running greenlet holds it.</summary>
    /// <returns>Whether the running greenlet now holds the lock.</returns>
    /// <remarks>gevent: <c>RLock.acquire(blocking=False)</c>.</remarks>
    public bool TryAcquire() => TryTakeNow(Hub.Current);

    /// <summary>
    /// Acquires the lock as <see cref="Acquire"/> does and returns a scope that releases it once when disposed:
    /// <c>using (rlock.Lock()) { ... }</c>. Raises <see cref="GreenTimeout"/> if the lock could not be had within
    /// <paramref name="timeout"/> seconds; then nothing is held.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The scope holding the lock.</returns>
    /// <remarks>gevent: <c>with rlock:</c>.</remarks>
    [Cooperative(nameof(LockAwaitable))]
    public LockScope Lock(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (WouldWait(hub) && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("RLock.Lock");
        }

        return LockAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Lock"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>RLock.__enter__</c>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<LockScope> LockAwaitable(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (TryTakeNow(hub))
        {
            return new GreenAwaitable<LockScope>(new LockScope(this));
        }

        if (timeout is { Seconds: <= 0 })
        {
            throw new GreenTimeout(timeout.InSeconds());
        }

        _waiters.ParkRunning(hub, timeout.InSeconds());
        return new GreenAwaitable<LockScope>(this, WaitTimeoutState.Encode(timeout.InSeconds()));
    }

    /// <summary>
    /// Releases one acquire by the running greenlet. When that was the last one, the lock passes to the first
    /// waiting greenlet (it wakes holding it), or becomes free. Never switches.
    /// </summary>
    /// <exception cref="InvalidOperationException">The running greenlet does not hold the lock.</exception>
    /// <remarks>gevent: <c>RLock.release()</c>, which raises <c>RuntimeError</c> for a non-owner.</remarks>
    public void Release()
    {
        var hub = Hub.Current;
        var current = RunningGreenlet(hub);
        if (!ReferenceEquals(_owner, current))
        {
            throw new InvalidOperationException(
                $"Cannot release un-acquired lock. Owner: {_owner?.ToString() ?? "none"}; current: {current}.");
        }

        if (--_count > 0)
        {
            return;
        }

        _owner = _waiters.DequeueLive();
        if (_owner is { } next)
        {
            // The lock is the waiter's now: a kill or timeout arriving before it runs waits for its next suspension.
            _count = 1;
            next.WakeCarriesValue = true;
            hub.Wake(next);
        }
    }

    /// <summary>Describes the lock for logs and dumps.</summary>
    /// <returns>The owner, the count and how many greenlets wait.</returns>
    /// <remarks>gevent: <c>RLock.__repr__</c>.</remarks>
    public override string ToString() =>
        $"<RLock owner={_owner?.ToString() ?? "none"} count={_count} waiters={_waiters.CountLive()}>";

    void IScopedLock.ReleaseScope() => Release();

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state) => Resumed(waiter);

    LockScope IWaitSource<LockScope>.GetResult(Greenlet waiter, int state) =>
        Resumed(waiter) ? new LockScope(this) : throw new GreenTimeout(WaitTimeoutState.Decode(state));

    private bool WouldWait(Hub hub) => _owner is not null && !ReferenceEquals(_owner, hub.Running ?? hub.Main);

    private bool TryTakeNow(Hub hub)
    {
        Debug.Assert(_count >= 0 && (_owner is null) == (_count == 0), "the lock has an owner exactly while its count is positive");
        var current = RunningGreenlet(hub);
        if (_owner is null)
        {
            // Free means no one waits: a release hands the lock to the first waiter instead.
            _owner = current;
            _count = 1;
            return true;
        }

        if (ReferenceEquals(_owner, current))
        {
            _count++;
            return true;
        }

        return false;
    }

    /// <summary>The greenlet that acquires or releases: the main greenlet in plain code; none in a hub callback.</summary>
    private static Greenlet RunningGreenlet(Hub hub) =>
        hub.Running ?? throw new InvalidOperationException("A hub callback cannot acquire or release an RLock: it runs on no greenlet that could own it.");

    /// <summary>As a waiter resumes: true if a release handed it the lock, false on timeout; raises a kill.</summary>
    private static bool Resumed(Greenlet waiter)
    {
        var handed = waiter.WakeCarriesValue;
        waiter.ThrowIfInterrupted();
        return handed;
    }
}
