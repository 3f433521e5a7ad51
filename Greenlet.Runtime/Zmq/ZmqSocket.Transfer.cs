using Greenlets.LowLevel;

namespace Greenlets;

public sealed partial class ZmqSocket
{
    // The discipline for libzmq's edge-triggered ZMQ_FD: try without waiting; when that would block, read ZMQ_EVENTS
    // (which also lets libzmq catch up on its commands); only when it still says "not ready" wait on the descriptor,
    // then try again. After every send or receive that went through, look at ZMQ_EVENTS again for anyone waiting:
    // libzmq may have consumed the descriptor's edge during the call, and no other wake would come.
    // A receive's EAGAIN already went through the same steps inside libzmq (zmq_recv with ZMQ_DONTWAIT processes the
    // pending commands, unthrottled, and looks again before it fails), so only sends read ZMQ_EVENTS there. An edge
    // that comes after that look waits in epoll until the hub polls, which it does only once this greenlet is parked.

    /// <summary>Runs an attempt to completion, blocking the main greenlet (plain code) while it waits.</summary>
    private TResult Run<TAttempt, TResult>(TAttempt attempt, string operation)
        where TAttempt : struct, IZmqAttempt<TResult>
    {
        if (!attempt.TryOnce(Handle))
        {
            var timeout = attempt.Event == ZmqNative.ZMQ_POLLIN ? _receiveTimeout : _sendTimeout;
            var deadline = Deadline(timeout);
            BlockingCall? call = null;
            do
            {
                if (!MayBeReadyAfterRefusal(attempt.Event))
                {
                    var remaining = Remaining(deadline, timeout, operation);
                    var blocking = call ??= BlockingCall.Begin(operation);
                    var holds = _readiness.BeginWait(attempt.Event);
                    try
                    {
                        if (holds)
                        {
                            blocking.Wait(_readiness.Watcher.WaitReadableAwaitable(remaining));
                        }
                        else
                        {
                            blocking.Wait(_readiness.Bystanders.ParkAwaitable(remaining));
                            _readiness.ThrowIfClosed();
                        }
                    }
                    catch (FileDescriptorClosedException)
                    {
                        throw ClosedDuringWait(operation);
                    }
                    finally
                    {
                        _readiness.EndWait(attempt.Event);
                    }
                }
            }
            while (!attempt.TryOnce(Handle));
        }

        AfterTransfer();
        return attempt.Result;
    }

    /// <summary>Runs an attempt to completion, parking the greenlet while it waits: the rewritten code's form.</summary>
    private async GreenTask<TResult> RunAsync<TAttempt, TResult>(TAttempt attempt, string operation)
        where TAttempt : struct, IZmqAttempt<TResult>
    {
        if (!attempt.TryOnce(Handle))
        {
            var timeout = attempt.Event == ZmqNative.ZMQ_POLLIN ? _receiveTimeout : _sendTimeout;
            var deadline = Deadline(timeout);
            do
            {
                if (!MayBeReadyAfterRefusal(attempt.Event))
                {
                    var remaining = Remaining(deadline, timeout, operation);
                    var holds = _readiness.BeginWait(attempt.Event);
                    try
                    {
                        if (holds)
                        {
                            await _readiness.Watcher.WaitReadableAwaitable(remaining);
                        }
                        else
                        {
                            await _readiness.Bystanders.ParkAwaitable(remaining);
                            _readiness.ThrowIfClosed();
                        }
                    }
                    catch (FileDescriptorClosedException)
                    {
                        throw ClosedDuringWait(operation);
                    }
                    finally
                    {
                        _readiness.EndWait(attempt.Event);
                    }
                }
            }
            while (!attempt.TryOnce(Handle));
        }

        AfterTransfer();
        return attempt.Result;
    }

    /// <summary>Tries an attempt once, never waiting.</summary>
    private bool TryRun<TAttempt, TResult>(ref TAttempt attempt)
        where TAttempt : struct, IZmqAttempt<TResult>
    {
        if (!attempt.TryOnce(Handle))
        {
            return false;
        }

        AfterTransfer();
        return true;
    }

    /// <summary>After an EAGAIN: whether ZMQ_EVENTS says the operation may go through now, when the call has not just looked.</summary>
    private bool MayBeReadyAfterRefusal(int needed) => needed == ZmqNative.ZMQ_POLLOUT && (Events() & needed) != 0;

    /// <summary>Wakes the waiters when the socket is now ready for what they wait for: see the discipline above.</summary>
    private void AfterTransfer()
    {
        var wanted = _readiness.WantedEvents;
        if (wanted != 0 && (Events() & wanted) != 0)
        {
            _readiness.WakeAll();
        }
    }

    private TimeSpan? Deadline(TimeSpan? timeout) => timeout is { } limit ? _hub.Now + limit : null;

    /// <summary>Seconds left before the deadline (null without one); throws once none are left.</summary>
    private double? Remaining(TimeSpan? deadline, TimeSpan? timeout, string operation)
    {
        if (deadline is not { } end)
        {
            return null;
        }

        var left = (end - _hub.Now).TotalSeconds;
        return left > 0 ? left : throw new ZmqTimeoutException(operation, timeout!.Value);
    }

    private ObjectDisposedException ClosedDuringWait(string operation) =>
        new(nameof(ZmqSocket), $"{operation}: the socket was closed while this greenlet waited on it.");
}
