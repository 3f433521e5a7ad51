namespace Greenlets;

/// <summary>
/// Everything that watches a hub's turns and greenlets: the blocking monitor, a switch tracer, and the lifecycle
/// handlers. The hub holds one of these only while any is set, so without them each turn pays one null check, the
/// same one the monitor alone cost before. Immutable: the hub swaps in a new one when a watcher comes or goes.
/// </summary>
internal sealed class TurnHooks(Hub hub, HubMonitor? monitor, GreenletSwitchTracer? tracer, Action<Greenlet>? started, Action<Greenlet>? died)
{
    // The greenlet the tracer saw the hub switch into, so the switch back is reported as the turn ends.
    private Greenlet? _switchedTo;

    public HubMonitor? Monitor => monitor;

    /// <summary>On the hub thread, as <paramref name="item"/> starts its turn.</summary>
    public void BeforeTurn(IHubRunnable item, long turn)
    {
        monitor?.BeforeTurn(item, turn);
        if (tracer is not null && item is Greenlet greenlet && greenlet.State != GreenletState.Dead)
        {
            _switchedTo = greenlet;
            Trace(greenlet.HasUndeliveredInterrupt ? GreenletSwitchKind.Throw : GreenletSwitchKind.Switch, null, greenlet);
        }
    }

    /// <summary>On the hub thread, as a turn ends.</summary>
    public void AfterTurn()
    {
        monitor?.AfterTurn();
        if (_switchedTo is { } greenlet)
        {
            _switchedTo = null;
            Trace(GreenletSwitchKind.Switch, greenlet, null);
        }
    }

    /// <summary>The main greenlet blocks: plain code switches into the hub.</summary>
    public void MainBlocks(Greenlet main)
    {
        if (tracer is not null)
        {
            Trace(GreenletSwitchKind.Switch, main, null);
        }
    }

    /// <summary>The loop returns to the main greenlet.</summary>
    public void MainResumes(Greenlet main)
    {
        if (tracer is not null)
        {
            Trace(main.HasUndeliveredInterrupt ? GreenletSwitchKind.Throw : GreenletSwitchKind.Switch, null, main);
        }
    }

    public void Started(Greenlet greenlet) => Notify(started, greenlet, "GreenletStarted");

    public void Died(Greenlet greenlet) => Notify(died, greenlet, "GreenletDied");

    // A watcher that throws must not break the switch or the spawn it watches: it is reported and the hub goes on.
    private void Trace(GreenletSwitchKind kind, Greenlet? origin, Greenlet? target)
    {
        try
        {
            tracer!(kind, origin, target);
        }
        catch (Exception exception)
        {
            hub.ReportHookFailure("switch tracer", exception);
        }
    }

    private void Notify(Action<Greenlet>? handler, Greenlet greenlet, string name)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(greenlet);
        }
        catch (Exception exception)
        {
            hub.ReportHookFailure(name + " handler", exception);
        }
    }
}
