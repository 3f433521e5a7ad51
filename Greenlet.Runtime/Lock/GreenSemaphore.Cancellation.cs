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
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes; zero or less does not wait.</param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>True if a slot was taken; false if none was free in time.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before a slot was taken.</exception>
    /// <remarks>gevent: <c>Semaphore.acquire(timeout=...)</c>, plus a token; .NET: <c>SemaphoreSlim.Wait(int, CancellationToken)</c>.</remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    [OverloadResolutionPriority(1)]
    public bool Acquire(double? timeout, CancellationToken cancellationToken)
    {
        var hub = Hub.Current;
        if (_counter <= 0 && timeout is not <= 0 && !cancellationToken.IsCancellationRequested)
        {
            hub.BeginBlockingCall($"{GetType().Name}.Acquire");
        }

        return AcquireAwaitable(timeout, cancellationToken).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire(double?, CancellationToken)"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: none.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [OverloadResolutionPriority(1)]
    public GreenAwaitable<bool> AcquireAwaitable(double? timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryTakeNow())
        {
            return new GreenAwaitable<bool>(true);
        }

        return timeout is <= 0 ? new GreenAwaitable<bool>(false) : new GreenAwaitable<bool>(ParkCancellable(timeout, cancellationToken));
    }

    /// <summary>
    /// Takes a slot, waiting (cooperatively) for at most <paramref name="timeout"/>, unless
    /// <paramref name="cancellationToken"/> is cancelled first; see <see cref="Acquire(CancellationToken)"/>.
    /// </summary>
    /// <param name="timeout">The most time to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits as long as it takes; zero does not wait.</param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>True if a slot was taken; false if none was free in time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative timeout other than <see cref="Timeout.InfiniteTimeSpan"/>, as <c>SemaphoreSlim</c> has.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before a slot was taken.</exception>
    /// <remarks>gevent: none; .NET: <c>SemaphoreSlim.Wait(TimeSpan, CancellationToken)</c>.</remarks>
    [Cooperative(nameof(AcquireAwaitable))]
    public bool Acquire(TimeSpan timeout, CancellationToken cancellationToken) => Acquire(Seconds(timeout), cancellationToken);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Acquire(TimeSpan, CancellationToken)"/> instead.</summary>
    /// <param name="timeout">The most time to wait.</param>
    /// <param name="cancellationToken">Gives up the wait when cancelled.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: none.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<bool> AcquireAwaitable(TimeSpan timeout, CancellationToken cancellationToken) => AcquireAwaitable(Seconds(timeout), cancellationToken);

    /// <summary>A TimeSpan timeout as the seconds the other overloads take: null for <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    private static double? Seconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return timeout.TotalSeconds;
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
