namespace Greenlets;

public sealed partial class Hub
{
    private readonly Lock _hooksLock = new();
    private TurnHooks? _hooks; // null unless something watches: the loop's one check per turn (Monitor/TurnHooks.cs)
    private GreenletSwitchTracer? _tracer;
    private Action<Greenlet>? _started;
    private Action<Greenlet>? _died;
    private long _spawned;

    /// <summary>
    /// Sets the function that sees every switch on this hub (null removes it) and returns the one it replaces. It is
    /// called on the hub's thread, inside the switch: see <see cref="GreenletSwitchTracer"/>. One that throws is
    /// reported on <see cref="ErrorWriter"/> and the switch goes on. With no tracer the switch costs what it did.
    /// </summary>
    /// <param name="tracer">The new tracer, or null.</param>
    /// <returns>The previous tracer, or null.</returns>
    /// <remarks>gevent: <c>greenlet.settrace(callback)</c>, which also returns the previous one.</remarks>
    public GreenletSwitchTracer? SetTrace(GreenletSwitchTracer? tracer)
    {
        AssertOnHubThread();
        lock (_hooksLock)
        {
            var previous = _tracer;
            _tracer = tracer;
            RebuildHooks();
            return previous;
        }
    }

    /// <summary>The tracer <see cref="SetTrace"/> set, or null.</summary>
    /// <returns>The tracer.</returns>
    /// <remarks>gevent: <c>greenlet.gettrace()</c>.</remarks>
    public GreenletSwitchTracer? GetTrace() => _tracer;

    /// <summary>
    /// Raised on the hub's thread as a greenlet is started (spawned, or started after <c>Create</c>), before it first
    /// runs. A handler that throws is reported on <see cref="ErrorWriter"/>; the spawn goes on.
    /// </summary>
    /// <remarks>gevent has no such event; its tree tracking (<c>spawning_greenlet</c>) is the nearest.</remarks>
    public event Action<Greenlet>? GreenletStarted
    {
        add => UpdateHooks(ref _started, value, add: true);
        remove => UpdateHooks(ref _started, value, add: false);
    }

    /// <summary>
    /// Raised on the hub's thread as a started greenlet dies (returns, fails or is killed), after its outcome is
    /// recorded and before its links run. A handler that throws is reported on <see cref="ErrorWriter"/>.
    /// </summary>
    /// <remarks>gevent has no such event; <c>Greenlet.rawlink</c> on each greenlet is the nearest.</remarks>
    public event Action<Greenlet>? GreenletDied
    {
        add => UpdateHooks(ref _died, value, add: true);
        remove => UpdateHooks(ref _died, value, add: false);
    }

    /// <summary>
    /// Raised by the blocking monitor (<see cref="EnableMonitor"/>), on the monitor's thread, for each greenlet it
    /// reports, after the report is written to <see cref="ErrorWriter"/>.
    /// </summary>
    /// <remarks>gevent: subscribing to <c>gevent.events.EventLoopBlocked</c> through <c>zope.event.subscribers</c>.</remarks>
    public event Action<EventLoopBlocked>? LoopBlocked;

    /// <summary>Greenlets started on this hub since it was created.</summary>
    public long GreenletsSpawned => Volatile.Read(ref _spawned);

    internal void RaiseLoopBlocked(EventLoopBlocked report)
    {
        try
        {
            LoopBlocked?.Invoke(report);
        }
        catch (Exception exception)
        {
            ReportHookFailure("LoopBlocked handler", exception);
        }
    }

    internal void ReportHookFailure(string hook, Exception exception)
    {
        var writer = ErrorWriter;
        lock (writer)
        {
            writer.WriteLine(exception.ToString());
            writer.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {hook} failed with {exception.GetType().Name}");
            writer.WriteLine();
        }
    }

    private void UpdateHooks(ref Action<Greenlet>? handlers, Action<Greenlet>? value, bool add)
    {
        AssertOnHubThread();
        lock (_hooksLock)
        {
            handlers = add ? handlers + value : handlers - value;
            RebuildHooks();
        }
    }

    /// <summary>Swaps in the watchers' current set, or null when there are none. Called under the hooks lock.</summary>
    private void RebuildHooks() =>
        _hooks = _monitor is null && _tracer is null && _started is null && _died is null
            ? null
            : new TurnHooks(this, _monitor, _tracer, _started, _died);
}
