using System.Runtime.ExceptionServices;
using Greenlets.CompilerServices;

namespace Greenlets;

/// <summary>
/// A read that waits, as a hand-written frame in place of an async method's state machine: one per stream, reused,
/// it parks and retries with no frame rented, no state machine copied and no awaiter dispatched through an
/// interface, which is most of what a waiting read costs. The loop is that of <see cref="GreenStream"/>'s async receive.
/// </summary>
internal sealed class StreamReceiveFrame(GreenStream stream) : PooledFrame, IFrame<int>, IDescribable
{
    private Greenlet _owner = null!; // null while the frame is free (IsBusy)
    private IResumable? _caller;
    private Memory<byte> _buffer;
    private double? _timeout;
    private TimeSpan? _deadline;
    private string _operation = string.Empty;
    private GreenAwaitable<bool> _wait;
    private int _result;
    private int _delivered;
    private Exception? _exception;
    private bool _isWaiting; // parked (or woken, not yet resumed)
    private bool _completed;

    /// <summary>Started and its result not yet taken: a second reader of the stream takes the state machine's path.</summary>
    public bool IsBusy => _owner is not null;

    /// <summary>Parked on the stream's readiness, with no bytes handed to it yet.</summary>
    public bool IsParked => _isWaiting && _delivered == 0 && _owner.State == GreenletState.Parked;

    /// <summary>The room left in the reader's buffer.</summary>
    public int Room => _buffer.Length;

    public Greenlet Owner => _owner;

    public bool IsCompleted => _completed;

    /// <summary>
    /// Starts the wait of a read that found nothing, on the stream's frame (<paramref name="slot"/>, made on first use):
    /// false for the main greenlet and for a second reader while the frame is busy, which take the async loop instead.
    /// </summary>
    public static bool TryStart(GreenStream stream, ref StreamReceiveFrame? slot, Memory<byte> buffer, double? timeout, string operation, out GreenTask<int> task)
    {
        var hub = Hub.Current;
        var owner = hub.Running;
        if (owner is null || ReferenceEquals(owner, hub.Main) || slot is { IsBusy: true })
        {
            task = default;
            return false;
        }

        task = (slot ??= new StreamReceiveFrame(stream)).Start(buffer, timeout, operation, owner);
        return true;
    }

    /// <summary>Parks the running greenlet on the stream until a read finds something, as the first wait of the loop.</summary>
    private GreenTask<int> Start(Memory<byte> buffer, double? timeout, string operation, Greenlet owner)
    {
        (_buffer, _owner) = (buffer, owner);
        if ((_timeout = timeout) is not null)
        {
            _operation = operation; // named only by a timeout
        }

        _deadline = GreenStream.Deadline(timeout);
        _completed = false;
        try
        {
            while (true)
            {
                _wait = stream.WaitReadableAsync(GreenStream.Remaining(_deadline));
                if (!_wait.IsCompleted)
                {
                    break;
                }

                // Closed meanwhile: the retried read reports the end.
                var n = stream.ReceiveAvailable(buffer.Span);
                if (n >= 0)
                {
                    Release();
                    return new GreenTask<int>(n);
                }
            }

            Suspend();
        }
        catch
        {
            Release();
            throw;
        }

        return new GreenTask<int>(this, Version);
    }

    /// <summary>Copies bytes that arrived for the parked reader straight into its buffer; the transport then wakes it.</summary>
    public void Deliver(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_buffer.Span);
        _delivered = data.Length;
    }

    public void Resume()
    {
        var hub = Hub.Current;
        if (!hub.EnterTrampoline())
        {
            Step();
            return;
        }

        try
        {
            Step();
            hub.RunAllDeferred();
        }
        finally
        {
            hub.LeaveTrampoline();
        }
    }

    public int GetResult()
    {
        if (!_completed)
        {
            return _result; // plain code asked before the end (misuse): nothing to take yet
        }

        var (result, exception) = (_result, _exception);
        Release();
        if (exception is not null)
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        return result;
    }

    public void SetCaller(IResumable caller) => _caller = caller;

    public void Complete(int result)
    {
        _result = result;
        Finish();
    }

    public void Fail(Exception exception)
    {
        _exception = exception;
        Finish();
    }

    string IDescribable.Describe() => $"{stream.GetType().Name}.ReceiveWithinAsync";

    private void Step()
    {
        _isWaiting = false;
        try
        {
            if (!_wait.GetResultFor(_owner))
            {
                throw new SocketTimeoutException(_operation, _timeout ?? 0);
            }

            if (_delivered > 0)
            {
                Complete(_delivered); // a wake that carried bytes: the interrupt of a kill waits for the next suspension
                return;
            }

            while (true)
            {
                var n = stream.ReceiveAvailable(_buffer.Span);
                if (n >= 0)
                {
                    Complete(n);
                    return;
                }

                _wait = stream.WaitReadableAsync(GreenStream.Remaining(_deadline));
                if (!_wait.IsCompleted)
                {
                    Suspend();
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    /// <summary>The greenlet parked in the wait: it resumes here, not in the caller that awaits this frame.</summary>
    private void Suspend()
    {
        _isWaiting = true;
        if (_owner.State == GreenletState.Running)
        {
            throw new InvalidOperationException("A stream's wait neither completed nor parked its greenlet.");
        }

        if (!ReferenceEquals(_owner.Continuation, this))
        {
            _owner.Continuation = this; // only when it changed: saves a write barrier per wait
        }
    }

    private void Finish()
    {
        _completed = true;
        _buffer = default;
        _wait = default;
        if (_caller is { } caller)
        {
            Hub.ContinueCaller(caller);
        }
    }

    private void Release()
    {
        NextVersion(); // from here on, every task of the finished read is stale

        _buffer = default;
        _wait = default;
        _exception = null;
        _caller = null;
        _owner = null!;
        _delivered = 0;
    }
}
