namespace Greenlets;

/// <summary>
/// One direction of a stream that is not a descriptor (an in-memory pipe end): at most one greenlet waits here for
/// the other side to write or to take, as a reader or writer waits on a socket's <see cref="FdWatch"/>. A wake is a
/// hint, as there: the waiter tries its operation again and may wait again.
/// </summary>
internal sealed class StreamReadiness : IWaitSource<bool>
{
    private readonly string _what;
    private Greenlet? _waiter;
    private int _signals; // wraps; a wait compares it with the count it parked at

    public StreamReadiness(string what) => _what = what;

    public bool IsClosed { get; private set; }

    /// <summary>Parks the running greenlet until <see cref="Signal"/>, <see cref="Close"/> or the timeout (then false).</summary>
    public GreenAwaitable<bool> WaitAwaitable(double? timeout)
    {
        if (IsClosed)
        {
            return new GreenAwaitable<bool>(true); // the retried operation reports the end
        }

        if (_waiter is { State: GreenletState.Parked } current)
        {
            throw new ConcurrentObjectUseException($"{_what} is already waited on by {current}; one greenlet at a time can.");
        }

        var hub = Hub.Current;
        var waiter = hub.ParkRunning(timeout);
        if (waiter.State == GreenletState.Parked)
        {
            _waiter = waiter;
        }

        return new GreenAwaitable<bool>(this, _signals);
    }

    /// <summary>Wakes the waiter, if any. Never switches.</summary>
    public void Signal()
    {
        if (_waiter is { } waiter)
        {
            _waiter = null;
            if (waiter.State == GreenletState.Parked)
            {
                _signals++;
                Hub.Current.Wake(waiter);
            }
        }
    }

    /// <summary>Wakes the waiter for good: every later wait returns at once.</summary>
    public void Close()
    {
        IsClosed = true;
        Signal();
    }

    bool IWaitSource<bool>.GetResult(Greenlet waiter, int state)
    {
        if (ReferenceEquals(_waiter, waiter))
        {
            _waiter = null; // woken by its timeout or a kill
        }

        waiter.ThrowIfInterrupted();
        return _signals != state || IsClosed;
    }
}
