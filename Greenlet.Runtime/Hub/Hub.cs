using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// The per-thread event loop that runs greenlets cooperatively. Each loop iteration runs, in order:
/// the ready queue (only the entries queued before the pass began), the expired timers in
/// (deadline, sequence) order, I/O readiness (polled without waiting when work is ready, else until the next
/// timer), and the work other threads posted. One hub per thread, created lazily;
/// greenlets never move between threads, so the same inputs give the same interleaving on every run.
/// </summary>
/// <remarks>gevent: <c>gevent.get_hub()</c> and its libev loop.</remarks>
public sealed partial class Hub
{
    [ThreadStatic]
    private static Hub? t_current;

    private readonly ReadyQueue _ready = new();
    private readonly TimerHeap _timers;
    private readonly Simulation? _simulation;
    private bool _inLoop;
    private bool _spawnRequested;
    private long _now;
    private int _nextId;
    private Greenlet? _runningOutsideLoop;
    private nint _runningInLoop; // the address of RunUntilMainWakes' local, while it runs

    private Hub(HubClock clock, ReactorKind reactorKind, Simulation? simulation)
    {
        PlatformSupport.ThrowIfUnsupported();
        simulation?.Attach(this);
        _simulation = simulation;
        _timers = new TimerHeap(simulation);
        Clock = clock;
        _reactorKind = reactorKind;
        Main = new MainGreenlet(this);
        _runningOutsideLoop = Main;
        _now = clock.Now;
        ThreadId = Environment.CurrentManagedThreadId;
        HubMetrics.Register(this);
        StartMonitorFromEnvironment();
    }

    /// <summary>The hub of the calling thread, created on first use with the clock named by <c>GREENLET_CLOCK</c>.</summary>
    public static Hub Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => HubOfThisStack() ?? t_current ?? CreateForThisThread(); // inside a loop, usually no thread-static read (Hub.LoopStack.cs)
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Hub CreateForThisThread()
    {
        var simulation = Simulation.FromEnvironment();
        return t_current = new Hub(ClockFor(simulation), ReactorKind.Default, simulation);
    }

    /// <summary>The hub's simulation: null unless it runs in simulation (<see cref="Greenlets.Simulation.Install(int, bool)"/>, <c>GREENLET_SIM_SEED</c>).</summary>
    public Simulation? Simulation => _simulation;

    /// <summary>The seeded source of the hub's simulation, for simulated components (the simulated network); null outside simulation.</summary>
    internal Random? SimulationRandom => _simulation?.Random;

