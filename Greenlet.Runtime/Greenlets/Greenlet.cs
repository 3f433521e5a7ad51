using System.ComponentModel;
using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// A lightweight cooperative thread run by the <see cref="Hub"/>. Spawn one with <see cref="Spawn(Action)"/>
/// and its overloads, or subclass it and override <see cref="Run"/> with <see cref="GreenletAttribute">[Greenlet]</see>.
/// </summary>
/// <remarks>gevent: <c>gevent.Greenlet</c>.</remarks>
public partial class Greenlet : IHubRunnable, ITimerTarget, IResumable, IWaitSource<object?>
{
    // Live greenlets holding an interrupt not yet raised, on every hub of the process. While it is zero, a greenlet
    // resuming from its own sleep or join has nothing to raise and need not be looked up (a thread-static read). Each
    // thread sees its own greenlets' counts in program order, so a pending interrupt is never missed; another hub's
    // only sends this one down the slower path. Changed with Interlocked, on the rare interrupt paths only.
    private static int s_pendingInterrupts;

    // While alive: the interrupt (kill, timeout) to raise at the next resume. Once dead: the failure, if any.
    private Exception? _exception;

    // The spawning greenlet, or the extras that hold it with the rarely used name and id. One field keeps greenlets small.
    private object? _spawnerOrExtras;
    private GreenletState _state;

    // Small state packed into one byte: a million parked greenlets are a million of these objects.
    private Flags _flags;

    /// <summary>Creates a greenlet that runs the overridden <see cref="Run"/> when started.</summary>
    /// <remarks>gevent: <c>Greenlet.__init__</c> in a subclass.</remarks>
    protected Greenlet()
        : this(Hub.Current)
    {
    }

    private protected Greenlet(Hub hub)
    {
        // Greenlets belong to the hub of the thread that creates them; it is not stored, to keep them small. The
        // spawner is the creator, as gevent's spawning_greenlet is, even when another greenlet starts this one.
        _spawnerOrExtras = hub.Running ?? hub.Main;
    }

    /// <summary>The greenlet whose code is running, or the main greenlet in plain code and in hub callbacks.</summary>
    /// <remarks>gevent: <c>gevent.getcurrent()</c>.</remarks>
    public static Greenlet Current
    {
        get
        {
            var hub = Hub.Current;
            return hub.Running ?? hub.Main;
        }
    }

    /// <summary>Where this greenlet is in its life.</summary>
    public GreenletState State
    {
        get => _state;
        internal set => _state = value;
    }

    /// <summary>True once started and until it finishes.</summary>
    /// <remarks>gevent: <c>Greenlet.started</c> (which is also false once the greenlet is dead).</remarks>
    public bool IsStarted => State is not (GreenletState.Created or GreenletState.Dead);

    /// <summary>True when finished: returned, failed, or killed (even before it started).</summary>
    /// <remarks>gevent: <c>Greenlet.dead</c>.</remarks>
    public bool IsDead => State == GreenletState.Dead;

    /// <summary>True when finished, so <see cref="Greenlet{T}.Get(bool, GreenDuration?)"/> will not block.</summary>
    /// <remarks>gevent: <c>Greenlet.ready()</c>.</remarks>
    public bool IsReady => State == GreenletState.Dead;

    /// <summary>True when finished without an exception. Being killed with <see cref="GreenletExit"/> counts as success.</summary>
    /// <remarks>gevent: <c>Greenlet.successful()</c>.</remarks>
    public bool IsSuccessful => State == GreenletState.Dead && _exception is null or GreenletExit;

    /// <summary>The exception that ended the greenlet, or null if it has not failed. <see cref="GreenletExit"/> is not a failure.</summary>
    /// <remarks>gevent: <c>Greenlet.exception</c>.</remarks>
    public Exception? Exception => State != GreenletState.Dead || _exception is GreenletExit ? null : _exception;

    /// <summary>The value the greenlet returned, boxed; null while it runs, after a failure, or when it returns nothing.</summary>
    /// <remarks>gevent: <c>Greenlet.value</c>.</remarks>
    public object? ValueObject => IsSuccessful ? BoxedValue : null;

