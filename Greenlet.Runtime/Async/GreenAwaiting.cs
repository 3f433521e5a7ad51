using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Greenlets.CompilerServices;

/// <summary>What every builder does when a rewritten call suspends.</summary>
internal static class GreenAwaiting
{
    /// <summary>
    /// Suspends a call on <paramref name="awaiter"/>. The builders pass the frame's concrete type, so finding the
    /// greenlet that owns it is a type test and a field read, not an interface call the JIT must guess at.
    /// </summary>
    public static void Suspend<TAwaiter, [DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine, TResult>(ref TAwaiter awaiter, IFrame<TResult> frame)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        if (awaiter is IParkAwaiter)
        {
            // The operation already parked this greenlet; remember where to resume it: null for its own root call.
            if (frame is RootFrame<TStateMachine, TResult> root)
            {
                ForgetContinuation(root);
            }
            else if (frame is RootFrame<TStateMachine> voidRoot)
            {
                ForgetContinuation(voidRoot);
            }
            else if (frame is GreenFrame<TStateMachine, TResult> nested)
            {
                ResumeHere(nested.Owner, nested);
            }
            else
            {
                ResumeHere(frame.Owner, frame);
            }
        }
        else if (CallerSetters<TAwaiter>.Invoke is { } setCaller)
        {
            // Through a constrained call: casting the awaiter struct to the interface would box it on every suspension.
            setCaller(ref awaiter, frame);
            if (frame is Greenlet root)
            {
                // The greenlet's root call is the bottom of its stack: run what a deep call above deferred.
                root.Hub.RunDeferred();
            }
        }
        else
        {
            throw ForeignAwait();
        }
    }

    private static void ForgetContinuation(Greenlet owner)
    {
        if (owner.State == GreenletState.Running)
        {
            throw NotParked();
        }

        if (owner.Continuation is not null)
        {
            owner.Continuation = null;
        }
    }

    private static void ResumeHere(Greenlet owner, IResumable frame)
    {
        if (ReferenceEquals(owner, frame))
        {
            ForgetContinuation(owner);
        }
        else if (owner.State == GreenletState.Running)
        {
            throw NotParked();
        }
        else if (!ReferenceEquals(owner.Continuation, frame))
        {
            owner.Continuation = frame; // only when it changed: saves a write barrier on every switch
        }
    }

    /// <summary>Registers the caller on an awaiter of rewritten calls through its own type, without boxing it.</summary>
    public delegate void CallerSetter<TAwaiter>(ref TAwaiter awaiter, IResumable caller);

    /// <summary>
    /// Per awaiter type, once: the awaiter's own <see cref="CallerSetter{TAwaiter}"/>, or null. The test boxes a default
    /// awaiter once per type; the delegate it returns is typed by the awaiter, so no reflection is needed to call it.
    /// </summary>
    private static class CallerSetters<TAwaiter>
    {
        public static readonly CallerSetter<TAwaiter>? Invoke =
            typeof(TAwaiter).IsValueType && default(TAwaiter) is IGreenTaskAwaiter awaiter ? (CallerSetter<TAwaiter>)awaiter.CallerSetter() : null;
    }

    /// <summary>A suspension whose operation did not park the greenlet would leave it running with nothing to resume it.</summary>
    private static InvalidOperationException NotParked() => new(
        "Rewritten [Greenlet] code awaited an operation that neither completed nor parked its greenlet. " +
        "A default GreenAwaitable is not a completed operation: return the result of a Greenlet operation instead.");

    public static InvalidOperationException ForeignAwait() => new(
        "Rewritten [Greenlet] code can only await Greenlet operations. To wait for a Task from a greenlet, use its cooperative wait instead of 'await'.");
}

/// <summary>Marks awaiters of cooperative operations that park the running greenlet before they are awaited.</summary>
internal interface IParkAwaiter
{
}
