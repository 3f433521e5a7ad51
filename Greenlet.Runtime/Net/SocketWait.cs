namespace Greenlets;

/// <summary>
/// One socket operation in progress for a greenlet, after its first try would have blocked: the greenlet is parked
/// on the socket's watch, and each wake retries the system call, parking again on a spurious wake, until the call
/// succeeds, fails, times out or the greenlet is interrupted; then the awaiting caller continues at once.
/// One instance per socket and kind of operation, reused call after call, so a waiting Send or Recv allocates
/// nothing. Like a <c>ValueTask</c> source, the task it backs must be awaited once, straight away (rewritten code does).
/// </summary>
internal abstract class SocketWait<T> : IFrame<T>
{
    private readonly IoEvents _direction;
    private Greenlet _owner = null!;
    private IResumable? _caller;
    private GreenAwaiter<bool> _wait;
    private T _result = default!;
    private Exception? _exception;
    private bool _completed;
    private bool _busy;

    protected SocketWait(GreenSocket socket, IoEvents direction)
    {
        Socket = socket;
        _direction = direction;
    }

    protected GreenSocket Socket { get; }

    public Greenlet Owner => _owner;

    public bool IsCompleted => _completed;

    /// <summary>The operation name used in timeout and error messages.</summary>
    protected abstract string Operation { get; }

    /// <summary>Tries the system call once: true with its result, false when it would block; throws on failure.</summary>
    protected abstract bool TryComplete(out T result);

    /// <summary>Parks the running greenlet for the operation, whose first try would have blocked; returns the frame to await.</summary>
    public IFrame<T> Start()
    {
        var owner = Hub.RunningGreenletForRewrittenCode();
        if (_busy)
        {
            throw new ConcurrentObjectUseException(
                $"{Operation} on {Socket} is already in progress in {_owner}; one greenlet at a time can wait for it.");
        }

        Park(owner); // throws, leaving nothing behind, if the socket is closed or its direction is taken
        _owner = owner;
        _busy = true;
        _completed = false;
        _exception = null;
        _caller = null;
        _result = default!;
        return this;
    }

    private void Park(Greenlet owner)
    {
        _wait = Socket.WaitReadyAwaitable(_direction, Socket.WaitSeconds(Operation)).GetAwaiter();
        if (!ReferenceEquals(owner.Continuation, this))
        {
            owner.Continuation = this; // the hub resumes the greenlet here, not in the caller's state machine
        }
    }

    /// <summary>The greenlet was woken: by readiness, its timeout, an interrupt or the socket closing.</summary>
    public void Resume()
    {
        T result;
        try
        {
            if (!_wait.GetResult())
            {
                throw Socket.TimedOut(Operation);
            }

            if (Socket.IsClosed)
            {
                // Closed by another greenlet while this one waited: a kernel socket's watch raised this already; a
                // simulated socket has no watch (nor descriptor: -1), and its wait only wakes.
                throw new FileDescriptorClosedException(-1);
            }

            if (!TryComplete(out result))
            {
                Park(_owner); // a wake is a hint: nothing to read or write after all
                return;
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
            return;
        }

        Complete(result);
    }

    public T GetResult()
    {
        if (_exception is { } exception)
        {
            _exception = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        var result = _result;
        _result = default!; // drop references (an accepted socket, a buffer) once handed over
        return result;
    }

    public void SetCaller(IResumable caller) => _caller = caller;

    public void Complete(T result)
    {
        _result = result;
        Finish();
    }

    public void Fail(Exception exception)
    {
        _exception = exception;
        Finish();
    }

    private void Finish()
    {
        _completed = true;
        _busy = false;
        var caller = _caller;
        _caller = null;
        caller?.Resume(); // the caller continues at once on this greenlet; it may start this operation again
    }
}