    /// <summary>The greenlet that created (spawned) this one, while this one is alive. Cleared when it dies, so chains of spawns do not keep each other alive.</summary>
    /// <remarks>gevent: <c>Greenlet.spawning_greenlet</c>.</remarks>
    public Greenlet? SpawningGreenlet => _spawnerOrExtras as Greenlet ?? (_spawnerOrExtras as GreenletExtras)?.Spawner;

    /// <summary>A per-hub number, assigned when first asked for.</summary>
    /// <remarks>gevent: <c>Greenlet.minimal_ident</c>.</remarks>
    public int Id => Extras.Id;

    /// <summary>The greenlet's name; <c>Greenlet-&lt;Id&gt;</c> unless set.</summary>
    /// <remarks>gevent: <c>Greenlet.name</c>.</remarks>
    public string Name
    {
        get => (_spawnerOrExtras as GreenletExtras)?.Name ?? (this is MainGreenlet ? "MainGreenlet" : $"Greenlet-{Id}");
        set => Extras.Name = value;
    }

    /// <summary>The suspended nested call to resume on the next turn; null when it is the greenlet's own root call (or it is dead).</summary>
    /// <remarks>Null rather than <c>this</c> for the root: storing a constant null needs no GC write barrier.</remarks>
    internal IResumable? Continuation { get; set; }

    internal int WaitToken { get; set; }

    /// <summary>Whether the greenlet is still parked in the wait <paramref name="token"/> was read in: every wake moves the token on.</summary>
    internal bool IsParkedIn(int token) => WaitToken == token && State == GreenletState.Parked;

    /// <summary>Whether the last wake handed this greenlet something that must not be lost (an item, a slot).</summary>
    internal bool WakeCarriesValue
    {
        get => (_flags & Flags.WakeCarriesValue) != 0;
        set => SetFlag(Flags.WakeCarriesValue, value);
    }

    /// <summary>Whether AsyncLocal values were saved when it last left the CPU (Local/GreenletExecutionContext.cs).</summary>
    internal bool HasSavedContext
    {
        get => (_flags & Flags.HasSavedContext) != 0;
        set => SetFlag(Flags.HasSavedContext, value);
    }

    /// <summary>
    /// Whether the current flag wait (<see cref="GreenFlagAwaitable"/>) was ended by what it waited for rather than by
    /// its timeout. Cleared as the wait parks.
    /// </summary>
    internal bool Notified
    {
        get => (_flags & Flags.Notified) != 0;
        set => SetFlag(Flags.Notified, value);
    }

    /// <summary>Whether the pending interrupt waits for the next suspension instead of the next resume.</summary>
    private bool InterruptDeferred
    {
        get => (_flags & Flags.InterruptDeferred) != 0;
        set => SetFlag(Flags.InterruptDeferred, value);
    }

    /// <summary>The hub running this greenlet: the hub of its thread.</summary>
    internal Hub Hub => global::Greenlets.Hub.Current;

    internal int LiveIndex { get; set; } = -1;

    internal object? Links { get; set; }

    private protected virtual object? BoxedValue => null;

    private GreenletExtras Extras
    {
        get
        {
            if (_spawnerOrExtras is GreenletExtras extras)
            {
                return extras;
            }

            extras = new GreenletExtras(Hub.NextGreenletId()) { Spawner = _spawnerOrExtras as Greenlet };
            _spawnerOrExtras = extras;
            return extras;
        }
    }

    private void ClearSpawner()
    {
        if (_spawnerOrExtras is GreenletExtras extras)
        {
            extras.Spawner = null;
        }
        else
        {
            _spawnerOrExtras = null;
        }
    }

    /// <summary>
    /// The body of a subclassed greenlet. Override it and mark the override <see cref="GreenletAttribute">[Greenlet]</see>
    /// so its cooperative calls suspend this greenlet.
    /// </summary>
    /// <remarks>gevent: <c>Greenlet._run</c>.</remarks>
    protected virtual void Run() =>
        throw new InvalidOperationException($"{GetType().Name} does not override Run(); spawn a function with Greenlet.Spawn instead.");

    /// <summary>The rewritten form of <see cref="Run"/>; generated for overrides marked [Greenlet].</summary>
    /// <returns>The running body.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected virtual GreenTask Run__Greenlet()
    {
        Run();
        return default;
    }

