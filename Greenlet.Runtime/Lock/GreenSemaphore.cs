using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A counter of free slots, with no owner: <see cref="Acquire(bool, GreenDuration?)"/> takes a slot, waiting (cooperatively) while there
/// is none, and <see cref="Release"/> gives one back — any greenlet may release. Waiting greenlets get slots in the
/// order they began to wait, and a released slot goes straight to the first of them, so a greenlet that arrives
/// later never takes it first. A waiter that times out or is killed never consumes a slot.
/// Use <c>using (semaphore.Lock()) { ... }</c> to hold a slot for a block. The overloads taking a
/// <see cref="CancellationToken"/> (GreenSemaphore.Cancellation.cs) give up when it is cancelled, from any thread.
/// </summary>
/// <remarks>
/// gevent: <c>gevent.lock.Semaphore</c>. One difference: gevent only bumps the counter on release and lets the woken
/// waiter take the slot when it runs, so until then another greenlet may take it first and <c>release()</c> returns
/// 1; here the slot is handed to the first waiter at once, no one can overtake it, and <see cref="Release"/> returns 0.
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class GreenSemaphore : IScopedLock, IWaitSource<bool>, IWaitSource<int>, IWaitSource<LockScope>
{
    // Payload: true for a greenlet waiting to acquire, false for one in Wait (which takes nothing).
    private WaiterQueue<bool> _waiters;
    private readonly int _bound;
    private int _counter;

    // The counter of the bound (a lock: 0/1 when held), and how many greenlets wait.
    private string DebuggerDisplay =>
        $"Counter = {_counter}{(_bound == int.MaxValue ? "" : $"/{_bound}")}, waiting = {_waiters.CountLive()}";

    /// <summary>Creates a semaphore with <paramref name="value"/> free slots.</summary>
    /// <param name="value">The initial counter; must not be negative.</param>
    /// <remarks>gevent: <c>Semaphore(value=1)</c>.</remarks>
    public GreenSemaphore(int value = 1)
        : this(value, int.MaxValue)
    {
    }

    private protected GreenSemaphore(int value, int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        _counter = value;
        _bound = bound;
    }

    /// <summary>The number of free slots: how many acquires would succeed now without waiting.</summary>
    /// <remarks>gevent: <c>Semaphore.counter</c>.</remarks>
    public int Counter => _counter;

    /// <summary>Whether an acquire would have to wait (no free slot).</summary>
    /// <remarks>gevent: <c>Semaphore.locked()</c>.</remarks>
    public bool IsLocked => _counter <= 0;

    /// <summary>
    /// Takes a slot. When none is free, waits (cooperatively) for one unless <paramref name="blocking"/> is false,
    /// for at most <paramref name="timeout"/> seconds. Waiters are served in arrival order.
    /// </summary>
    /// <param name="blocking">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <returns>True if a slot was taken; false if none was free in time (the counter is then unchanged).</returns>
    /// <remarks>gevent: <c>Semaphore.acquire(blocking=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    public bool Acquire(bool blocking = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && blocking && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall($"{GetType().Name}.Acquire");
        }

        return AcquireAwaitable(blocking, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire(bool, GreenDuration?)"/> instead.</summary>
    /// <param name="blocking">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Semaphore.acquire</c>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> AcquireAwaitable(bool blocking = true, GreenDuration? timeout = null)
    {
        if (TryTakeNow())
        {
            return new GreenAwaitable<bool>(true);
        }

        if (!blocking || timeout is { Seconds: <= 0 })
        {
            return new GreenAwaitable<bool>(false);
        }

        ParkAcquirer(timeout.InSeconds());
        return new GreenAwaitable<bool>(this);
    }

    /// <summary>Takes a slot if one is free now; never waits.</summary>
    /// <returns>Whether a slot was taken.</returns>
    /// <remarks>gevent: <c>Semaphore.acquire(blocking=False)</c>.</remarks>
    public bool TryAcquire() => TryTakeNow();

    /// <summary>
    /// Takes a slot, waiting (cooperatively) as <see cref="Acquire(bool, GreenDuration?)"/> does, and returns a scope that releases it when
    /// disposed: <c>using (semaphore.Lock()) { ... }</c>. Raises <see cref="GreenTimeout"/> if no slot was free
    /// within <paramref name="timeout"/> seconds; then nothing is held.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The scope holding the slot.</returns>
    /// <remarks>gevent: <c>with semaphore:</c>.</remarks>
    [Cooperative(nameof(LockAwaitable))]
    public LockScope Lock(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall($"{GetType().Name}.Lock");
        }

        return LockAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Lock"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Semaphore.__enter__</c>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<LockScope> LockAwaitable(GreenDuration? timeout = null)
    {
        if (TryTakeNow())
        {
            return new GreenAwaitable<LockScope>(new LockScope(this));
        }

        if (timeout is { Seconds: <= 0 })
        {
            throw new GreenTimeout(timeout.InSeconds());
        }

        ParkAcquirer(timeout.InSeconds());
        return new GreenAwaitable<LockScope>(this, WaitTimeoutState.Encode(timeout.InSeconds()));
    }

    /// <summary>
    /// Gives a slot back. If greenlets are waiting to acquire, the slot goes to the first of them (it wakes with it);
    /// otherwise the counter goes up. Greenlets in <see cref="Wait"/> ahead of that first acquirer are woken too.
    /// Never switches.
    /// </summary>
    /// <returns>The counter after the release: 0 when the slot was handed to a waiter.</returns>
    /// <exception cref="InvalidOperationException">A <see cref="BoundedSemaphore"/> released more times than acquired.</exception>
    /// <remarks>gevent: <c>Semaphore.release()</c>, which returns the counter (see the class remarks for the difference).</remarks>
    public int Release()
    {
        if (_counter >= _bound)
        {
            throw new InvalidOperationException("Semaphore released too many times.");
        }

        var hub = Hub.Current;
        while (_waiters.DequeueLive(out var acquires) is { } waiter)
        {
            if (acquires)
            {
                // The slot is the waiter's now: a kill or timeout arriving before it runs waits for its next suspension.
                waiter.WakeCarriesValue = true;
                hub.Wake(waiter);
                return _counter;
            }

            hub.Wake(waiter); // in Wait: it sees the release and takes nothing
        }

        Debug.Assert(_counter >= 0, "the counter of free slots is never negative");
        return ++_counter;
    }

    /// <summary>
    /// Waits (cooperatively) until a slot is free, without taking it, or until <paramref name="timeout"/> seconds pass.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>
    /// The counter when the wait ends: how many acquires would succeed now. It can be 0 after a timeout, or when the
    /// release that woke this greenlet handed its slot to a greenlet waiting to acquire.
    /// </returns>
    /// <remarks>gevent: <c>Semaphore.wait(timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public int Wait(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall($"{GetType().Name}.Wait");
        }

        return WaitAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Semaphore.wait</c>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<int> WaitAwaitable(GreenDuration? timeout = null)
    {
        if (_counter > 0 || timeout is { Seconds: <= 0 })
        {
            return new GreenAwaitable<int>(_counter);
        }

        _waiters.ParkRunning(Hub.Current, timeout.InSeconds(), false);
        return new GreenAwaitable<int>(this);
    }

    /// <summary>Describes the semaphore for logs and dumps.</summary>
    /// <returns>The type, the counter and how many greenlets wait.</returns>
    /// <remarks>gevent: <c>Semaphore.__str__</c>.</remarks>
    public override string ToString() => $"<{GetType().Name} counter={_counter} waiters={_waiters.CountLive()}>";

    void IScopedLock.ReleaseScope() => Release();

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state) => Resumed(waiter);

    LockScope IWaitSource<LockScope>.GetResult(Greenlet waiter, int state) =>
        Resumed(waiter) ? new LockScope(this) : throw new GreenTimeout(WaitTimeoutState.Decode(state));

    int IWaitSource<int>.GetResult(Greenlet waiter, int state)
    {
        waiter.ThrowIfInterrupted();
        return _counter;
    }

    private bool TryTakeNow()
    {
        // A positive counter means no one waits to acquire: a release hands its slot to a waiter instead.
        if (_counter > 0)
        {
            _counter--;
            return true;
        }

        return false;
    }

    private Greenlet ParkAcquirer(double? timeout) => _waiters.ParkRunning(Hub.Current, timeout, true);

    /// <summary>As an acquirer resumes: true if a release handed it a slot, false on timeout; raises a kill.</summary>
    private static bool Resumed(Greenlet waiter)
    {
        var handed = waiter.WakeCarriesValue;
        waiter.ThrowIfInterrupted();
        return handed;
    }
}
