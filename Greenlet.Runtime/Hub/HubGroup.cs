using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// Runs one hub per core in one process: <see cref="Run(int, Action{int}, Func{int, HubClock}?)"/> starts a thread per
/// hub (named <c>greenlet-hub-0</c>, <c>greenlet-hub-1</c>, ...), runs the entry point as the first greenlet of each,
/// given the hub's index, and returns once every entry point has returned. Each hub is an ordinary hub of its thread:
/// greenlets never move between hubs, so each hub keeps its own order, its own clock and its own determinism. Hubs
/// talk through <see cref="HubQueue{T}"/>, <see cref="HubEvent"/> and <see cref="HubAsyncResult{T}"/>, and share
/// listening ports with <c>SO_REUSEPORT</c> (<c>GreenSocket.ReusePort</c>). docs/scaling.md says when to use it.
/// </summary>
/// <remarks>
/// <para>gevent has no equivalent: a gevent process runs one hub. Its scaling answer is one process per core
/// (gunicorn's gevent workers), which this does with threads, in one process.</para>
/// <para>
/// Failures: when an entry point raises, the group cancels the others (it kills each hub's entry greenlet, which raises
/// <see cref="GreenletExit"/> at its suspension point, so its <c>finally</c> blocks run), waits for every hub to end,
/// then raises an <see cref="AggregateException"/> holding a <see cref="HubFailedException"/> per hub that failed,
/// naming it. Cancelling is what a service wants: a group with one hub dead would serve at reduced capacity without
/// saying so, and peers waiting on the dead hub (a queue it consumed, a result it owed) would wait for ever. A hub that
/// ends normally does not stop the others.
/// </para>
/// <para>
/// A hub ends when its entry point returns: greenlets it spawned and left running are dropped with the hub, as gevent
/// drops them when the main greenlet returns. Join them in the entry point.
/// </para>
/// </remarks>
public static class HubGroup
{
    /// <summary>The prefix of the hub threads' names; the hub's index follows it.</summary>
    public const string ThreadNamePrefix = "greenlet-hub-";

    [ThreadStatic]
    private static int t_indexPlusOne;

    /// <summary>
    /// The index of the calling thread's hub in the group that started it (0 to count - 1); null on a thread
    /// <see cref="HubGroup"/> did not start. A server with <c>Workers</c> runs its handlers on such hubs.
    /// </summary>
    /// <remarks>gevent: none; gunicorn's <c>worker.age</c> comes closest.</remarks>
    public static int? CurrentIndex => t_indexPlusOne == 0 ? null : t_indexPlusOne - 1;

    /// <summary>Runs <paramref name="entry"/> on one hub per processor (<see cref="Environment.ProcessorCount"/>).</summary>
    /// <param name="entry">The entry point, usually a <c>[Greenlet]</c> method; it receives the hub's index.</param>
    /// <exception cref="AggregateException">One or more hubs failed: a <see cref="HubFailedException"/> each.</exception>
    public static void Run(Action<int> entry) => Run(Environment.ProcessorCount, entry);

    /// <summary>
    /// Starts <paramref name="count"/> hub threads, runs <paramref name="entry"/> on each as its first greenlet, and
    /// blocks the calling thread until every hub has ended. Call it from plain code, not from a greenlet.
    /// </summary>
    /// <param name="count">How many hubs; at least 1.</param>
    /// <param name="entry">The entry point, usually a <c>[Greenlet]</c> method; it receives the hub's index, 0 to <paramref name="count"/> - 1.</param>
    /// <param name="clock">Makes each hub's clock, given its index (<see cref="HubClock.Virtual"/> for tests); null uses <c>GREENLET_CLOCK</c>.</param>
    /// <exception cref="AggregateException">One or more hubs failed: a <see cref="HubFailedException"/> each, in hub order.</exception>
    public static void Run(int count, Action<int> entry, Func<int, HubClock>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Start(count, clock, index => Greenlet.Spawn(entry, index));
    }

    /// <summary>
    /// Like <see cref="Run(int, Action{int}, Func{int, HubClock}?)"/>, passing <paramref name="state"/> (the queues and
    /// events the hubs share) to every entry point: a lambda that captures them would run as plain code, which cannot
    /// suspend, where a <c>[Greenlet]</c> method given the state runs cooperatively.
    /// </summary>
    /// <typeparam name="TState">The type of the shared state.</typeparam>
    /// <param name="count">How many hubs; at least 1.</param>
    /// <param name="entry">The entry point, usually a <c>[Greenlet]</c> method; it receives the hub's index and <paramref name="state"/>.</param>
    /// <param name="state">What every entry point receives.</param>
    /// <param name="clock">Makes each hub's clock, given its index; null uses <c>GREENLET_CLOCK</c>.</param>
    /// <exception cref="AggregateException">One or more hubs failed: a <see cref="HubFailedException"/> each, in hub order.</exception>
    public static void Run<TState>(int count, Action<int, TState> entry, TState state, Func<int, HubClock>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Start(count, clock, index => Greenlet.Spawn(entry, index, state));
    }

