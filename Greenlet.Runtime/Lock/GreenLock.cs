namespace Greenlets;

/// <summary>
/// A mutual-exclusion lock: a <see cref="BoundedSemaphore"/> with one slot. It has no owner — any greenlet may
/// release it — but releasing it when it is not held throws <see cref="InvalidOperationException"/>. Waiters get it
/// in arrival order. For a lock its holder can take again, use <see cref="RLock"/>.
/// </summary>
/// <remarks>gevent: <c>gevent.thread.LockType</c> (monkey-patched <c>threading.Lock</c>), which is <c>BoundedSemaphore(1)</c>.</remarks>
public sealed class GreenLock : BoundedSemaphore
{
    /// <summary>Creates an unlocked lock.</summary>
    /// <remarks>gevent: <c>gevent.thread.allocate_lock()</c>.</remarks>
    public GreenLock()
        : base(1)
    {
    }
}
