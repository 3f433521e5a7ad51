using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// The awaitable form of a wait whose outcome is whether the awaited thing happened before the timeout
/// (<see cref="Event.Wait"/>). By the time it is returned, the wait has either completed or parked the running greenlet.
/// </summary>
/// <remarks>
/// Its awaiter is one reference, where a <see cref="GreenAwaitable{T}"/> awaiter is three fields: a greenlet parked in
/// such a wait holds it in its state machine, and a million parked greenlets hold a million. A parked wait stores null,
/// and the outcome is the greenlet's own: set by the wake that ended the wait, clear when its timeout did.
/// A <c>default</c> instance is not a completed wait: awaiting one that was not produced by a park throws.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenFlagAwaitable
{
    // Null: parked, the outcome kept by the greenlet. FlagOutcome.True or FlagOutcome.False: completed without parking.
    private readonly FlagOutcome? _completed;

    private GreenFlagAwaitable(FlagOutcome completed) => _completed = completed;

    /// <summary>Completed without parking, with <paramref name="outcome"/>.</summary>
    internal static GreenFlagAwaitable Completed(bool outcome) => new(outcome ? FlagOutcome.True : FlagOutcome.False);

    /// <summary>The running greenlet parked; whatever ends the wait says, through <see cref="Greenlet.Notified"/>, whether it happened.</summary>
    internal static GreenFlagAwaitable Parked => default;

    /// <summary>Gets the awaiter used by rewritten code.</summary>
    public GreenFlagAwaiter GetAwaiter() => new(_completed);

    /// <summary>Blocks the main greenlet until the wait ends: the hub runs meanwhile.</summary>
    internal bool Block(Hub hub)
    {
        if (_completed is not null)
        {
            return _completed.Outcome;
        }

        hub.BlockMain();
        hub.Main.ThrowIfInterrupted();
        return hub.Main.Notified;
    }
}

/// <summary>Awaits a <see cref="GreenFlagAwaitable"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenFlagAwaiter : ICriticalNotifyCompletion, IParkAwaiter
{
    private readonly FlagOutcome? _completed;

    internal GreenFlagAwaiter(FlagOutcome? completed) => _completed = completed;

    /// <summary>True when the wait completed without parking.</summary>
    public bool IsCompleted => _completed is not null;

    /// <summary>Returns whether the awaited thing happened, or raises the exception the greenlet was interrupted with.</summary>
    public bool GetResult()
    {
        if (_completed is not null)
        {
            return _completed.Outcome;
        }

        var waiter = Hub.RunningGreenletForRewrittenCode();
        if (Greenlet.AnyInterruptPending)
        {
            waiter.ThrowIfInterrupted();
        }

        return waiter.Notified;
    }

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void OnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();

    /// <summary>Not supported: only rewritten code awaits Greenlet operations.</summary>
    public void UnsafeOnCompleted(Action continuation) => throw GreenAwaiting.ForeignAwait();
}

/// <summary>The two outcomes of a flag wait that completed without parking.</summary>
internal sealed class FlagOutcome
{
    public static readonly FlagOutcome True = new(true);
    public static readonly FlagOutcome False = new(false);

    private FlagOutcome(bool outcome) => Outcome = outcome;

    public bool Outcome { get; }
}
