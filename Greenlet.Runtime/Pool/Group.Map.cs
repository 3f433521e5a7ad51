// Map, Imap and ImapUnordered: each item runs in its own member greenlet, spawned (waiting for a slot while the pool
// is full) by a helper greenlet that is not a member, as in gevent.
using System.ComponentModel;

namespace Greenlets;

public partial class Group
{
    /// <summary>
    /// Runs <paramref name="function"/> on every item, each in a new member greenlet, and returns the results in the
    /// order of the items. A helper greenlet spawns them (waiting for slots while the pool is full), then collects
    /// the results; the first failure, in item order, is rethrown with its original stack.
    /// </summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="items">The items; enumerated by the helper greenlet, as slots allow.</param>
    /// <returns>The results, in the order of the items.</returns>
    /// <remarks>gevent: <c>Pool.map(func, iterable)</c>.</remarks>
    [Cooperative(nameof(MapAwaitable))]
    [TwinOverload(nameof(MapTwin))]
    public IReadOnlyList<TResult> Map<T, TResult>(Func<T, TResult> function, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        Hub.Current.BeginBlockingCall($"{GetType().Name}.Map");
        return SpawnMap(Starter(function), items).Get();
    }

    /// <summary>The form of <see cref="Map{T, TResult}"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order of the items.</returns>
    /// <remarks>gevent: <c>Pool.map(func, iterable)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IReadOnlyList<TResult> MapTwin<T, TResult>(Func<T, GreenTask<TResult>> twin, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(twin);
        ArgumentNullException.ThrowIfNull(items);
        Hub.Current.BeginBlockingCall($"{GetType().Name}.Map");
        return SpawnMap(Starter(twin), items).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Map{T, TResult}"/> instead.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="items">The items.</param>
    /// <returns>The awaitable operation.</returns>
    /// <remarks>gevent: <c>Pool.map(func, iterable)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenAwaitable<IReadOnlyList<TResult>> MapAwaitable<T, TResult>(Func<T, GreenTask<TResult>> function, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        return SpawnMap(Starter(function), items).GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="function"/> on every item, each in a new member greenlet, and yields the results in the
    /// order of the items as they become available. Never switches: a helper greenlet (<see cref="ImapIterator{TResult}.Greenlet"/>)
    /// starts when the caller next yields and spawns the items as slots allow. A failed item rethrows its exception
    /// when its turn comes.
    /// </summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="items">The items; enumerated by the helper greenlet, as slots allow.</param>
    /// <returns>A single-use iterator of the results, in the order of the items.</returns>
    /// <remarks>gevent: <c>Pool.imap(func, iterable)</c>.</remarks>
    [TwinOverload(nameof(ImapTwin))]
    public ImapIterator<TResult> Imap<T, TResult>(Func<T, TResult> function, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        return ImapIterator<TResult>.Start(this, Starter(function), items, ordered: true);
    }

    /// <summary>The form of <see cref="Imap{T, TResult}"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="items">The items.</param>
    /// <returns>A single-use iterator of the results, in the order of the items.</returns>
    /// <remarks>gevent: <c>Pool.imap(func, iterable)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ImapIterator<TResult> ImapTwin<T, TResult>(Func<T, GreenTask<TResult>> twin, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(twin);
        ArgumentNullException.ThrowIfNull(items);
        return ImapIterator<TResult>.Start(this, Starter(twin), items, ordered: true);
    }

    /// <summary>
    /// Like <see cref="Imap{T, TResult}"/>, but yields each result as soon as its greenlet finishes: in completion
    /// order, which the hub makes the same on every run.
    /// </summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="items">The items; enumerated by the helper greenlet, as slots allow.</param>
    /// <returns>A single-use iterator of the results, in completion order.</returns>
    /// <remarks>gevent: <c>Pool.imap_unordered(func, iterable)</c>.</remarks>
    [TwinOverload(nameof(ImapUnorderedTwin))]
    public ImapIterator<TResult> ImapUnordered<T, TResult>(Func<T, TResult> function, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        return ImapIterator<TResult>.Start(this, Starter(function), items, ordered: false);
    }

    /// <summary>The form of <see cref="ImapUnordered{T, TResult}"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="items">The items.</param>
    /// <returns>A single-use iterator of the results, in completion order.</returns>
    /// <remarks>gevent: <c>Pool.imap_unordered(func, iterable)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ImapIterator<TResult> ImapUnorderedTwin<T, TResult>(Func<T, GreenTask<TResult>> twin, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(twin);
        ArgumentNullException.ThrowIfNull(items);
        return ImapIterator<TResult>.Start(this, Starter(twin), items, ordered: false);
    }

    /// <summary>How to start one item's greenlet: through the twin when the function is a [Greenlet] method.</summary>
    private static Func<T, Greenlet<TResult>> Starter<T, TResult>(Func<T, TResult> function) =>
        Twins.Find<Func<T, GreenTask<TResult>>>(function) is { } twin
            ? Starter(twin)
            : item => Greenlet.Spawn(function, item);

    private static Func<T, Greenlet<TResult>> Starter<T, TResult>(Func<T, GreenTask<TResult>> twin) =>
        item => Greenlet.SpawnTwin(twin, item);

    /// <summary>gevent's map: a helper greenlet (not a member) spawns every item, then gets each result in order.</summary>
    private Greenlet<IReadOnlyList<TResult>> SpawnMap<T, TResult>(Func<T, Greenlet<TResult>> start, IEnumerable<T> items) =>
        Greenlet.SpawnTwin(() => MapBody(start, items));

    private async GreenTask<IReadOnlyList<TResult>> MapBody<T, TResult>(Func<T, Greenlet<TResult>> start, IEnumerable<T> items)
    {
        var workers = new List<Greenlet<TResult>>();
        foreach (var item in items)
        {
            await AcquireSlotAsync(block: true, timeout: null);
            workers.Add(StartHeld(start, item));
        }

        var results = new TResult[workers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = await workers[i].GetAwaitable();
        }

        return results;
    }
}
