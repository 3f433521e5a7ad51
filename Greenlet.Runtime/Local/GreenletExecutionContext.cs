using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Keeps <see cref="AsyncLocal{T}"/> values (the thread's <see cref="ExecutionContext"/>) per greenlet, so they do not
/// leak from one greenlet into the next. The hub loop runs on the default, empty context:
/// <list type="bullet">
/// <item>after each greenlet's turn, a context it left on the thread is saved with it (dropped if it died, and after a
/// hub callback) and the thread goes back to the default one;</item>
/// <item>when a greenlet that saved a context runs again, the context goes back on the thread first;</item>
/// <item>the main greenlet's context is put aside while it blocks in the hub, and put back when it stops.</item>
/// </list>
/// A new greenlet starts with the empty context: it does not inherit its spawner's values, as a greenlet under gevent
/// starts with an empty <c>contextvars</c> context. A nested [Greenlet] call behaves like a plain call: values it sets
/// are still set when it returns.
/// </summary>
/// <remarks>
/// Cost while no greenlet uses AsyncLocal: one read of the thread's context field after each turn (the field the
/// runtime's own async machinery reads, through <see cref="UnsafeAccessorAttribute"/>), and one bool per greenlet.
/// Saved contexts live in a weak table, so they make no greenlet bigger and die with their greenlet. Should a future
/// runtime rename the field, the probe notices and <see cref="ExecutionContext.Capture"/> is used instead (about 2 ns
/// more per switch; a greenlet must then not suspend inside <see cref="ExecutionContext.SuppressFlow"/>).
/// Hub callbacks run on the empty context, and what they set is dropped.
/// </remarks>
internal static class GreenletExecutionContext
{
    /// <summary>Whether <see cref="ThreadField"/> works on this runtime; otherwise <see cref="ExecutionContext.Capture"/> is used.</summary>
    private static readonly bool s_threadFieldReadable;

    /// <summary>The default, empty context: what a thread holds before anything sets an AsyncLocal value.</summary>
    /// <remarks>Set by a field initializer, not a static constructor, so the JIT can fold both fields into the hub loop.</remarks>
    private static readonly ExecutionContext s_default = Probe(out s_threadFieldReadable);

    /// <summary>The saved context of each greenlet that left the CPU holding one; an entry dies with its greenlet.</summary>
    private static readonly ConditionalWeakTable<Greenlet, StrongBox<ExecutionContext?>> s_saved = new();

    /// <summary>Whether switches read the thread's context field directly (the fast path) rather than through Capture.</summary>
    internal static bool ReadsThreadField => s_threadFieldReadable;

    /// <summary>
    /// After an entry of the ready queue ran: if it left a context on <paramref name="thread"/> (the hub's, which is the
    /// current thread), saves it with the greenlet that set it (null after a hub callback) and puts the default one back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AfterTurn(Thread thread, Greenlet? ran)
    {
        // The runtime keeps the default context as null in the thread's field: one load decides the common case.
        if (!IsDefault(Current(thread)))
        {
            SaveAndReset(thread, ran);
        }
    }

    /// <summary>Puts a greenlet's saved context back on the thread as it resumes. Called only when it saved one.</summary>
    public static void Enter(Greenlet greenlet)
    {
        greenlet.HasSavedContext = false;
        if (s_saved.TryGetValue(greenlet, out var saved) && saved.Value is { } context)
        {
            saved.Value = null;
            ExecutionContext.Restore(context);
        }
    }

    /// <summary>Takes the main greenlet's context off the thread as it starts blocking in the hub, leaving the default one.</summary>
    /// <returns>Main's context, to give to <see cref="PutBack"/>; null when it is the empty one.</returns>
    public static ExecutionContext? TakeOff()
    {
        var current = Current(Thread.CurrentThread);
        if (IsDefault(current))
        {
            return null;
        }

        ExecutionContext.Restore(s_default);
        return current;
    }

    /// <summary>Puts the main greenlet's context back when it stops blocking (the default one when it had none).</summary>
    public static void PutBack(ExecutionContext? mainContext) => ExecutionContext.Restore(mainContext ?? s_default);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SaveAndReset(Thread thread, Greenlet? ran)
    {
        var current = Current(thread)!;
        ExecutionContext.Restore(s_default);
        if (ran is { State: not GreenletState.Dead } greenlet)
        {
            s_saved.GetValue(greenlet, static _ => new StrongBox<ExecutionContext?>()).Value = current;
            greenlet.HasSavedContext = true;
        }
    }

    /// <summary>
    /// The context on <paramref name="thread"/> (the current thread): null for the default one, which is how the runtime
    /// stores it, and a flow-suppressed context as it is. Without the field, Capture: the default instance, or null
    /// when flow is suppressed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ExecutionContext? Current(Thread thread) =>
        s_threadFieldReadable ? ThreadField.ContextOf(thread) : ExecutionContext.Capture();

    private static bool IsDefault(ExecutionContext? context) => context is null || ReferenceEquals(context, s_default);

    /// <summary>
    /// On a thread started without capturing a context (so it holds none), reads the default instance, and checks that
    /// the thread's field reads as the runtime's own code reads it: null, then the captured context once a value is set.
    /// </summary>
    private static ExecutionContext Probe(out bool threadFieldReadable)
    {
        ExecutionContext? empty = null;
        var readable = false;
        var thread = new Thread(() =>
        {
            empty = ExecutionContext.Capture();
            try
            {
                // Not through this class: the probe runs in its static constructor, which another thread must not wait for.
                var before = ThreadField.ContextOf(Thread.CurrentThread);
                _ = new AsyncLocal<bool> { Value = true };
                readable = before is null && ThreadField.ContextOf(Thread.CurrentThread) is { } after && ReferenceEquals(after, ExecutionContext.Capture());
            }
            catch (MissingFieldException)
            {
                readable = false;
            }
        })
        {
            IsBackground = true,
            Name = "Greenlet context probe",
        };
        thread.UnsafeStart();
        thread.Join();
        threadFieldReadable = readable;
        return empty ?? throw new InvalidOperationException("Could not read the default execution context.");
    }

    /// <summary>Direct access to the runtime's field, as its own async machinery reads it.</summary>
    private static class ThreadField
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_executionContext")]
        public static extern ref ExecutionContext? ContextOf(Thread thread);
    }
}
