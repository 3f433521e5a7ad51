using System.Diagnostics;

namespace Greenlets;

// What Debug builds check and debuggers show. The asserts compile away in Release (Conditional("DEBUG")), so they cost
// the shipped hub nothing; the test suite's Debug run (eng/test.sh --fast) makes a broken invariant fail its test.
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public sealed partial class Hub
{
    /// <summary>A hub is used only on the thread it belongs to: other threads post through its reactor's doorbell.</summary>
    [Conditional("DEBUG")]
    private void AssertOnHubThread() =>
        Debug.Assert(Environment.CurrentManagedThreadId == ThreadId, "a hub is used only on its own thread; other threads post to it");

    // Fields only: Now would read the clock, and Running is valid only on the hub's own thread.
    private string DebuggerDisplay =>
        $"Hub thread {ThreadId}{(_inLoop ? " in loop" : "")}: ready = {_ready.Count}, timers = {_timers.Count}, live = {_liveCount}, switches = {_turns}";
}
