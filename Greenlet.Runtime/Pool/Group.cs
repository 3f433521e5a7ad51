using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets;

/// <summary>
/// A set of running greenlets: spawn into it, wait for all of them with <see cref="Join(GreenDuration?, bool)"/>, or kill
/// them all with <see cref="Kill"/>. A member leaves the group the moment it dies. Enumerating the group gives its
/// members (a snapshot, in the order they joined). <see cref="Pool"/> adds a limit on the number of members.
/// </summary>
/// <remarks>
/// gevent: <c>gevent.pool.Group</c>. As in gevent, the dead member's slot is freed, and the greenlets waiting on the
/// group (a full pool's spawners, joiners) are woken, on the hub's pass after the death, where gevent runs its link
/// callbacks: interleavings with other greenlets match gevent's pass for pass.
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public partial class Group : IEnumerable<Greenlet>, ILinkTarget, IHubRunnable
{
    private readonly Dictionary<Greenlet, LinkedListNode<Greenlet>> _index = [];
    private readonly LinkedList<Greenlet> _order = new();
    private readonly HashSet<Greenlet> _dying = [];
    private readonly int? _size;

    // Greenlets waiting for a slot, in one line as on gevent's semaphore: spawners and adders take one (payload true),
    // WaitAvailable callers only look (false). And greenlets waiting for the group to empty.
    private WaiterQueue<bool> _slotWaiters;
    private WaiterQueue<NoPayload> _emptyWaiters;
    private Dictionary<Greenlet, int>? _availableAtWake;
    private SlotWait? _slotWait;
    private AvailableWait? _availableWait;
    private EmptyWait? _emptyWait;

    // Slots handed to woken waiters that have not resumed yet: no one else may take them.
    private int _reserved;

    // Members that died, in order of death: each stays a member (counted, listed, holding its slot) until the hub's next
    // pass, where gevent runs the link callback that discards it.
    private readonly Queue<Greenlet> _leaving = new();

    // How many times waiters were told the group became empty.
    private int _emptied; // wraps: a wait compares it with the count it parked at, and resumes within a pass of the change

    /// <summary>Creates an empty group.</summary>
    /// <remarks>gevent: <c>Group()</c>.</remarks>
    public Group()
        : this(size: null)
    {
    }

    /// <summary>Creates a group tracking <paramref name="greenlets"/>.</summary>
    /// <param name="greenlets">The first members; the dead ones leave on the hub's next pass, as gevent's link callbacks run.</param>
    /// <remarks>gevent: <c>Group(greenlets)</c>.</remarks>
    public Group(IEnumerable<Greenlet> greenlets)
        : this(size: null)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        foreach (var greenlet in greenlets)
        {
            ArgumentNullException.ThrowIfNull(greenlet, nameof(greenlets));
            AddMember(greenlet);
        }
    }

    private protected Group(int? size)
    {
        if (size is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The size of a pool cannot be negative.");
        }

        _size = size;
    }

    /// <summary>
    /// The number of members: greenlets added or spawned here that have not been discarded. A member that died leaves
    /// on the hub's next pass (where gevent's link callback discards it), so it is still counted until then.
    /// </summary>
    /// <remarks>gevent: <c>len(group)</c>.</remarks>
    public int Count => _index.Count;

    /// <summary>
    /// Whether a spawn would have to wait for a member to die. Always false for a <see cref="Group"/> and an
    /// unbounded <see cref="Pool"/>.
    /// </summary>
    /// <remarks>gevent: <c>Group.full()</c> / <c>Pool.full()</c>.</remarks>
    public bool IsFull => FreeCount <= 0;

    /// <summary>
    /// How many more greenlets could join now without waiting. An unbounded group answers 1, as gevent does.
    /// </summary>
    /// <remarks>gevent: <c>Pool.free_count()</c>.</remarks>
    public int FreeCount => _size is null ? 1 : Math.Max(0, FreeSlots);

    /// <summary>The most members at once; null when unbounded.</summary>
    private protected int? Limit => _size;

    private int FreeSlots => _size is { } size ? size - _index.Count - _reserved : int.MaxValue;

    // Members (of the most, for a pool), and the greenlets waiting for a slot or for the group to empty.
    private string DebuggerDisplay =>
        $"Count = {_index.Count}{(_size is { } size ? $"/{size}" : "")}, waiting for a slot = {_slotWaiters.CountLive()}, joining = {_emptyWaiters.CountLive()}";

    /// <summary>No members, and the deaths of the last ones processed.</summary>
    private bool IsEmpty => _index.Count == 0;

    /// <summary>Whether <paramref name="greenlet"/> is a member.</summary>
    /// <param name="greenlet">The greenlet.</param>
    /// <returns>True while it is tracked here.</returns>
    /// <remarks>gevent: <c>greenlet in group</c>.</remarks>
    public bool Contains(Greenlet greenlet) => greenlet is not null && _index.ContainsKey(greenlet);

    /// <summary>Enumerates a snapshot of the members, in the order they joined.</summary>
    /// <returns>The members.</returns>
    /// <remarks>gevent: <c>iter(group)</c>.</remarks>
    public IEnumerator<Greenlet> GetEnumerator() => ((IEnumerable<Greenlet>)_order.ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Starts tracking <paramref name="greenlet"/>; it leaves the group when it dies. In a full pool, waits
    /// (cooperatively) for a slot, or raises <see cref="PoolFullException"/> when <paramref name="block"/> is false or
    /// <paramref name="timeout"/> passes. Adding a member again does nothing.
    /// </summary>
    /// <param name="greenlet">The greenlet, usually not started yet (a started one may finish while this waits).</param>
    /// <param name="block">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Pool.add(greenlet, blocking=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(AddAwaitable))]
    public void Add(Greenlet greenlet, bool block = true, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        if (Contains(greenlet))
        {
            return;
        }

        if (!TryTakeSlotNow())
        {
            var hub = Hub.Current;
            if (block && timeout is not { Seconds: <= 0 })
            {
                hub.BeginBlockingCall($"{GetType().Name}.Add");
            }

            if (!AcquireSlotAsync(block, timeout.InSeconds()).Block(hub))
            {
                throw new PoolFullException();
            }
        }

        AddMember(greenlet);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Add"/> instead.</summary>
    /// <param name="greenlet">The greenlet.</param>
    /// <param name="block">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.add(greenlet, blocking=True, timeout=None)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask AddAwaitable(Greenlet greenlet, bool block = true, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        if (Contains(greenlet))
        {
            return;
        }

        if (!await AcquireSlotAsync(block, timeout.InSeconds()))
        {
            throw new PoolFullException();
        }

        AddMember(greenlet);
    }

    /// <summary>Adds <paramref name="greenlet"/> as <see cref="Add"/> does (waiting for a slot), then starts it.</summary>
    /// <param name="greenlet">A greenlet that was created but not started.</param>
    /// <param name="block">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Pool.start(greenlet, blocking=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(StartAwaitable))]
    public void Start(Greenlet greenlet, bool block = true, GreenDuration? timeout = null)
    {
        Add(greenlet, block, timeout);
        greenlet.Start();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Start"/> instead.</summary>
    /// <param name="greenlet">A greenlet that was created but not started.</param>
    /// <param name="block">Whether to wait for a slot.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.start(greenlet, blocking=True, timeout=None)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask StartAwaitable(Greenlet greenlet, bool block = true, GreenDuration? timeout = null)
    {
        await AddAwaitable(greenlet, block, timeout);
        greenlet.Start();
    }

    /// <summary>Stops tracking <paramref name="greenlet"/> (it keeps running) and frees its slot. Never switches.</summary>
    /// <param name="greenlet">The greenlet; one that is not a member is ignored.</param>
    /// <remarks>gevent: <c>Group.discard(greenlet)</c>.</remarks>
    public void Discard(Greenlet greenlet)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        if (RemoveMember(greenlet))
        {
            greenlet.RemoveLinkTarget(this);
            ReleaseWakeups(greenlet.Hub);
        }
    }

    /// <summary>
    /// Waits (cooperatively) until the group is empty, or until <paramref name="timeout"/> seconds pass. It only
    /// promises the group was empty at some moment: members may have joined since. The last death counts once the hub
    /// has processed it, on its next pass.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <param name="raiseError">
    /// Whether to rethrow, with its original stack, the exception of the first greenlet (among the members when the
    /// call began, in the order they joined) that has failed.
    /// </param>
    /// <returns>True if the group became empty, false if the timeout passed first.</returns>
    /// <remarks>gevent: <c>Group.join(timeout=None, raise_error=False)</c>.</remarks>
    [Cooperative(nameof(JoinAwaitable))]
    public bool Join(GreenDuration? timeout = null, bool raiseError = false)
    {
        var watched = raiseError ? _order.ToArray() : null;
        var hub = Hub.Current;
        if (!IsEmpty && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall($"{GetType().Name}.Join");
        }

        var emptied = WaitEmptyAsync(hub, timeout.InSeconds()).Block(hub);
        RaiseFirstError(watched);
        return emptied;
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Join"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <param name="raiseError">Whether to rethrow the first failure among the members.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Group.join(timeout=None, raise_error=False)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<bool> JoinAwaitable(GreenDuration? timeout = null, bool raiseError = false)
    {
        var watched = raiseError ? _order.ToArray() : null;
        var emptied = await WaitEmptyAsync(Hub.Current, timeout.InSeconds());
        RaiseFirstError(watched);
        return emptied;
    }

    /// <summary>
    /// Kills every member (see <see cref="Greenlet.Kill"/>). With <paramref name="block"/>, waits for them to die,
    /// killing any that join meanwhile, until the group is empty or <paramref name="timeout"/> seconds pass.
    /// A member is killed once, however often this is called. If the calling greenlet is a member, it is killed
    /// at its next suspension point.
    /// </summary>
    /// <param name="exception">The exception to raise in each; null raises a new <see cref="GreenletExit"/> in each.</param>
    /// <param name="block">Whether to wait for them to die.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Group.kill(exception=GreenletExit, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(KillAwaitable))]
    public void Kill(Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        var deadline = Deadline(hub, timeout.InSeconds());
        while (Count > 0)
        {
            KillMembers(hub, exception);
            if (!block || Remaining(hub, deadline) is <= 0)
            {
                return;
            }

            var members = _order.ToArray();
            if (members.All(member => member.IsDead))
            {
                Greenlet.Sleep(0); // the dead leave on the hub's next pass, which gevent's joinall switches to
            }
            else
            {
                Greenlet.JoinAll(members, Remaining(hub, deadline));
            }
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Kill"/> instead.</summary>
    /// <param name="exception">The exception to raise in each; null raises <see cref="GreenletExit"/>.</param>
    /// <param name="block">Whether to wait for them to die.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Group.kill(exception=GreenletExit, block=True, timeout=None)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask KillAwaitable(Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        var deadline = Deadline(hub, timeout.InSeconds());
        while (Count > 0)
        {
            KillMembers(hub, exception);
            if (!block || Remaining(hub, deadline) is <= 0)
            {
                return;
            }

            var members = _order.ToArray();
            if (members.All(member => member.IsDead))
            {
                await Greenlet.SleepAwaitable(0); // the dead leave on the hub's next pass, which gevent's joinall switches to
            }
            else
            {
                await Greenlet.JoinAllAwaitable(members, Remaining(hub, deadline));
            }
        }
    }

    /// <summary>
    /// Kills <paramref name="greenlet"/> if it is a member not already being killed by the group; with
    /// <paramref name="block"/>, waits up to <paramref name="timeout"/> seconds for it to die. The calling
    /// greenlet killing itself this way dies at its next suspension point instead.
    /// </summary>
    /// <param name="greenlet">The member to kill.</param>
    /// <param name="exception">The exception to raise; null raises <see cref="GreenletExit"/>.</param>
    /// <param name="block">Whether to wait for it to die.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <remarks>gevent: <c>Group.killone(greenlet, exception=GreenletExit, block=True, timeout=None)</c>.</remarks>
    [Cooperative(nameof(KillOneAwaitable))]
    public void KillOne(Greenlet greenlet, Exception? exception = null, bool block = true, GreenDuration? timeout = null)
    {
        if (KillMember(Hub.Current, greenlet, exception) && block)
        {
            greenlet.Join(timeout);
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="KillOne"/> instead.</summary>
    /// <param name="greenlet">The member to kill.</param>
    /// <param name="exception">The exception to raise.</param>
    /// <param name="block">Whether to wait for it to die.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Group.killone(greenlet, exception=GreenletExit, block=True, timeout=None)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable KillOneAwaitable(Greenlet greenlet, Exception? exception = null, bool block = true, GreenDuration? timeout = null) =>
        KillMember(Hub.Current, greenlet, exception) && block ? greenlet.JoinAwaitable(timeout) : GreenAwaitable.Completed;

    /// <summary>
    /// Waits (cooperatively) until a spawn would not have to wait, or until <paramref name="timeout"/> seconds pass;
    /// returns how many greenlets could join now (0 after a timeout). Never waits for a <see cref="Group"/> or an
    /// unbounded <see cref="Pool"/>. A pool of size 0 waits until the timeout.
    /// </summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>The free count after waiting.</returns>
    /// <remarks>gevent: <c>Pool.wait_available(timeout=None)</c>.</remarks>
    [Cooperative(nameof(WaitAvailableAwaitable))]
    public int WaitAvailable(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (!SlotFreeForNewcomer() && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall($"{GetType().Name}.WaitAvailable");
        }

        return WaitAvailableAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WaitAvailable"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Pool.wait_available(timeout=None)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<int> WaitAvailableAwaitable(GreenDuration? timeout = null)
    {
        if (SlotFreeForNewcomer() || timeout is { Seconds: <= 0 })
        {
            return new GreenAwaitable<int>(SlotFreeForNewcomer() ? FreeCount : 0);
        }

        _slotWaiters.ParkRunning(Hub.Current, timeout.InSeconds(), payload: false);
        return new GreenAwaitable<int>(_availableWait ??= new AvailableWait(this));
    }

    /// <summary>Formats as gevent does, with the members: <c>&lt;Pool 2/3 [...]&gt;</c>.</summary>
    /// <returns>A description of the group.</returns>
    public override string ToString() =>
        $"<{GetType().Name} {Count}{(_size is { } size ? "/" + size : "")} [{string.Join(", ", _order)}]>";

    /// <summary>Takes a slot without waiting when one is free and nobody waits for one already.</summary>
    private protected bool TryTakeSlotNow() => SlotFreeForNewcomer();

    /// <summary>
    /// Waits for a slot; true once this caller holds one, false when it may not wait or the timeout passed. The
    /// holder must add a member at once (without switching), or give the slot back with <see cref="ReleaseHeldSlot"/>.
    /// </summary>
    internal GreenAwaitable<bool> AcquireSlotAsync(bool block, double? timeout)
    {
        if (TryTakeSlotNow())
        {
            return new GreenAwaitable<bool>(true);
        }

        if (!block || timeout is <= 0)
        {
            return new GreenAwaitable<bool>(false);
        }

        _slotWaiters.ParkRunning(Hub.Current, timeout, payload: true);
        return new GreenAwaitable<bool>(_slotWait ??= new SlotWait(this));
    }

    /// <summary>Takes a slot for a spawn, blocking the main greenlet (plain code) while the pool is full.</summary>
    private protected void AcquireSlot(string operation)
    {
        if (TryTakeSlotNow())
        {
            return;
        }

        var hub = Hub.Current;
        hub.BeginBlockingCall($"{GetType().Name}.{operation}");
        AcquireSlotAsync(block: true, timeout: null).Block(hub);
    }

    /// <summary>Gives back a slot taken by <see cref="AcquireSlotAsync"/> when no member was added after all.</summary>
    private protected void ReleaseHeldSlot() => AdmitWaiters(Hub.Current);

    /// <summary>Starts a greenlet under a held slot and makes it a member; gives the slot back if starting fails.</summary>
    internal TGreenlet StartHeld<T, TGreenlet>(Func<T, TGreenlet> start, T item)
        where TGreenlet : Greenlet
    {
        try
        {
            return Track(start(item));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>Makes a greenlet just started under a held slot a member.</summary>
    private protected TGreenlet Track<TGreenlet>(TGreenlet greenlet)
        where TGreenlet : Greenlet
    {
        AddMember(greenlet);
        return greenlet;
    }

    void ILinkTarget.OnLinkedGreenletDone(Greenlet greenlet)
    {
        if (_index.ContainsKey(greenlet))
        {
            // gevent hears of the death in a link callback on the hub's next pass, and only then discards the member,
            // frees its slot and wakes the waiters: until then len(group) still counts it.
            _leaving.Enqueue(greenlet);
            greenlet.Hub.Enqueue(this);
        }
    }

    void IHubRunnable.RunOnHub(Hub hub)
    {
        RemoveMember(_leaving.Dequeue());
        ReleaseWakeups(hub);
    }

    private bool SlotFreeForNewcomer() => FreeSlots > 0 && !_slotWaiters.HasLiveWaiter();

    private void AddMember(Greenlet greenlet)
    {
        if (_index.ContainsKey(greenlet))
        {
            ReleaseHeldSlot(); // it joined while this caller waited for a slot
            return;
        }

        _index.Add(greenlet, _order.AddLast(greenlet));
        greenlet.AddLinkTarget(this); // a dead greenlet reports at once, and leaves on the next pass
    }

    private bool RemoveMember(Greenlet greenlet)
    {
        if (!_index.Remove(greenlet, out var node))
        {
            return false;
        }

        _order.Remove(node);
        _dying.Remove(greenlet);
        return true;
    }

    /// <summary>
    /// After members left: tells the greenlets waiting for the group to empty, then hands out the free slots. The same
    /// order as gevent's Pool._discard, which sets the group's empty event before it releases the semaphore.
    /// </summary>
    private void ReleaseWakeups(Hub hub)
    {
        if (IsEmpty && _emptyWaiters.RawCount > 0)
        {
            _emptied++;
            _emptyWaiters.WakeAll(hub);
        }

        AdmitWaiters(hub);
    }

    /// <summary>
    /// Wakes the waiters in arrival order while a slot is free: a spawner takes the slot with it; a WaitAvailable
    /// caller only looks, and gets the free count at that moment (as gevent's semaphore does).
    /// </summary>
    private void AdmitWaiters(Hub hub)
    {
        while (FreeSlots > 0 && _slotWaiters.DequeueLive(out var takesSlot) is { } waiter)
        {
            if (takesSlot)
            {
                _reserved++;
            }
            else
            {
                (_availableAtWake ??= [])[waiter] = FreeCount;
            }

            waiter.WakeCarriesValue = takesSlot;
            hub.Wake(waiter);
        }
    }

    private GreenAwaitable<bool> WaitEmptyAsync(Hub hub, double? timeout)
    {
        if (IsEmpty || timeout is <= 0)
        {
            return new GreenAwaitable<bool>(IsEmpty);
        }

        _emptyWaiters.ParkRunning(hub, timeout);
        return new GreenAwaitable<bool>(_emptyWait ??= new EmptyWait(this), _emptied);
    }

    private static void RaiseFirstError(Greenlet[]? watched)
    {
        if (watched?.FirstOrDefault(g => g.Exception is not null) is { Exception: { } failure })
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void KillMembers(Hub hub, Exception? exception)
    {
        foreach (var member in _order.ToArray())
        {
            KillMember(hub, member, exception);
        }
    }

    /// <summary>Interrupts a member once; false when it is not a member or is dying already.</summary>
    private bool KillMember(Hub hub, Greenlet greenlet, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        if (!_index.ContainsKey(greenlet) || !_dying.Add(greenlet))
        {
            return false;
        }

        // Marked dying first: a greenlet that never started dies (and leaves) inside Interrupt.
        exception ??= new GreenletExit();
        if (ReferenceEquals(greenlet, hub.Running))
        {
            greenlet.SetInterrupt(exception, deferred: true); // as gevent: raised when it next switches out
            return false;
        }

        hub.Interrupt(greenlet, exception);
        return true;
    }

    private static long? Deadline(Hub hub, double? timeout) =>
        timeout is { } seconds ? hub.Now.Ticks + Hub.SecondsToTicks(seconds) : null;

    private static double? Remaining(Hub hub, long? deadline) =>
        deadline is { } ticks ? (ticks - hub.Now.Ticks) / (double)TimeSpan.TicksPerSecond : null;

    /// <summary>What a greenlet parked for a slot receives: whether it holds one.</summary>
    private sealed class SlotWait(Group group) : IWaitSource<bool>
    {
        public bool GetResult(Greenlet waiter, int state)
        {
            if (!waiter.WakeCarriesValue)
            {
                waiter.ThrowIfInterrupted();
                return false; // the timeout passed
            }

            group._reserved--; // the slot is this waiter's now
            if (waiter.TakeDeferredInterrupt())
            {
                // Killed after the slot was handed over: pass it on, so the kill leaves no trace.
                group.AdmitWaiters(waiter.Hub);
            }

            waiter.ThrowIfInterrupted();
            return true;
        }
    }

    /// <summary>What a greenlet parked in <see cref="WaitAvailableAwaitable"/> receives: the free count when it was woken, or 0 after a timeout.</summary>
    private sealed class AvailableWait(Group group) : IWaitSource<int>
    {
        public int GetResult(Greenlet waiter, int state)
        {
            var freeCount = 0;
            group._availableAtWake?.Remove(waiter, out freeCount);
            waiter.ThrowIfInterrupted();
            return freeCount;
        }
    }

    /// <summary>What a greenlet parked in a join receives: whether the group emptied while it waited.</summary>
    private sealed class EmptyWait(Group group) : IWaitSource<bool>
    {
        public bool GetResult(Greenlet waiter, int state)
        {
            waiter.ThrowIfInterrupted();
            return group._emptied != state;
        }
    }
}
