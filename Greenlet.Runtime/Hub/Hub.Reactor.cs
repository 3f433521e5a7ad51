namespace Greenlets;

public sealed partial class Hub
{
    private readonly ReactorKind _reactorKind;
    private Reactor? _reactor;
    private int _externalWork;

    /// <summary>The hub's reactor, created on first use.</summary>
    internal Reactor Reactor => _reactor ??= Reactor.Create(this, _reactorKind);

    /// <summary>The backend of this hub's reactor.</summary>
    public ReactorKind ReactorKind => _reactor switch
    {
        EpollReactor => ReactorKind.Epoll,
        PollReactor => ReactorKind.Poll,
        _ => _reactorKind,
    };

    /// <summary>
    /// Records that another thread will post a completion for the hub (thread-pool work, a Task, a DNS lookup):
    /// until it does, the loop waits for it instead of reporting that it would block forever.
    /// End it by posting with <c>endsExternalWork: true</c>.
    /// </summary>
    internal Reactor BeginExternalWork()
    {
        var reactor = Reactor;
        _externalWork++;
        return reactor;
    }

    internal void EndExternalWork() => _externalWork--;

    /// <summary>Whether anything outside the ready queue and the timers can still wake a greenlet.</summary>
    private bool IoCanWake(Reactor? reactor) =>
        reactor is not null && (reactor.WaiterCount > 0 || _externalWork > 0 || reactor.HasPosts);

    /// <summary>
    /// The loop's wait, when nothing is ready: polls the reactor until the next timer is due (for ever without
    /// timers), or, with no descriptor or thread to wait for, sleeps on the clock. On the virtual clock, outside work
    /// in flight (a Task waited on, a thread-pool job) holds the clock still until it is done or its grace has passed
    /// (Tasks/Hub.OutsideWork.cs); otherwise a poll lasts at most the clock's I/O grace in real time, and if nothing
    /// arrives by then, the clock jumps to the timer.
    /// </summary>
    private void WaitForWork()
    {
        var reactor = _reactor;
        var hasTimer = _timers.TryPeekLive(out var deadline);
        if (!IoCanWake(reactor))
        {
            if (!hasTimer)
            {
                // Nothing can ever wake main: undo its wait and tell it so.
                Main.CancelWait();
                throw new LoopExitException(DescribeGreenlets());
            }

            if (_monitor is not null && reactor is not null && !Clock.IsVirtual)
            {
                // The monitor's SIGQUIT dump arrives through the doorbell: listen for it while waiting for the timer.
                reactor.Poll(Math.Max(0, deadline - Clock.Now));
            }
            else
            {
                Clock.WaitUntil(deadline);
            }
        }
        else if (!hasTimer)
        {
            reactor!.Poll(-1);
        }
        else if (Clock.IsVirtual)
        {
            if (deadline > Clock.Now && OutsideWorkHold() is > 0 and var hold)
            {
                // No jump whatever the poll says (an interrupted poll returns nothing): the loop comes round and asks again.
                reactor!.Poll(hold);
            }
            else if (reactor!.Poll(deadline <= Clock.Now ? 0 : Clock.IoGrace.Ticks) == 0)
            {
                Clock.WaitUntil(deadline);
            }
        }
        else
        {
            reactor!.Poll(Math.Max(0, deadline - Clock.Now));
        }

        _now = Clock.Now;
    }

    /// <summary>Between passes with work ready: takes in I/O and posts without waiting, when any can be there.</summary>
    private void PollWithoutWaiting()
    {
        if (IoCanWake(_reactor))
        {
            _reactor!.Poll(0);
        }
    }

    private void DisposeReactor()
    {
        _reactor?.Dispose();
        _reactor = null;
    }
}
