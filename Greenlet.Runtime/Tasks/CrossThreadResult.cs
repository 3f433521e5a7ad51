using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// An outcome that another thread produces for one hub: a Task's completion, thread-pool work. It is set from any
/// thread, then delivered on the hub through its doorbell, where it wakes the greenlet parked on it or completes an
/// <see cref="AsyncResult{T}"/>. Hub code never runs on the other thread. While it is outstanding the hub's loop
/// waits for it rather than reporting that it would block forever; a waiter that gives up (timeout, kill)
/// withdraws it, so nothing is delivered afterwards and the loop stops waiting for it.
/// </summary>
/// <typeparam name="T">The outcome's value type (<see cref="VoidResult"/> for none).</typeparam>
internal sealed class CrossThreadResult<T> : IHubRunnable, IWaitSource<T>
{
    private const int Outstanding = 0;
    private const int Posted = 1;
    private const int Withdrawn = 2;

    private readonly Hub _hub;
    private readonly Reactor _reactor;
    private readonly AsyncResult<T>? _sink;
    private readonly bool _isOutsideWork;
    private int _phase;
    private T _value = default!;
    private ExceptionDispatchInfo? _error;

    // Hub side only.
    private bool _delivered;
    private Greenlet? _waiter;
    private int _waitToken;
    private double? _timeout;

    /// <summary>Begins one unit of the hub's external work; call on the hub's thread.</summary>
    /// <param name="hub">The hub that receives the outcome.</param>
    /// <param name="sink">Completed on the hub with the outcome, for work nobody parks on.</param>
    /// <param name="isOutsideWork">
    /// Whether another thread computes the outcome, so that it holds a virtual clock (Tasks/Hub.OutsideWork.cs);
    /// false for a task this hub completes itself.
    /// </param>
    public CrossThreadResult(Hub hub, AsyncResult<T>? sink = null, bool isOutsideWork = true)
    {
        _hub = hub;
        _sink = sink;
        _isOutsideWork = isOutsideWork;
        _reactor = isOutsideWork ? hub.BeginOutsideWork() : hub.BeginExternalWork();
    }

    /// <summary>Rejects a NaN timeout before any work starts.</summary>
    public static void ThrowIfInvalid(double? timeout)
    {
        if (timeout is double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "A timeout cannot be NaN seconds.");
        }
    }

    /// <summary>True once the waiter gave up: the work need not run.</summary>
    public bool IsWithdrawn => Volatile.Read(ref _phase) == Withdrawn;

    /// <summary>From any thread: delivers <paramref name="value"/>, unless an outcome was set or the wait withdrawn.</summary>
    public bool TrySetResult(T value)
    {
        if (Interlocked.CompareExchange(ref _phase, Posted, Outstanding) != Outstanding)
        {
            return false;
        }

        _value = value;
        _reactor.PostFromAnyThread(this, endsExternalWork: true);
        return true;
    }

    /// <summary>From any thread: delivers <paramref name="exception"/>, to be rethrown on the hub with its original stack.</summary>
    public bool TrySetException(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _phase, Posted, Outstanding) != Outstanding)
        {
            return false;
        }

        _error = ExceptionDispatchInfo.Capture(exception);
        _reactor.PostFromAnyThread(this, endsExternalWork: true);
        return true;
    }

    /// <summary>On the hub: gives up on the outcome if it has not been posted yet, ending the external work.</summary>
    public void Withdraw()
    {
        if (Interlocked.CompareExchange(ref _phase, Withdrawn, Outstanding) == Outstanding)
        {
            _hub.EndExternalWork();
            EndOutsideWork(_hub);
        }
    }

    /// <summary>
    /// Parks the running greenlet (the main greenlet in plain code) until the outcome arrives or
    /// <paramref name="timeout"/> seconds pass; the returned source then supplies it.
    /// </summary>
    public CrossThreadResult<T> Park(double? timeout)
    {
        try
        {
            _waiter = _hub.ParkRunning(timeout);
        }
        catch
        {
            Withdraw();
            throw;
        }

        _waitToken = _waiter.WaitToken;
        _timeout = timeout;
        return this;
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        _delivered = true;
        EndOutsideWork(hub); // its external work ended as the doorbell took the post in
        if (_sink is not null)
        {
            if (_error is null)
            {
                _sink.Set(_value);
            }
            else
            {
                _sink.SetException(_error.SourceException);
            }
        }
        else if (_waiter is { } waiter && waiter.IsParkedIn(_waitToken))
        {
            hub.Wake(waiter);
        }
    }

    private void EndOutsideWork(Hub hub)
    {
        if (_isOutsideWork)
        {
            hub.EndOutsideWork();
        }
    }

    T IWaitSource<T>.GetResult(Greenlet waiter, int state)
    {
        if (!_delivered)
        {
            // Woken by its timeout or an interrupt before the outcome came: nothing may arrive for it any more.
            Withdraw();
            waiter.ThrowIfInterrupted();
            throw new GreenTimeout(_timeout ?? 0d);
        }

        waiter.ThrowIfInterrupted();
        _error?.Throw();
        return _value;
    }
}
