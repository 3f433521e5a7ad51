namespace Greenlets;

/// <summary>What a switch traced by <see cref="Hub.SetTrace"/> does.</summary>
/// <remarks>gevent: the <c>event</c> argument of a <c>greenlet.settrace</c> callback.</remarks>
public enum GreenletSwitchKind
{
    /// <summary>An ordinary switch: the target resumes normally. gevent: <c>'switch'</c>.</summary>
    Switch,

    /// <summary>The target resumes to raise an exception at its suspension point (a kill, a timeout). gevent: <c>'throw'</c>.</summary>
    Throw,
}

/// <summary>
/// Receives every switch on a hub, on the hub's thread, as it happens: from the hub into a greenlet as its turn
/// starts, from the greenlet back into the hub as the turn ends, and between the main greenlet and the hub as plain
/// code blocks and resumes. A null <paramref name="origin"/> or <paramref name="target"/> is the hub itself.
/// It runs inside the switch, so it must not wait, and it should be quick.
/// </summary>
/// <param name="kind">Whether the target resumes normally or to raise.</param>
/// <param name="origin">The greenlet switched from; null for the hub.</param>
/// <param name="target">The greenlet switched to; null for the hub.</param>
/// <remarks>gevent: the callback of <c>greenlet.settrace(callback)</c>, called with <c>(event, (origin, target))</c>.</remarks>
public delegate void GreenletSwitchTracer(GreenletSwitchKind kind, Greenlet? origin, Greenlet? target);
