using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// What the awaiters of rewritten calls check in a frame that is reused: its version. A frame goes back to its pool
/// when its result is taken (the caller's await), and each return bumps the version, so a task that outlived its call
/// (awaited a second time, kept and awaited after the frame served another call) is told apart from the frame's
/// current call: it reads as completed, and taking its result throws instead of reading another call's.
/// </summary>
internal abstract class PooledFrame
{
    /// <summary>
    /// Bumped each time the frame goes back to its pool; a task carries the version of its own call. Never 0: a task
    /// of version 0 is over a frame that is not pooled, so telling a stale task costs no type check.
    /// </summary>
    internal int Version = 1;

    /// <summary>Whether a task of <paramref name="version"/> over <paramref name="frame"/> is older than the frame's current call.</summary>
    public static bool IsStale(object? frame, int version)
    {
        Debug.Assert(version == 0 || frame is PooledFrame, "only a pooled frame's task carries a version");
        return version != 0 && Unsafe.As<PooledFrame>(frame)!.Version != version;
    }

    /// <summary>Moves to the next version, skipping 0: every task of the call that just finished becomes stale.</summary>
    protected void NextVersion()
    {
        unchecked
        {
            Version++;
        }

        if (Version == 0)
        {
            Version = 1;
        }
    }

    /// <summary>The version a task over <paramref name="frame"/> carries.</summary>
    public static int VersionOf(object? frame) => frame is PooledFrame pooled ? pooled.Version : 0;

    public static InvalidOperationException Reused() => new(
        "This GreenTask's call has finished and its result was already taken: a GreenTask is awaited once, as a ValueTask is. " +
        "Keep the result, not the task.");
}

/// <summary>
/// The free frames of one state machine type on one hub: a list through the frames themselves, bounded so a burst of
/// calls that all suspended at once is not kept for ever. Each frame type keeps one per thread, stamped with its hub: a
/// hub replaced on its thread (a test's fresh clock) never gets the old hub's frames.
/// </summary>
internal sealed class FramePool<TFrame>
    where TFrame : class
{
    /// <summary>Free frames kept per type and hub: enough for the calls one greenlet nests, and a few greenlets' more.</summary>
    public const int Capacity = 32;

    public Hub? Hub;
    public TFrame? Head;
    public int Count;
}
