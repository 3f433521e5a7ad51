namespace Greenlets;

/// <summary>
/// A held lock or semaphore slot, released when disposed: what <c>Lock()</c> returns, for a <c>using</c> scope.
/// Inside a <see cref="GreenletAttribute">[Greenlet]</see> method, <c>using (semaphore.Lock()) { ... }</c> waits
/// cooperatively for the slot, and the scope releases it however the block is left: normally, by an exception,
/// or by a kill or timeout raised inside it. Dispose it once; the default value releases nothing.
/// </summary>
/// <remarks>gevent: the <c>with semaphore:</c> / <c>with lock:</c> context manager.</remarks>
public readonly struct LockScope : IDisposable
{
    private readonly IScopedLock? _lock;

    internal LockScope(IScopedLock heldLock) => _lock = heldLock;

    /// <summary>Releases the lock or slot this scope holds.</summary>
    /// <remarks>gevent: <c>__exit__</c>, which calls <c>release()</c>.</remarks>
    public void Dispose() => _lock?.ReleaseScope();
}

/// <summary>A lock that a <see cref="LockScope"/> releases.</summary>
internal interface IScopedLock
{
    void ReleaseScope();
}
