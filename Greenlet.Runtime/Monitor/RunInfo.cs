using System.Globalization;
using System.Text;

namespace Greenlets;

/// <summary>
/// The run-info dump: a line about the hub, then every greenlet as a tree under the greenlet that spawned it, each
/// with its state, its parent and the suspension point it waits at. Made on the hub thread only.
/// </summary>
/// <remarks>gevent: <c>gevent.util.format_run_info()</c>, its greenlet tree.</remarks>
internal static class RunInfo
{
    private static readonly string s_rule = new('*', 80);

    public static string Format(Hub hub)
    {
        var live = hub.LiveGreenlets.OrderBy(g => g.Id).ToList();
        var liveSet = live.ToHashSet();
        var children = live
            .Where(g => g.SpawningGreenlet is { } parent && (liveSet.Contains(parent) || parent is MainGreenlet))
            .ToLookup(g => g.SpawningGreenlet!);

        var text = new StringBuilder();
        text.AppendLine(s_rule);
        text.AppendLine(CultureInfo.InvariantCulture, $"* Hub on thread {hub.ThreadId}");
        text.AppendLine(s_rule);
        text.AppendLine(CultureInfo.InvariantCulture, $"clock {(hub.Clock.IsVirtual ? "virtual" : "monotonic")} at {hub.Now.TotalSeconds:0.######} s, reactor {hub.ReactorKind}, {live.Count} greenlets alive, {hub.ReadyCount} ready, {hub.TimerCount} timers, {hub.Switches} switches, loop lag {hub.LoopLag.TotalMilliseconds:0.###} ms");
        text.AppendLine(s_rule);
        text.AppendLine("* Greenlets");
        text.AppendLine(s_rule);
        Append(text, hub.Main, children, depth: 0);

        // Greenlets whose spawner is gone (it died, and parents are cleared at death) are roots of their own.
        foreach (var orphan in live.Where(g => g.SpawningGreenlet is not { } parent || !(liveSet.Contains(parent) || parent is MainGreenlet)))
        {
            Append(text, orphan, children, depth: 0);
        }

        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, Greenlet greenlet, ILookup<Greenlet, Greenlet> children, int depth)
    {
        var branch = depth == 0 ? "" : string.Concat(Enumerable.Repeat(" :    ", depth - 1)) + " +--- ";
        var detail = string.Concat(Enumerable.Repeat(" :    ", depth)) + " :    ";
        text.AppendLine(CultureInfo.InvariantCulture, $"{branch}{greenlet}; {greenlet.State}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{detail}Parent: {(greenlet.SpawningGreenlet is { } parent ? parent.ToString() : "None")}");
        if (greenlet is MainGreenlet)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{detail}Running: the thread's plain code (it blocks by running the hub)");
        }
        else
        {
            var where = greenlet.DescribeSuspension();
            var label = greenlet.State switch
            {
                GreenletState.Running => "Running since",
                GreenletState.Scheduled => "Starting at",
                _ => "Suspended at",
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"{detail}{label}: {(where.Length > 0 ? where : "(not a rewritten [Greenlet] call)")}");
        }

        foreach (var child in children[greenlet])
        {
            Append(text, child, children, depth + 1);
        }
    }
}
