using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

public sealed partial class Hub
{
    // Set by a callback that switched to the main greenlet: the loop returns to main as soon as the callback returns.
    private bool _mainSwitchedTo;

    // What such a callback runs to go on: the hub runs it first when main next blocks.
    private IHubRunnable? _resumeAfterMain;

    // The hub's own thread, for the AsyncLocal bookkeeping of a switch from a callback (a hub never changes thread).
    private readonly Thread _thread = Thread.CurrentThread;

    /// <summary>
    /// Takes a parked greenlet out of its wait without scheduling it: its other registrations (a timer) become stale,
    /// and it waits for <see cref="SwitchFromCallback"/>. A kill that comes meanwhile is held until its next
    /// suspension when <see cref="Greenlet.WakeCarriesValue"/> is set, as for any woken greenlet.
    /// </summary>
    internal static void TakeOutOfWait(Greenlet greenlet)
    {
        greenlet.WaitToken++;
        greenlet.State = GreenletState.Ready;
    }

    /// <summary>
    /// Switches from a hub callback to a greenlet taken out of its wait (<see cref="TakeOutOfWait"/>), as gevent's
    /// callbacks switch to a waiter: it runs now, up to its next suspension, and then the callback goes on. The main
    /// greenlet runs only once the loop returns to it: then this returns false, the callback must return at once, and
    /// the hub runs <paramref name="resume"/> first when main next blocks.
    /// </summary>
    /// <returns>Whether the greenlet ran; false for the main greenlet.</returns>
    internal unsafe bool SwitchFromCallback(Greenlet greenlet, IHubRunnable resume)
    {
        Debug.Assert(_inLoop && Running is null, "only a hub callback switches this way");
        AssertOnHubThread();
        Debug.Assert(greenlet.State == GreenletState.Ready, "the greenlet was taken out of its wait (TakeOutOfWait)");
        if (ReferenceEquals(greenlet, Main))
        {
            _mainSwitchedTo = true;
            _resumeAfterMain = resume;
            return false;
        }

        ref var running = ref Unsafe.AsRef<Greenlet?>((void*)_runningInLoop);
        _hooks?.BeforeTurn(greenlet, ++_turns);
        running = greenlet;
        greenlet.RunTurn();
        running = null;
        _hooks?.AfterTurn();
        GreenletExecutionContext.AfterTurn(_thread, greenlet);
        return true;
    }

    /// <summary>After a callback's turn: whether it switched to main, so the loop must return now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TakeMainSwitch()
    {
        if (!_mainSwitchedTo)
        {
            return false;
        }

        _mainSwitchedTo = false;
        return true;
    }

    /// <summary>
    /// As the loop starts again for a blocked main: goes on with the callback that switched to main, before anything
    /// else, as gevent's hub goes back into the callback it left. Returns whether it switched to main again.
    /// </summary>
    private bool ResumeAfterMain(Thread thread)
    {
        if (_resumeAfterMain is not { } resume)
        {
            return false;
        }

        _resumeAfterMain = null;
        _hooks?.BeforeTurn(resume, ++_turns);
        resume.RunOnHub(this);
        _hooks?.AfterTurn();
        GreenletExecutionContext.AfterTurn(thread, null);
        return TakeMainSwitch();
    }
}
