namespace Greenlets.CompilerServices;

/// <summary>Something the hub or a finishing callee can continue: a suspended rewritten call or a greenlet's start.</summary>
internal interface IResumable
{
    void Resume();
}

/// <summary>
/// The heap form of a rewritten call that suspended: the boxed state machine of a nested call,
/// or a spawned greenlet whose root call is the state machine itself.
/// </summary>
internal interface IFrame<TResult> : IResumable
{
    /// <summary>The greenlet this call runs on; calls never move between greenlets.</summary>
    Greenlet Owner { get; }

    bool IsCompleted { get; }

    /// <summary>Returns the result or rethrows the failure with its original stack.</summary>
    TResult GetResult();

    /// <summary>Registers the caller to resume, on the same greenlet and at once, when this call completes.</summary>
    void SetCaller(IResumable caller);

    void Complete(TResult result);

    void Fail(Exception exception);
}

/// <summary>The result type of rewritten methods that return nothing.</summary>
internal readonly struct VoidResult
{
}
