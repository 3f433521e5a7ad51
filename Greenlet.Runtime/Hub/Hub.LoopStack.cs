using System.Runtime.CompilerServices;

namespace Greenlets;

public sealed partial class Hub
{
    // The one hub loop that rewritten code finds without a thread-static read: the first loop to start while no other
    // holds the slot takes it. Code runs on that loop's thread exactly when the stack pointer lies within that thread's
    // stack, since the stacks of live threads never overlap; and the owner is known to be alive, and running its loop,
    // while InLoop is set, which only its own thread sets (entering the loop) and clears (leaving it, in a finally).
    // Other loops, other threads, and every call outside a loop read the thread-static as before.
    private static LoopStack? s_loopStack;
    private static bool s_stackBoundsUnavailable;

    private LoopStack? _loopStack;

    /// <summary>The hub whose loop runs on this stack, when it holds the slot; otherwise null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Hub? HubOfThisStack()
    {
        var owner = s_loopStack;
        byte probe;
        return owner is not null && (nuint)(&probe) - owner.Low < owner.SizeInLoop ? owner.Hub : null;
    }

    /// <summary>As the loop starts: takes the slot if it is free (or already this hub's), so its code finds the hub fast.</summary>
    private LoopStack? EnterLoopStack()
    {
        if (_loopStack is null)
        {
            if (s_stackBoundsUnavailable || LoopStack.ForThisThread(this) is not { } created)
            {
                return null;
            }

            _loopStack = created;
        }

        var mine = _loopStack;
        var owner = Volatile.Read(ref s_loopStack);
        if (!ReferenceEquals(owner, mine)
            && (owner is { InLoop: true } || Interlocked.CompareExchange(ref s_loopStack, mine, owner) != owner))
        {
            return null; // another loop holds it: this one reads the thread-static
        }

        Volatile.Write(ref mine.InLoop, true);
        mine.SizeInLoop = mine.Size;
        return mine;
    }

    private static void LeaveLoopStack(LoopStack? entered)
    {
        if (entered is not null)
        {
            entered.SizeInLoop = 0;
            Volatile.Write(ref entered.InLoop, false);
        }
    }

    /// <summary>A hub and the bounds of its thread's stack.</summary>
    private sealed class LoopStack(Hub hub, nuint low, nuint size)
    {
        public readonly Hub Hub = hub;
        public readonly nuint Low = low;
        public readonly nuint Size = size;
        public bool InLoop;

        // Size while InLoop is set, else 0: the lookup's one range test then also says whether the loop runs.
        public nuint SizeInLoop;

        /// <summary>The calling thread's stack, from pthread_getattr_np; null (and never asked again) where libc lacks it.</summary>
        public static unsafe LoopStack? ForThisThread(Hub hub)
        {
            try
            {
                var attr = stackalloc byte[256];
                if (Libc.pthread_getattr_np(Libc.pthread_self(), attr) != 0)
                {
                    return null;
                }

                nint address;
                nuint size;
                var got = Libc.pthread_attr_getstack(attr, &address, &size);
                Libc.pthread_attr_destroy(attr);
                return got == 0 && size > 0 ? new LoopStack(hub, (nuint)address, size) : null;
            }
            catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
            {
                s_stackBoundsUnavailable = true;
                return null;
            }
        }
    }
}
