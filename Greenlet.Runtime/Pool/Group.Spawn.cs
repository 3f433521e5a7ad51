// Spawn overloads for functions of 0 to 3 arguments, in three forms each: the plain one (redirected at compile time
// to SpawnTwin when given a [Greenlet] method group, or finding the twin by reflection), SpawnTwin, and SpawnAwaitable,
// the awaitable form rewritten code calls. All of them wait for a slot while the pool is full.
using System.ComponentModel;

namespace Greenlets;

public partial class Group
{
    /// <summary>
    /// Creates a greenlet running <paramref name="function"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet<TResult> Spawn<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(function));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{TResult}(Func{TResult})"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> SpawnTwin<TResult>(Func<GreenTask<TResult>> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{TResult}(Func{TResult})"/> instead.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet<TResult>> SpawnAwaitable<TResult>(Func<GreenTask<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(function));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="action"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet Spawn(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(action));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn(Action)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet SpawnTwin(Func<GreenTask> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn(Action)"/> instead.</summary>
    /// <param name="action">The rewritten method.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet> SpawnAwaitable(Func<GreenTask> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(action));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="function"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet<TResult> Spawn<T1, TResult>(Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(function, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1, TResult}(Func{T1, TResult}, T1)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> SpawnTwin<T1, TResult>(Func<T1, GreenTask<TResult>> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1, TResult}(Func{T1, TResult}, T1)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet<TResult>> SpawnAwaitable<T1, TResult>(Func<T1, GreenTask<TResult>> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(function, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="action"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet Spawn<T1>(Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(action, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1}(Action{T1}, T1)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet SpawnTwin<T1>(Func<T1, GreenTask> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1}(Action{T1}, T1)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet> SpawnAwaitable<T1>(Func<T1, GreenTask> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(action, arg1));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="function"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet<TResult> Spawn<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(function, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> SpawnTwin<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet<TResult>> SpawnAwaitable<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(function, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="action"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet Spawn<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(action, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1, T2}(Action{T1, T2}, T1, T2)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet SpawnTwin<T1, T2>(Func<T1, T2, GreenTask> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1, T2}(Action{T1, T2}, T1, T2)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet> SpawnAwaitable<T1, T2>(Func<T1, T2, GreenTask> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(action, arg1, arg2));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="function"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet<TResult> Spawn<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(function, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> SpawnTwin<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet<TResult>> SpawnAwaitable<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(function, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>
    /// Creates a greenlet running <paramref name="action"/>, starts it and makes it a member. Never switches while there
    /// is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>.</remarks>
    [Cooperative(nameof(SpawnAwaitable))]
    [TwinOverload(nameof(SpawnTwin))]
    public Greenlet Spawn<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.Spawn(action, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> that takes the rewritten method; plain call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet SpawnTwin<T1, T2, T3>(Func<T1, T2, T3, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        AcquireSlot("Spawn");
        try
        {
            return Track(Greenlet.SpawnTwin(twin, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Spawn{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The running call, whose result is the new greenlet.</returns>
    /// <remarks>gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<Greenlet> SpawnAwaitable<T1, T2, T3>(Func<T1, T2, T3, GreenTask> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        await AcquireSlotAsync(block: true, timeout: null);
        try
        {
            return Track(Greenlet.SpawnTwin(action, arg1, arg2, arg3));
        }
        catch
        {
            ReleaseHeldSlot();
            throw;
        }
    }
}
