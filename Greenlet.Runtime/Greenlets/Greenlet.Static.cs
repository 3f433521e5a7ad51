using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// Suspends the running greenlet for <paramref name="seconds"/>. Zero (the default) or less only yields:
    /// every other ready greenlet runs once, in order, before this one continues.
    /// </summary>
    /// <param name="seconds">How long to sleep, in seconds or as a <see cref="TimeSpan"/>; <see cref="Timeout.InfiniteTimeSpan"/> sleeps until killed.</param>
    /// <remarks>gevent: <c>gevent.sleep(seconds=0)</c>.</remarks>
    [Cooperative(nameof(SleepAwaitable))]
    public static void Sleep(GreenDuration seconds = default)
    {
        var hub = Hub.Current;
        hub.BeginBlockingCall("Greenlet.Sleep");
        SleepAwaitable(seconds).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Sleep"/> instead.</summary>
    /// <param name="seconds">How long to sleep.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable SleepAwaitable(GreenDuration seconds = default)
    {
        var hub = Hub.Current;
        var greenlet = hub.Running ?? throw NotOnGreenlet();
        if (seconds.Seconds <= 0)
        {
            return hub.Yield(greenlet);
        }

        if (!seconds.IsInfinite)
        {
            hub.AddTimer(seconds.Seconds, greenlet, greenlet.WaitToken);
        }

        return hub.Park(greenlet);
    }

    /// <summary>
    /// Suspends the running greenlet until the loop is idle: nothing is ready to run, no timer is due and no descriptor
    /// is ready. Every greenlet idling then resumes, the last to start idling first (as libev runs idle watchers).
    /// </summary>
    /// <remarks>
    /// gevent: <c>gevent.idle(priority=0)</c>; there are no watcher priorities, so there is no <c>priority</c>. Unlike
    /// <see cref="Sleep(GreenDuration)"/> with zero, which only lets every ready greenlet run once, an idler waits until
    /// the others have all parked; a timer that is not yet due does not hold it back.
    /// </remarks>
    [Cooperative(nameof(IdleAwaitable))]
    public static void Idle()
    {
        var hub = Hub.Current;
        hub.BeginBlockingCall("Greenlet.Idle");
        IdleAwaitable().Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Idle"/> instead.</summary>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable IdleAwaitable()
    {
        var hub = Hub.Current;
        return hub.ParkUntilIdle(hub.Running ?? throw NotOnGreenlet());
    }

    /// <summary>
    /// Waits for every greenlet to finish, or for <paramref name="count"/> of them, or for <paramref name="timeout"/>
    /// seconds, and returns those that finished (at most <paramref name="count"/>), in the order they finished. With
    /// <paramref name="raiseError"/>, rethrows the first failure as soon as it happens, while the others still run.
    /// </summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <param name="raiseError">
    /// Whether to rethrow the exception of the first greenlet to fail (among the first <paramref name="count"/> to
    /// finish) at once, without waiting for the rest.
    /// </param>
    /// <param name="count">How many must finish; null means all.</param>
    /// <returns>The finished greenlets, in completion order.</returns>
    /// <remarks>gevent: <c>gevent.joinall(greenlets, timeout=None, raise_error=False, count=None)</c>.</remarks>
    [Cooperative(nameof(JoinAllAwaitable))]
    public static IReadOnlyList<Greenlet> JoinAll(IEnumerable<Greenlet> greenlets, GreenDuration? timeout = null, bool raiseError = false, int? count = null)
    {
        var hub = Hub.Current;
        hub.BeginBlockingCall("Greenlet.JoinAll");
        return JoinAllAwaitable(greenlets, timeout, raiseError, count).Block(hub);
    }

    /// <summary>Waits for every greenlet to finish; returns them in completion order.</summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <returns>The greenlets, in completion order.</returns>
    /// <remarks>gevent: <c>gevent.joinall([...])</c>.</remarks>
    [Cooperative(nameof(JoinAllAwaitable))]
    public static IReadOnlyList<Greenlet> JoinAll(params Greenlet[] greenlets) => JoinAll((IEnumerable<Greenlet>)greenlets);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="JoinAll(IEnumerable{Greenlet}, GreenDuration?, bool, int?)"/> instead.</summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <param name="raiseError">Whether to rethrow the first failure.</param>
    /// <param name="count">How many must finish; null means all.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IReadOnlyList<Greenlet>> JoinAllAwaitable(IEnumerable<Greenlet> greenlets, GreenDuration? timeout = null, bool raiseError = false, int? count = null) =>
        JoinAllWait.Start(Hub.Current, greenlets, timeout.InSeconds(), raiseError, count);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="JoinAll(Greenlet[])"/> instead.</summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IReadOnlyList<Greenlet>> JoinAllAwaitable(params Greenlet[] greenlets) =>
        JoinAllAwaitable((IEnumerable<Greenlet>)greenlets);

    /// <summary>
    /// Waits until <paramref name="count"/> of the greenlets (all by default) finish or the timeout passes, and
    /// returns the finished ones in completion order. Never raises their exceptions.
    /// </summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <param name="count">How many must finish; null means all.</param>
    /// <returns>The finished greenlets, in completion order.</returns>
    /// <remarks>gevent: <c>gevent.wait(objects, timeout=None, count=None)</c>.</remarks>
    [Cooperative(nameof(WaitAwaitable))]
    public static IReadOnlyList<Greenlet> Wait(IEnumerable<Greenlet> greenlets, GreenDuration? timeout = null, int? count = null) =>
        JoinAll(greenlets, timeout, raiseError: false, count);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Wait"/> instead.</summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <param name="count">How many must finish; null means all.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IReadOnlyList<Greenlet>> WaitAwaitable(IEnumerable<Greenlet> greenlets, GreenDuration? timeout = null, int? count = null) =>
        JoinAllAwaitable(greenlets, timeout, raiseError: false, count);

    /// <summary>
    /// Yields the greenlets one at a time as they finish, in completion order. Each step waits (cooperatively) for
    /// the next one; the timeout bounds the whole iteration, and <paramref name="count"/> the number yielded.
    /// </summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">The most seconds for the whole iteration; null waits as long as it takes.</param>
    /// <param name="count">How many to yield at most; null means all.</param>
    /// <returns>A single-use iterator of the greenlets in completion order.</returns>
    /// <remarks>gevent: <c>gevent.iwait(objects, timeout=None, count=None)</c>.</remarks>
    public static GreenletIterator IWait(IEnumerable<Greenlet> greenlets, GreenDuration? timeout = null, int? count = null) =>
        new(Hub.Current, greenlets, timeout.InSeconds(), count);

    /// <summary>
    /// Kills every greenlet (see <see cref="Kill"/>); with <paramref name="block"/>, waits up to
    /// <paramref name="timeout"/> seconds for all of them to die.
    /// </summary>
    /// <param name="greenlets">The greenlets to kill.</param>
    /// <param name="exception">The exception to raise in each; null raises <see cref="GreenletExit"/>.</param>
    /// <param name="block">Whether to wait for them to die.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <remarks>gevent: <c>gevent.killall(greenlets, exception=GreenletExit, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(KillAllAwaitable))]
    public static void KillAll(IEnumerable<Greenlet> greenlets, Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (block)
        {
            hub.BeginBlockingCall("Greenlet.KillAll");
        }

        KillAllAwaitable(greenlets, exception, block, timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="KillAll"/> instead.</summary>
    /// <param name="greenlets">The greenlets to kill.</param>
    /// <param name="exception">The exception to raise in each.</param>
    /// <param name="block">Whether to wait for them to die.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IReadOnlyList<Greenlet>> KillAllAwaitable(IEnumerable<Greenlet> greenlets, Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        var list = greenlets.ToList();
        var hub = Hub.Current;
        foreach (var greenlet in list)
        {
            if (!ReferenceEquals(greenlet, hub.Running))
            {
                hub.Interrupt(greenlet, exception ?? new GreenletExit());
            }
        }

        return block ? JoinAllAwaitable(list, timeout) : new GreenAwaitable<IReadOnlyList<Greenlet>>(list);
    }
}
