// Apply and ApplyAsGreenlet for functions of 0 to 3 arguments.
// Apply: the plain form (finding the twin of a [Greenlet] method by reflection when it spawns) and ApplyTwinAwaitable, the
// awaitable form rewritten code calls. Apply has no [TwinOverload]: plain code inside a member greenlet runs the function
// in place, which only the original method can do.
// ApplyAsGreenlet: the plain form, redirected at compile time to ApplyAsGreenletTwin when given a [Greenlet] method group; the
// overloads taking a callback find the twin by reflection instead.
using System.ComponentModel;

namespace Greenlets;

public partial class Group
{
    /// <summary>
    /// Runs <paramref name="function"/> and waits (cooperatively) for it to return its result, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>The function's result.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public TResult Apply<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return function();
        }

        return Spawn(function).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{TResult}(Func{TResult})"/> instead.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<TResult> ApplyTwinAwaitable<TResult>(Func<GreenTask<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return await function();
        }

        var greenlet = await SpawnAwaitable(function);
        return await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="function"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet<TResult> ApplyAsGreenlet<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletTwin(twin)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function), null);
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{TResult}(Func{TResult})"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> ApplyAsGreenletTwin<TResult>(Func<GreenTask<TResult>> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin), null);
    }

    /// <summary>
    /// Like <see cref="ApplyAsGreenlet{TResult}(Func{TResult})"/>, and once the function returns (not if it fails), calls
    /// <paramref name="callback"/> with its result. As in gevent, it is called on the hub's pass after the greenlet
    /// dies, before the greenlet's joiners resume (a plain callback must not block; a [Greenlet] method is spawned); when
    /// the pool was full, the helper greenlet spawns it once the result is in.
    /// </summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="callback">Receives the result; a [Greenlet] method runs cooperatively.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args, callback=callback)</c>.</remarks>
    public Greenlet<TResult> ApplyAsGreenlet<TResult>(Func<TResult> function, Action<TResult> callback)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(callback);
        return Twins.Find<Func<GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin), callback)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function), callback);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits (cooperatively) for it, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public void Apply(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            action();
            return;
        }

        Spawn(action).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply(Action)"/> instead.</summary>
    /// <param name="action">The rewritten method.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ApplyTwinAwaitable(Func<GreenTask> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            await action();
            return;
        }

        var greenlet = await SpawnAwaitable(action);
        await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="action"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet ApplyAsGreenlet(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<GreenTask>>(action) is { } twin
            ? ApplyAsGreenletTwin(twin)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(action));
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet(Action)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet ApplyAsGreenletTwin(Func<GreenTask> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin));
    }

    /// <summary>
    /// Runs <paramref name="function"/> and waits (cooperatively) for it to return its result, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public TResult Apply<T1, TResult>(Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return function(arg1);
        }

        return Spawn(function, arg1).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1, TResult}(Func{T1, TResult}, T1)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<TResult> ApplyTwinAwaitable<T1, TResult>(Func<T1, GreenTask<TResult>> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return await function(arg1);
        }

        var greenlet = await SpawnAwaitable(function, arg1);
        return await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="function"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet<TResult> ApplyAsGreenlet<T1, TResult>(Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1), null);
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1, TResult}(Func{T1, TResult}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> ApplyAsGreenletTwin<T1, TResult>(Func<T1, GreenTask<TResult>> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1), null);
    }

    /// <summary>
    /// Like <see cref="ApplyAsGreenlet{T1, TResult}(Func{T1, TResult}, T1)"/>, and once the function returns (not if it fails), calls
    /// <paramref name="callback"/> with its result. As in gevent, it is called on the hub's pass after the greenlet
    /// dies, before the greenlet's joiners resume (a plain callback must not block; a [Greenlet] method is spawned); when
    /// the pool was full, the helper greenlet spawns it once the result is in.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="callback">Receives the result; a [Greenlet] method runs cooperatively.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args, callback=callback)</c>.</remarks>
    public Greenlet<TResult> ApplyAsGreenlet<T1, TResult>(Func<T1, TResult> function, T1 arg1, Action<TResult> callback)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(callback);
        return Twins.Find<Func<T1, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1), callback)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1), callback);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits (cooperatively) for it, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public void Apply<T1>(Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            action(arg1);
            return;
        }

        Spawn(action, arg1).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1}(Action{T1}, T1)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ApplyTwinAwaitable<T1>(Func<T1, GreenTask> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            await action(arg1);
            return;
        }

        var greenlet = await SpawnAwaitable(action, arg1);
        await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="action"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet ApplyAsGreenlet<T1>(Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, GreenTask>>(action) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(action, arg1));
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1}(Action{T1}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet ApplyAsGreenletTwin<T1>(Func<T1, GreenTask> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1));
    }

    /// <summary>
    /// Runs <paramref name="function"/> and waits (cooperatively) for it to return its result, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public TResult Apply<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return function(arg1, arg2);
        }

        return Spawn(function, arg1, arg2).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<TResult> ApplyTwinAwaitable<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return await function(arg1, arg2);
        }

        var greenlet = await SpawnAwaitable(function, arg1, arg2);
        return await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="function"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet<TResult> ApplyAsGreenlet<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1, arg2)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1, arg2), null);
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> ApplyAsGreenletTwin<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2), null);
    }

    /// <summary>
    /// Like <see cref="ApplyAsGreenlet{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/>, and once the function returns (not if it fails), calls
    /// <paramref name="callback"/> with its result. As in gevent, it is called on the hub's pass after the greenlet
    /// dies, before the greenlet's joiners resume (a plain callback must not block; a [Greenlet] method is spawned); when
    /// the pool was full, the helper greenlet spawns it once the result is in.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="callback">Receives the result; a [Greenlet] method runs cooperatively.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args, callback=callback)</c>.</remarks>
    public Greenlet<TResult> ApplyAsGreenlet<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2, Action<TResult> callback)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(callback);
        return Twins.Find<Func<T1, T2, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2), callback)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1, arg2), callback);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits (cooperatively) for it, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public void Apply<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            action(arg1, arg2);
            return;
        }

        Spawn(action, arg1, arg2).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1, T2}(Action{T1, T2}, T1, T2)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ApplyTwinAwaitable<T1, T2>(Func<T1, T2, GreenTask> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            await action(arg1, arg2);
            return;
        }

        var greenlet = await SpawnAwaitable(action, arg1, arg2);
        await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="action"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet ApplyAsGreenlet<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, GreenTask>>(action) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1, arg2)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(action, arg1, arg2));
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1, T2}(Action{T1, T2}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet ApplyAsGreenletTwin<T1, T2>(Func<T1, T2, GreenTask> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2));
    }

    /// <summary>
    /// Runs <paramref name="function"/> and waits (cooperatively) for it to return its result, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public TResult Apply<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return function(arg1, arg2, arg3);
        }

        return Spawn(function, arg1, arg2, arg3).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<TResult> ApplyTwinAwaitable<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (Contains(Greenlet.Current))
        {
            return await function(arg1, arg2, arg3);
        }

        var greenlet = await SpawnAwaitable(function, arg1, arg2, arg3);
        return await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="function"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet<TResult> ApplyAsGreenlet<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1, arg2, arg3)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1, arg2, arg3), null);
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet<TResult> ApplyAsGreenletTwin<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2, arg3), null);
    }

    /// <summary>
    /// Like <see cref="ApplyAsGreenlet{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/>, and once the function returns (not if it fails), calls
    /// <paramref name="callback"/> with its result. As in gevent, it is called on the hub's pass after the greenlet
    /// dies, before the greenlet's joiners resume (a plain callback must not block; a [Greenlet] method is spawned); when
    /// the pool was full, the helper greenlet spawns it once the result is in.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="callback">Receives the result; a [Greenlet] method runs cooperatively.</param>
    /// <returns>A greenlet whose outcome is the function's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args, callback=callback)</c>.</remarks>
    public Greenlet<TResult> ApplyAsGreenlet<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3, Action<TResult> callback)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(callback);
        return Twins.Find<Func<T1, T2, T3, GreenTask<TResult>>>(function) is { } twin
            ? ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2, arg3), callback)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(function, arg1, arg2, arg3), callback);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits (cooperatively) for it, rethrowing its exception. Called from a
    /// member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
    /// greenlet, waiting for a slot while the pool is full.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>.</remarks>
    [Cooperative(nameof(ApplyTwinAwaitable))]
    public void Apply<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            action(arg1, arg2, arg3);
            return;
        }

        Spawn(action, arg1, arg2, arg3).Get();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Apply{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> instead.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The running call.</returns>
    /// <remarks>gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ApplyTwinAwaitable<T1, T2, T3>(Func<T1, T2, T3, GreenTask> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Contains(Greenlet.Current))
        {
            await action(arg1, arg2, arg3);
            return;
        }

        var greenlet = await SpawnAwaitable(action, arg1, arg2, arg3);
        await greenlet.GetAwaitable();
    }

    /// <summary>
    /// Runs <paramref name="action"/> in a new greenlet and returns that greenlet at once; never waits, even when the
    /// pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
    /// group does not wait for it: join the returned greenlet).
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>.</remarks>
    [TwinOverload(nameof(ApplyAsGreenletTwin))]
    public Greenlet ApplyAsGreenlet<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, GreenTask>>(action) is { } twin
            ? ApplyAsGreenletTwin(twin, arg1, arg2, arg3)
            : ApplyAsGreenletCore(() => Greenlet.Spawn(action, arg1, arg2, arg3));
    }

    /// <summary>The form of <see cref="ApplyAsGreenlet{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>A greenlet whose outcome is the action's.</returns>
    /// <remarks>gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Greenlet ApplyAsGreenletTwin<T1, T2, T3>(Func<T1, T2, T3, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin, arg1, arg2, arg3));
    }

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