    /// <summary>Schedules the greenlet to run; it starts when the caller next yields to the hub. Starting twice does nothing.</summary>
    /// <remarks>gevent: <c>Greenlet.start()</c>.</remarks>
    public void Start() => Start(Hub);

    internal void Start(Hub hub)
    {
        if (State != GreenletState.Created)
        {
            return;
        }

        State = GreenletState.Scheduled;
        hub.RegisterLive(this);
        hub.Enqueue(this);
    }

    /// <summary>Schedules the greenlet to run after <paramref name="seconds"/>.</summary>
    /// <param name="seconds">The delay, in seconds or as a <see cref="TimeSpan"/>; zero or less means the next timer pass.</param>
    /// <remarks>gevent: <c>Greenlet.start_later(seconds)</c>.</remarks>
    public void StartLater(GreenDuration seconds) => StartLater(Hub, seconds.Seconds);

    internal void StartLater(Hub hub, double seconds)
    {
        if (State != GreenletState.Created)
        {
            return;
        }

        State = GreenletState.Scheduled;
        hub.RegisterLive(this);
        hub.AddTimer(seconds, this, WaitToken);
    }

    void IHubRunnable.RunOnHub(Hub hub) => throw new InvalidOperationException("The hub runs a greenlet's turn itself.");

    /// <summary>
    /// The greenlet's turn on the hub: it runs until its next suspension, or to its end. The loop has made it
    /// <see cref="Hub.Running"/>, and calls it only while it is not dead.
    /// </summary>
    internal void RunTurn()
    {
        State = GreenletState.Running;
        if (HasSavedContext)
        {
            GreenletExecutionContext.Enter(this); // its AsyncLocal values: Local/GreenletExecutionContext.cs
        }
        // Most greenlets are their own root call: a virtual call resumes it, cheaper than interface dispatch.
        var continuation = Continuation;
        if (continuation is null)
        {
            RunBody();
        }
        else
        {
            continuation.Resume();
        }
    }

    /// <summary>First entry of a subclassed or delegate greenlet: runs its body up to the first suspension.</summary>
    void IResumable.Resume() => RunBody();

    private protected virtual void RunBody()
    {
        GreenTask body;
        try
        {
            body = Run__Greenlet();
        }
        catch (Exception exception)
        {
            Finish(exception);
            return;
        }

        if (body.IsCompleted)
        {
            Finish(null);
        }
        else
        {
            body.Frame!.SetCaller(new BodyCompletion(this, body.Frame));
            Hub.RunDeferred(); // the bottom of the stack: run what a deep call in the body deferred
        }
    }

    void ITimerTarget.OnTimer(Hub hub, int token)
    {
        if (token != WaitToken)
        {
            return;
        }

        if (State == GreenletState.Scheduled)
        {
            hub.Enqueue(this); // delayed start
        }
        else if (State == GreenletState.Parked)
        {
            hub.Wake(this);
        }
    }

    bool ITimerTarget.IsTimerLive(int token) =>
        token == WaitToken && State is GreenletState.Scheduled or GreenletState.Parked;

    /// <summary>Whether any live greenlet of the process holds an interrupt not yet raised.</summary>
    internal static bool AnyInterruptPending => Volatile.Read(ref s_pendingInterrupts) != 0;

    internal void SetInterrupt(Exception exception, bool deferred)
    {
        if (_exception is null)
        {
            Interlocked.Increment(ref s_pendingInterrupts);
        }

        _exception = exception;
        InterruptDeferred = deferred;
    }

    /// <summary>Whether the greenlet will raise an interrupt as it resumes (a kill or timeout delivered, not held back).</summary>
    internal bool HasUndeliveredInterrupt => _exception is not null && !InterruptDeferred && State != GreenletState.Dead;

    internal bool TakeDeferredInterrupt()
    {
        if (_exception is null || !InterruptDeferred)
        {
            return false;
        }

        InterruptDeferred = false;
        return true;
    }

    /// <summary>Clears an interrupt that has not been delivered yet, if it is <paramref name="exception"/>.</summary>
    internal void WithdrawInterrupt(Exception exception)
    {
        if (State != GreenletState.Dead && ReferenceEquals(_exception, exception))
        {
            _exception = null;
            Interlocked.Decrement(ref s_pendingInterrupts);
            InterruptDeferred = false;
        }
    }

