// What the ApplyAsGreenlet and Apply overloads (Group.Apply.Arity.cs, generated) share: starting now or through a helper.
namespace Greenlets;

public partial class Group
{
    /// <summary>
    /// gevent's apply_async: spawn into the pool now if that would not wait; otherwise start a helper greenlet (not a
    /// member) that waits for a slot, spawns, and takes on the result.
    /// </summary>
    private Greenlet<TResult> ApplyAsGreenletCore<TResult>(Func<Greenlet<TResult>> start, Action<TResult>? callback)
    {
        if (!SlotFreeForNewcomer())
        {
            return Greenlet.SpawnTwin(() => ApplyHelper(start, callback));
        }

        var greenlet = StartHeld(static s => s(), start);
        if (callback is not null)
        {
            greenlet.AddLinkTarget(new ResultCallback<TResult>(callback));
        }

        return greenlet;
    }

    private Greenlet ApplyAsGreenletCore(Func<Greenlet> start) =>
        SlotFreeForNewcomer() ? StartHeld(static s => s(), start) : Greenlet.SpawnTwin(() => ApplyHelper(start));

    private async GreenTask<TResult> ApplyHelper<TResult>(Func<Greenlet<TResult>> start, Action<TResult>? callback)
    {
        await AcquireSlotAsync(block: true, timeout: null);
        var result = await StartHeld(static s => s(), start).GetAwaitable();
        if (callback is not null)
        {
            Greenlet.Spawn(callback, result);
        }

        return result;
    }

    private async GreenTask ApplyHelper(Func<Greenlet> start)
    {
        await AcquireSlotAsync(block: true, timeout: null);
        await StartHeld(static s => s(), start).GetAwaitable();
    }
}
