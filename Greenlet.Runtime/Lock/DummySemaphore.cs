using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A semaphore with unlimited slots: the same members as <see cref="GreenSemaphore"/>, but nothing ever waits or
/// switches. Use it where code is parameterized on whether a resource is really limited.
/// </summary>
/// <remarks>gevent: <c>gevent.lock.DummySemaphore</c>.</remarks>
public sealed class DummySemaphore
{
    /// <summary>Creates a dummy semaphore.</summary>
    /// <param name="value">Ignored, for the same shape as <see cref="GreenSemaphore(int)"/>.</param>
    /// <remarks>gevent: <c>DummySemaphore(value=None)</c>.</remarks>
    public DummySemaphore(int? value = null)
    {
        _ = value;
    }

    /// <summary>Always false: a dummy semaphore is never locked.</summary>
    /// <remarks>gevent: <c>DummySemaphore.locked()</c>.</remarks>
    public bool IsLocked => false;

    /// <summary>Succeeds at once, ignoring its arguments. Never switches.</summary>
    /// <param name="blocking">Ignored.</param>
    /// <param name="timeout">Ignored.</param>
    /// <returns>Always true.</returns>
    /// <remarks>gevent: <c>DummySemaphore.acquire(blocking=True, timeout=None)</c>.</remarks>
    public bool Acquire(bool blocking = true, GreenDuration? timeout = null) => true;

    /// <summary>Succeeds at once.</summary>
    /// <returns>Always true.</returns>
    /// <remarks>gevent: <c>DummySemaphore.acquire(blocking=False)</c>.</remarks>
    public bool TryAcquire() => true;

    /// <summary>Returns a scope whose disposal does nothing. Never switches.</summary>
    /// <param name="timeout">Ignored.</param>
    /// <returns>An empty scope.</returns>
    /// <remarks>gevent: <c>with DummySemaphore():</c>.</remarks>
    public LockScope Lock(GreenDuration? timeout = null) => default;

    /// <summary>Does nothing.</summary>
    /// <remarks>gevent: <c>DummySemaphore.release()</c>.</remarks>
    public void Release()
    {
    }

    /// <summary>Returns at once. Never switches.</summary>
    /// <param name="timeout">Ignored.</param>
    /// <returns>Always 1, as in gevent.</returns>
    /// <remarks>gevent: <c>DummySemaphore.wait(timeout=None)</c>.</remarks>
    public int Wait(GreenDuration? timeout = null) => 1;

    /// <summary>Names the type.</summary>
    /// <returns><c>&lt;DummySemaphore&gt;</c>.</returns>
    /// <remarks>gevent: <c>DummySemaphore.__str__</c>.</remarks>
    public override string ToString() => "<DummySemaphore>";
}