    /// <summary>Called when the greenlet resumes from a suspension: raises the kill or timeout that woke it.</summary>
    internal void ThrowIfInterrupted()
    {
        if ((_flags & Flags.WakeCarriesValue) != 0)
        {
            _flags &= ~Flags.WakeCarriesValue; // written only when set: a resume makes no store in the common case
        }

        if (_exception is { } exception && !InterruptDeferred)
        {
            _exception = null;
            Interlocked.Decrement(ref s_pendingInterrupts);
            throw exception;
        }
    }

    /// <summary>Undoes the registrations of the current wait (they become stale) and marks the greenlet running.</summary>
    internal void CancelWait()
    {
        WaitToken++;
        State = GreenletState.Running;
    }

    internal void FinishBeforeStart(Exception exception)
    {
        WaitToken++;
        Finish(exception);
    }

    /// <summary>Ends the greenlet: records the outcome, reports a failure, and notifies whoever waits on it.</summary>
    private protected void Finish(Exception? error)
    {
        var hub = Hub;
        if (_exception is not null)
        {
            Interlocked.Decrement(ref s_pendingInterrupts); // an interrupt it dies without raising
        }

        if (error is null)
        {
            _exception = null; // a constant null: no write barrier on the common path
        }
        else
        {
            _exception = error;
        }

        InterruptDeferred = false;
        State = GreenletState.Dead;
        Continuation = null; // a dead greenlet is never resumed (its turn checks), and its nested frames are released
        ClearSpawner();
        hub.UnregisterLive(this);
        if (error is not null and not GreenletExit)
        {
            hub.ReportFailure(this, error);
        }

        NotifyLinks(hub);
    }

    /// <summary>Rethrows the failure with its original stack, if the greenlet failed.</summary>
    private protected void ThrowIfFailed()
    {
        if (State == GreenletState.Dead && _exception is not null and not GreenletExit)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }
    }

    /// <summary>Describes the function and arguments the greenlet runs, for reports: <c>Worker("steve", 3)</c>.</summary>
    internal virtual string DescribeRun() => GetType() == typeof(Greenlet) ? "Run()" : $"{GetType().Name}.Run()";

    /// <summary>
    /// The greenlet as <see cref="ToString"/> shows it, read from another thread (the monitor's) without changing it:
    /// a greenlet that was never asked for its name has no id yet, and is shown without one.
    /// </summary>
    internal string DescribeFromAnotherThread()
    {
        var extras = _spawnerOrExtras as GreenletExtras;
        var name = extras is null ? null : extras.Name ?? $"Greenlet-{extras.Id}";
        return name is null ? $"<Greenlet: {DescribeRun()}>" : $"<Greenlet \"{name}\": {DescribeRun()}>";
    }

    /// <summary>The [Greenlet] method this greenlet was spawned to run, if it runs one.</summary>
    internal virtual string? RootMethodName => null;

    /// <summary>Where the greenlet is suspended, for dumps.</summary>
    internal virtual string DescribeSuspension() => (Continuation ?? this) is IDescribable describable ? describable.Describe() : "";

    /// <summary>Formats as gevent does, with a stable name instead of an address: <c>&lt;Greenlet "Greenlet-1": Worker("steve")&gt;</c>.</summary>
    public override string ToString() => $"<{(this is MainGreenlet ? "MainGreenlet" : "Greenlet")} \"{Name}\": {DescribeRun()}>";

    private sealed class BodyCompletion(Greenlet greenlet, IFrame<VoidResult> body) : IResumable
    {
        public void Resume()
        {
            try
            {
                body.GetResult();
            }
            catch (Exception exception)
            {
                greenlet.Finish(exception);
                return;
            }

            greenlet.Finish(null);
        }
    }

    private void SetFlag(Flags flag, bool on) => _flags = on ? _flags | flag : _flags & ~flag;

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        WakeCarriesValue = 1,
        HasSavedContext = 2,
        InterruptDeferred = 4,
        Notified = 8,
    }

    private sealed class GreenletExtras(int id)
    {
        public int Id { get; } = id;

        public string? Name { get; set; }

        public Greenlet? Spawner { get; set; }
    }
}

/// <summary>Frames that can say where they are suspended.</summary>
internal interface IDescribable
{
    string Describe();
}
