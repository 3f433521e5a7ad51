using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public partial class GreenSemaphore : GreenSemaphore.IAcquireWait
{
    /// <summary>
    /// Takes a slot, waiting (cooperatively) for one as long as it takes, unless <paramref name="cancellationToken"/>
    /// is cancelled first, on any thread. A token already cancelled fails at once, even with a slot free; a
    /// cancellation that reaches the hub after a release handed this waiter its slot, but before it ran, gives the slot
    /// on to the next waiter. Either way no slot is taken, and the waiter gets <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled before a slot was taken.</exception>
    /// <remarks>gevent: none (gevent has no cancellation tokens); .NET: <c>SemaphoreSlim.Wait(CancellationToken)</c>.</remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    public void Acquire(CancellationToken cancellationToken)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && !cancellationToken.IsCancellationRequested)
        {
            hub.BeginBlockingCall($"{GetType().Name}.Acquire");
        }

        AcquireAwaitable(cancellationToken).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire(CancellationToken)"/> instead.</summary>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: none.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable AcquireAwaitable(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TryTakeNow() ? GreenAwaitable.Completed : new GreenAwaitable(ParkCancellable(null, cancellationToken));
    }

    VoidResult IWaitSource<VoidResult>.GetResult(Greenlet waiter, int state)
    {
        Resumed(waiter); // without a timeout only a release (or an interrupt) wakes it
        return default;
    }

    /// <summary>
    /// Takes a slot, waiting (cooperatively) for at most <paramref name="timeout"/> seconds, unless
    /// <paramref name="cancellationToken"/> is cancelled first; see <see cref="Acquire(CancellationToken)"/>.
    /// </summary>
    /// <param name="timeout">
    /// The most time to wait, in seconds or as a <see cref="TimeSpan"/>; null (or <see cref="Timeout.InfiniteTimeSpan"/>)
    /// waits as long as it takes; zero or less does not wait.
    /// </param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>True if a slot was taken; false if none was free in time.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before a slot was taken.</exception>
    /// <remarks>
    /// gevent: <c>Semaphore.acquire(timeout=...)</c>, plus a token; .NET: <c>SemaphoreSlim.Wait(TimeSpan, CancellationToken)</c>,
    /// except that a negative timeout other than <see cref="Timeout.InfiniteTimeSpan"/> does not wait, as in gevent, where SemaphoreSlim throws.
    /// </remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    public bool Acquire(GreenDuration? timeout, CancellationToken cancellationToken)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && timeout is not { Seconds: <= 0 } && !cancellationToken.IsCancellationRequested)
        {
            hub.BeginBlockingCall($"{GetType().Name}.Acquire");
        }

        return AcquireAwaitable(timeout, cancellationToken).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire(GreenDuration?, CancellationToken)"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: none.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> AcquireAwaitable(GreenDuration? timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryTakeNow())
        {
            return new GreenAwaitable<bool>(true);
        }

        return timeout is { Seconds: <= 0 } ? new GreenAwaitable<bool>(false) : new GreenAwaitable<bool>(ParkCancellable(timeout.InSeconds(), cancellationToken));
    }

    /// <summary>Parks the acquirer; what it gets back as it resumes: the semaphore itself when the token can never be cancelled.</summary>
    private IAcquireWait ParkCancellable(double? timeout, CancellationToken cancellationToken)
    {
        var waiter = ParkAcquirer(timeout);
        return cancellationToken.CanBeCanceled
            ? new CancellableAcquire(this, CancellationWatch.Start(Hub.Current, waiter, cancellationToken), cancellationToken)
            : this;
    }

    /// <summary>What a parked acquirer gets back as it resumes, with a timeout (bool) or without (nothing).</summary>
    private interface IAcquireWait : IWaitSource<bool>, IWaitSource<VoidResult>
    {
    }

    /// <summary>An acquire that a cancellation can end.</summary>
    private sealed class CancellableAcquire(GreenSemaphore semaphore, CancellationWatch watch, CancellationToken token) : IAcquireWait
    {
        bool IWaitSource<bool>.GetResult(Greenlet waiter, int state) => Resume(waiter);

        VoidResult IWaitSource<VoidResult>.GetResult(Greenlet waiter, int state)
        {
            Resume(waiter);
            return default;
        }

        /// <summary>True if a release handed the waiter its slot, false on timeout; raises a kill or the cancellation.</summary>
        private bool Resume(Greenlet waiter)
        {
            var handed = waiter.WakeCarriesValue;
            watch.Stop();
            if (watch.IsCancelled)
            {
                if (handed)
                {
                    // Cancelled before it ran with the slot: the slot goes on, and a kill held back for it is raised now.
                    semaphore.Release();
                    waiter.TakeDeferredInterrupt();
                }

                waiter.ThrowIfInterrupted(); // a kill wins over the cancellation
                throw new OperationCanceledException(token);
            }

            waiter.ThrowIfInterrupted();
            return handed;
        }
    }
}