    /// <summary>
    /// Like <see cref="Run(int, Action{int}, Func{int, HubClock}?)"/>, for an entry point given in its rewritten,
    /// awaitable form, as <see cref="Greenlet.SpawnTwin(Func{GreenTask})"/> takes one: the runtime's own servers use it.
    /// </summary>
    /// <param name="count">How many hubs; at least 1.</param>
    /// <param name="entry">The awaitable entry point; it receives the hub's index.</param>
    /// <exception cref="AggregateException">One or more hubs failed: a <see cref="HubFailedException"/> each, in hub order.</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static void RunTwin(int count, Func<int, GreenTask> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Start(count, null, index => Greenlet.SpawnTwin(entry, index));
    }

    private static void Start(int count, Func<int, HubClock>? clock, Func<int, Greenlet> spawn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var run = new GroupRun(count);
        var threads = new Thread[count];
        for (var index = 0; index < count; index++)
        {
            var hubIndex = index;
            threads[index] = new Thread(() => run.RunHub(hubIndex, spawn, clock)) { Name = ThreadNamePrefix + index };
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (run.Failures() is { Count: > 0 } failures)
        {
            throw new AggregateException($"{failures.Count} of {count} hubs failed: {string.Join(", ", failures.Select(static f => f.HubName))}.", failures);
        }
    }

    /// <summary>One call of Run: each hub's entry greenlet, to cancel, and each hub's failure.</summary>
    private sealed class GroupRun(int count)
    {
        private readonly Lock _gate = new();
        private readonly (HubToken Token, Greenlet Entry)?[] _entries = new (HubToken, Greenlet)?[count];
        private readonly HubFailedException?[] _failures = new HubFailedException?[count];
        private bool _cancelled;

        public void RunHub(int index, Func<int, Greenlet> spawn, Func<int, HubClock>? clock)
        {
            t_indexPlusOne = index + 1;
            try
            {
                using (Hub.Install(clock?.Invoke(index)))
                {
                    var greenlet = spawn(index);
                    Register(index, greenlet);
                    greenlet.Join();
                    if (greenlet.Exception is { } failure)
                    {
                        Fail(index, failure);
                    }
                }
            }
            catch (Exception failure)
            {
                Fail(index, failure);
            }
        }

        public List<HubFailedException> Failures() => [.. _failures.OfType<HubFailedException>()];

        private void Register(int index, Greenlet greenlet)
        {
            bool cancelled;
            lock (_gate)
            {
                _entries[index] = (HubToken.Current, greenlet);
                cancelled = _cancelled;
            }

            if (cancelled)
            {
                greenlet.Kill(block: false); // another hub failed before this one started
            }
        }

        private void Fail(int index, Exception failure)
        {
            _failures[index] = new HubFailedException(index, failure);
            lock (_gate)
            {
                _cancelled = true;
                for (var other = 0; other < _entries.Length; other++)
                {
                    if (other != index && _entries[other] is var (token, greenlet))
                    {
                        token.Post(() => greenlet.Kill(block: false)); // refused by a hub that ended already
                    }
                }
            }
        }
    }
}

/// <summary>A hub of a <see cref="HubGroup"/> failed: its entry point raised <see cref="Exception.InnerException"/>.</summary>
/// <remarks>gevent has no equivalent: a gevent process runs one hub.</remarks>
public sealed class HubFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="hubIndex">The index of the hub that failed.</param>
    /// <param name="innerException">What its entry point raised.</param>
    public HubFailedException(int hubIndex, Exception innerException)
        : base($"{HubGroup.ThreadNamePrefix}{hubIndex} failed: {innerException.GetType().Name}: {innerException.Message}", innerException)
    {
        HubIndex = hubIndex;
        HubName = HubGroup.ThreadNamePrefix + hubIndex;
    }

    /// <summary>The index of the hub that failed.</summary>
    public int HubIndex { get; }

    /// <summary>The name of the hub's thread: <c>greenlet-hub-</c> and its index.</summary>
    public string HubName { get; }
}
