using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

// Deep recursion of [Greenlet] calls. A nested call that completes without suspending runs inline, on the hub
// thread's stack, and its frames are larger than a plain method's; a finished call resumes its caller inline too.
// So both directions check the stack: where less than StackMargin is left, the call (or the caller's continuation)
// is not run but deferred, the stack unwinds (every frame above becomes a boxed, suspended call, as if the callee had
// suspended), and the trampoline at the bottom of the greenlet's turn runs the deferred work on the emptied stack.
// The greenlet does not switch: no other greenlet runs meanwhile, and the depth is bounded by the heap, not the stack.
public sealed partial class Hub
{
    /// <summary>
    /// What is left of the stack when a nested call is deferred rather than run: the margin .NET itself keeps for
    /// <see cref="RuntimeHelpers.EnsureSufficientExecutionStack"/> on 64-bit, enough for the plain code between
    /// two checks.
    /// </summary>
    internal const int StackMargin = 128 * 1024;

    // The one call or continuation deferred because the stack ran low; the trampoline runs it once the stack unwound.
    // At most one at a time: nothing but returns runs between a deferral and the trampoline.
    private IResumable? _deferred;

    // Set while a trampoline runs deferred work: a trampoline entered inside it does not run any, so only the lowest
    // one on the stack does.
    private bool _trampolineRunning;

    /// <summary>Whether the calling thread has less than <see cref="StackMargin"/> of its stack left.</summary>
    /// <remarks>
    /// On the loop that holds the stack slot (Hub.LoopStack.cs) it is one subtraction and two comparisons: a stack
    /// pointer within that thread's stack is on the loop's thread. Other threads ask the runtime.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe bool IsStackLow()
    {
        var owner = s_loopStack;
        byte probe;
        if (owner is not null)
        {
            var left = (nuint)(&probe) - owner.Low; // the stack grows down towards Low
            if (left < owner.SizeInLoop)
            {
                return left < StackMargin;
            }
        }

        return IsStackLowOffTheSlot();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe bool IsStackLowOffTheSlot()
    {
        byte probe;
        if (t_current?._loopStack is { } stack && (nuint)(&probe) - stack.Low < stack.Size)
        {
            return (nuint)(&probe) - stack.Low < StackMargin;
        }

        return !RuntimeHelpers.TryEnsureSufficientExecutionStack();
    }

    /// <summary>
    /// Defers <paramref name="work"/>, a nested call or a caller's continuation, to the trampoline below: the caller
    /// returns at once, and the stack unwinds to the trampoline, which resumes it.
    /// </summary>
    internal static void Defer(IResumable work)
    {
        var hub = Current;
        Debug.Assert(hub._deferred is null, "nothing runs between a deferral and the trampoline");
        hub._deferred = work;
    }

    /// <summary>
    /// The trampoline at the bottom of a turn whose code runs in the greenlet's root call (or a subclass's body): once
    /// that call awaited a nested call that did not finish, runs the deferred work, and whatever that defers in turn,
    /// until nothing is deferred. Inside another trampoline it does nothing, so the work always runs from the lowest one.
    /// </summary>
    internal void RunDeferred()
    {
        if (_deferred is null || _trampolineRunning)
        {
            return;
        }

        _trampolineRunning = true;
        try
        {
            RunAllDeferred();
        }
        finally
        {
            _trampolineRunning = false;
        }
    }

    /// <summary>
    /// Becomes the trampoline for a suspended nested call resumed from below (by the hub, or by a finished socket
    /// operation), unless one runs already: then the caller runs the call and returns, and this one runs what it deferred.
    /// </summary>
    /// <returns>Whether the caller is the trampoline; it then calls <see cref="RunAllDeferred"/> and <see cref="LeaveTrampoline"/>.</returns>
    internal bool EnterTrampoline()
    {
        if (_trampolineRunning)
        {
            return false;
        }

        _trampolineRunning = true;
        return true;
    }

    internal void LeaveTrampoline() => _trampolineRunning = false;

    /// <summary>
    /// Continues a finished call's <paramref name="caller"/> at once on this greenlet, so that a finished nested call
    /// costs no switch; where the stack is nearly used up, from the trampoline below instead, once the stack has unwound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ContinueCaller(IResumable caller)
    {
        if (IsStackLow())
        {
            Defer(caller);
        }
        else
        {
            caller.Resume();
        }
    }

    internal void RunAllDeferred()
    {
        while (_deferred is { } work)
        {
            _deferred = null;
            work.Resume();
        }
    }
}