    /// <summary>A hub in simulation runs on the virtual clock unless <c>GREENLET_CLOCK</c> names one explicitly.</summary>
    private static HubClock ClockFor(Simulation? simulation) =>
        simulation is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(HubClock.EnvironmentVariable))
            ? HubClock.Virtual()
            : HubClock.FromEnvironment();

    /// <summary>The hub's clock.</summary>
    public HubClock Clock { get; }

    /// <summary>The loop's notion of now, refreshed once per loop iteration (as libev does), so timers started together fire together.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(_inLoop ? _now : _now = Clock.Now);

    /// <summary>The main greenlet: the thread's plain code, which blocks by running the hub.</summary>
    public Greenlet MainGreenlet => Main;

    internal MainGreenlet Main { get; }

    /// <summary>The greenlet whose code is executing; null while the hub runs a callback.</summary>
    /// <remarks>
    /// While the loop runs, this is a local of the loop's own frame, which the loop sets at every turn with a plain
    /// store: in a field of the hub, each switch would pay a GC write barrier. The frame outlives every read, since
    /// only code the loop calls reads it, on the hub's thread; another thread must not read it.
    /// </remarks>
    internal unsafe Greenlet? Running
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _runningInLoop != 0 ? Unsafe.AsRef<Greenlet?>((void*)_runningInLoop) : _runningOutsideLoop;
    }

    internal bool InLoop => _inLoop;

    /// <summary>The managed id of the thread this hub belongs to.</summary>
    internal int ThreadId { get; }

    /// <summary>
    /// Replaces the calling thread's hub with a new one using <paramref name="clock"/> and returns a scope
    /// that restores the previous hub. Tests use it to run each case on a fresh virtual clock.
    /// </summary>
    /// <param name="clock">The new hub's clock; null selects the one named by <c>GREENLET_CLOCK</c>.</param>
    /// <param name="reactor">The new hub's I/O backend.</param>
    public static IDisposable Install(HubClock? clock = null, ReactorKind reactor = ReactorKind.Default) =>
        InstallWithSimulation(clock, reactor, Simulation.FromEnvironment());

    /// <summary>Like <see cref="Install(HubClock?, ReactorKind)"/>, with the new hub in <paramref name="simulation"/> (null: not in simulation).</summary>
    internal static IDisposable InstallWithSimulation(HubClock? clock, ReactorKind reactor, Simulation? simulation)
    {
        var previous = t_current;
        if (previous is { _inLoop: true })
        {
            throw new InvalidOperationException("A hub cannot be replaced while its loop is running.");
        }

        var installed = new Hub(clock ?? ClockFor(simulation), reactor, simulation);
        t_current = installed;
        return new Restore(installed, previous);
    }

    internal int NextGreenletId() => ++_nextId;

    internal void Enqueue(IHubRunnable item) => _ready.Enqueue(item);

    internal void Enqueue(Greenlet greenlet) => _ready.Enqueue(greenlet);

    internal void AddTimer(double seconds, ITimerTarget target, int token)
    {
        AssertOnHubThread();
        RefreshNowForANewTimer();
        _timers.Add(_now + SecondsToTicks(seconds), target, token);
    }

    /// <summary>
    /// Starts a timer due at <paramref name="deadline"/> (ticks of the hub's clock; a deadline already past is due
    /// now). For instants rather than intervals, as the simulated network's arrivals are: an interval in seconds
    /// turned back into ticks is cut short by a tick now and then, and such a timer fires before its instant.
    /// </summary>
    internal void AddTimerAt(long deadline, ITimerTarget target, int token)
    {
        AssertOnHubThread();
        RefreshNowForANewTimer();
        _timers.Add(Math.Max(deadline, _now), target, token);
    }

    /// <summary>
    /// Inside the loop, timers started in one pass share that pass's now (as libev's do); the loop only reads the clock
    /// when timers are pending, so refresh it for the first one, and for any started by plain code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RefreshNowForANewTimer()
    {
        if (!_inLoop || _timers.Count == 0)
        {
            _now = Clock.Now;
        }
    }

    internal static long SecondsToTicks(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), "A duration cannot be NaN.");
        }

        // A positive duration is at least one tick: rounded down to none, a wait of less than a tick would end at once
        // without moving the virtual clock, and a loop waiting out the remainder of a deadline would never get there.
        return seconds <= 0 ? 0 : Math.Max(1, (long)Math.Min(seconds * TimeSpan.TicksPerSecond, long.MaxValue / 4));
    }

    /// <summary>Asks the next rewritten call on this thread to become a new greenlet instead of running.</summary>
    internal void RequestSpawn() => _spawnRequested = true;

    internal void CancelSpawnRequest() => _spawnRequested = false;

    /// <summary>As a rewritten call starts: the hub that asked for it to become a new greenlet, taking the request; else null.</summary>
    /// <param name="stackLeft">
    /// The bytes of stack left, found on the way (Hub.Trampoline.cs): exact on the loop holding the stack slot, else 0,
    /// which sends the caller to <see cref="IsStackLow"/>.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Hub? TakeSpawnRequest(out nuint stackLeft)
    {
        var owner = s_loopStack;
        byte probe;
        Hub? hub;
        if (owner is not null && (nuint)(&probe) - owner.Low < owner.SizeInLoop)
        {
            // The same test as HubOfThisStack: the distance from the stack's low end is what is left of it.
            stackLeft = (nuint)(&probe) - owner.Low;
            hub = owner.Hub;
        }
        else
        {
            stackLeft = 0;
            hub = t_current;
        }

        if (hub is null || !hub._spawnRequested)
        {
            return null;
        }

        hub._spawnRequested = false;
        return hub;
    }

    /// <summary>The greenlet rewritten code runs on. Rewritten code only ever runs inside the loop, on a greenlet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Greenlet RunningGreenletForRewrittenCode()
    {
        var running = (HubOfThisStack() ?? t_current)?.Running;
        if (running is null or Greenlets.MainGreenlet)
        {
            ThrowOutsideGreenlet();
        }

        return running;
    }

    [DoesNotReturn]
    private static void ThrowOutsideGreenlet() => throw new InvalidOperationException(
        "Rewritten [Greenlet] code ran outside a greenlet. Call the method normally from plain code, or spawn it.");

    /// <summary>
    /// The greenlet that a cooperative call made from plain code will block: the main greenlet, outside the loop.
    /// Inside the loop a plain caller would nest the loop, so this fails, naming the method to rewrite.
    /// </summary>
    internal Hub BeginBlockingCall(string operation)
    {
        if (_inLoop)
        {
            throw GreenletContextException.ForNestedCall(operation, Running);
        }

        return this;
    }

    /// <summary>Runs the loop until the main greenlet is woken. Main must already be parked.</summary>
    internal void BlockMain()
    {
        AssertOnHubThread();
        Debug.Assert(!_inLoop, "the loop is never nested: plain code blocks only outside it");
        Debug.Assert(Main.State is GreenletState.Parked or GreenletState.Ready, "main is parked (or already woken) before it blocks");
        var mainContext = GreenletExecutionContext.TakeOff(); // greenlets never see main's AsyncLocal values
        _hooks?.MainBlocks(Main);
        _inLoop = true;
        _runningOutsideLoop = null;
        var loopStack = EnterLoopStack();
        try
        {
            RunUntilMainWakes();
        }
        finally
        {
            LeaveLoopStack(loopStack);
            _inLoop = false;
            _runningInLoop = 0;
            _runningOutsideLoop = Main;
            Main.State = GreenletState.Running;
            GreenletExecutionContext.PutBack(mainContext);
            _hooks?.MainResumes(Main);
        }
    }

    private unsafe void RunUntilMainWakes()
    {
        var thread = Thread.CurrentThread; // read once per block, for GreenletExecutionContext
        var ready = _ready; // a local: the JIT would reload the field after every call
        Greenlet? running = null; // Running, while the loop runs: its address is taken, so it lives in this frame
        _runningInLoop = (nint)Unsafe.AsPointer(ref running);
        if (ResumeAfterMain(thread))
        {
            return;
        }

        while (true)
        {
            var pass = ready.Count;
            if (_simulation is not null && pass > 0)
            {
                pass = _simulation.ArrangePass(ready, pass); // the only cost of simulation to the default loop: one branch per pass
            }

            for (; pass > 0; pass--)
            {
                var greenlet = ready.Dequeue();
                if (ReferenceEquals(greenlet, Main))
                {
                    ready.TrimIfIdle();
                    return;
                }

                var turn = ++_turns;
                if (greenlet is not null)
                {
                    _hooks?.BeforeTurn(greenlet, turn); // read at every turn: a watcher set by this pass watches its next turn
                    if (greenlet.State != GreenletState.Dead) // else killed while waiting to start
                    {
                        running = greenlet;
                        greenlet.RunTurn(); // a direct call: no interface dispatch per switch
                        running = null;
                    }
                }
                else
                {
                    var callback = ready.TakeCallback();
                    _hooks?.BeforeTurn(callback, turn);
                    callback.RunOnHub(this);
                    if (TakeMainSwitch())
                    {
                        _hooks?.AfterTurn();
                        GreenletExecutionContext.AfterTurn(thread, null);
                        return; // the callback switched to main (SwitchFromCallback)
                    }
                }

                _hooks?.AfterTurn();
                GreenletExecutionContext.AfterTurn(thread, greenlet); // AsyncLocal values stay with the greenlet that set them (a callback's are dropped)
            }

            if (_timers.Count > 0)
            {
                _now = Clock.Now;
                if (_timers.FireDue(this, _now) is var lateness and >= 0)
                {
                    _lastTimerLateness = lateness;
                }
            }

            if (ready.Count > 0)
            {
                PollWithoutWaiting();
                continue;
            }

            ready.TrimIfIdle();
            if (!WakeIdlers())
            {
                WaitForWork();
            }
        }
    }

    /// <summary>Wakes a parked greenlet: its pending registrations become stale and it joins the ready queue.</summary>
    internal void Wake(Greenlet greenlet)
    {
        AssertOnHubThread();
        // Parked, or the running greenlet that Park wakes at once: a greenlet woken twice would run twice.
        Debug.Assert(greenlet.State == GreenletState.Parked || (greenlet.State == GreenletState.Running && ReferenceEquals(greenlet, Running)), "only a parked greenlet is woken");
        greenlet.WaitToken++;
        greenlet.State = GreenletState.Ready;
        _ready.Enqueue(greenlet);
    }

    /// <summary>Parks the running greenlet on whatever it registered with, unless an interrupt is already waiting for it.</summary>
    internal GreenAwaitable Park(Greenlet greenlet)
    {
        // Parked already when one wait registers in several places (a select over many descriptors parks once for each).
        Debug.Assert(ReferenceEquals(greenlet, Running) && greenlet.State is GreenletState.Running or GreenletState.Parked, "only the running greenlet parks");
        if (greenlet.TakeDeferredInterrupt())
        {
            Wake(greenlet);
        }
        else
        {
            greenlet.State = GreenletState.Parked;
        }

        return GreenAwaitable.ParkedRunning;
    }

    /// <summary>
    /// Parks the greenlet running now (the main greenlet in plain code), with a timer when a timeout is given.
    /// The caller registers it with whatever will wake it.
    /// </summary>
    internal Greenlet ParkRunning(double? timeout)
    {
        var waiter = Running ?? throw new InvalidOperationException("A hub callback cannot wait. Spawn a greenlet for work that waits.");
        if (timeout is { } seconds)
        {
            AddTimer(seconds, waiter, waiter.WaitToken);
        }

        Park(waiter);
        return waiter;
    }

    /// <summary>Puts the running greenlet at the back of the ready queue (<c>sleep(0)</c>).</summary>
    internal GreenAwaitable Yield(Greenlet greenlet)
    {
        AssertOnHubThread();
        Debug.Assert(ReferenceEquals(greenlet, Running) && greenlet.State == GreenletState.Running, "only the running greenlet yields");
        greenlet.TakeDeferredInterrupt(); // a kill held back by a value-carrying wake is raised at this suspension
        greenlet.State = GreenletState.Ready;
        _ready.Enqueue(greenlet);
        return GreenAwaitable.ParkedRunning;
    }

    /// <summary>Raises <paramref name="exception"/> in <paramref name="greenlet"/> at its suspension point.</summary>
    internal void Interrupt(Greenlet greenlet, Exception exception)
    {
        switch (greenlet.State)
        {
            case GreenletState.Dead:
                return;
            case GreenletState.Created:
            case GreenletState.Scheduled:
                greenlet.FinishBeforeStart(exception);
                return;
            case GreenletState.Parked:
                greenlet.SetInterrupt(exception, deferred: false);
                Wake(greenlet);
                return;
            case GreenletState.Ready:
                // Woken already: if the wake handed it a value, raise at its next suspension so nothing is lost.
                greenlet.SetInterrupt(exception, deferred: greenlet.WakeCarriesValue);
                return;
            case GreenletState.Running:
                throw exception;
        }
    }

    private sealed class Restore(Hub installed, Hub? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                installed._monitor?.Dispose();
                if (installed._loopStack is { } stack)
                {
                    Interlocked.CompareExchange(ref s_loopStack, null, stack); // the slot does not keep a dropped hub alive
                }

                installed.RunEndCallbacks();
                HubMetrics.Unregister(installed);
                installed.DisposeReactor();
                t_current = previous;
            }
        }
    }
}
