// Spawn overloads for functions of 0 to 6 arguments. Each plain overload is redirected at compile time to its
// Twin overload when it is given a [Greenlet] method group; otherwise it finds the twin by reflection or runs
// the delegate as plain code.
using System.ComponentModel;

namespace Greenlets;

public partial class Greenlet
{

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(), function), null);
    }

    /// <summary>The form of <see cref="Spawn{TResult}(Func{TResult})"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<TResult>(Func<GreenTask<TResult>> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin();
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<GreenTask>>(action) is { } twin
            ? SpawnTwin(twin)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(), action), null);
    }

    /// <summary>The form of <see cref="Spawn(Action)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin(Func<GreenTask> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin();
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, TResult>(Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, TResult}(Func{T1, TResult}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, TResult>(Func<T1, GreenTask<TResult>> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1>(Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1}(Action{T1}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1>(Func<T1, GreenTask> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1, arg2)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1, arg2)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2}(Action{T1, T2}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1, T2>(Func<T1, T2, GreenTask> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1, T2, T3>(Func<T1, T2, T3, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4, TResult}(Func{T1, T2, T3, T4, TResult}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1, T2, T3, T4>(Action<T1, T2, T3, T4> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4}(Action{T1, T2, T3, T4}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1, T2, T3, T4>(Func<T1, T2, T3, T4, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4, arg5)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4, T5, TResult}(Func{T1, T2, T3, T4, T5, TResult}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4, arg5)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4, T5}(Action{T1, T2, T3, T4, T5}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1, T2, T3, T4, T5>(Func<T1, T2, T3, T4, T5, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet<TResult> Spawn<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>>>(function) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5, arg6), function), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4, T5, T6, TResult}(Func{T1, T2, T3, T4, T5, T6, TResult}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnTwin<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5, arg6);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, null);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn(function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnTwin))]
    public static Greenlet Spawn<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask>>(action) is { } twin
            ? SpawnTwin(twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5, arg6), action), null);
    }

    /// <summary>The form of <see cref="Spawn{T1, T2, T3, T4, T5, T6}(Action{T1, T2, T3, T4, T5, T6}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnTwin<T1, T2, T3, T4, T5, T6>(Func<T1, T2, T3, T4, T5, T6, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5, arg6);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, null);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<TResult>(double seconds, Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{TResult}(double, Func{TResult})"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<TResult>(double seconds, Func<GreenTask<TResult>> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin();
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater(double seconds, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater(double, Action)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin(double seconds, Func<GreenTask> twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin();
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, TResult>(double seconds, Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, TResult}(double, Func{T1, TResult}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, TResult>(double seconds, Func<T1, GreenTask<TResult>> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1>(double seconds, Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1}(double, Action{T1}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1>(double seconds, Func<T1, GreenTask> twin, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, T2, TResult>(double seconds, Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, TResult}(double, Func{T1, T2, TResult}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, T2, TResult>(double seconds, Func<T1, T2, GreenTask<TResult>> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1, T2>(double seconds, Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2}(double, Action{T1, T2}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1, T2>(double seconds, Func<T1, T2, GreenTask> twin, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, T2, T3, TResult>(double seconds, Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, TResult}(double, Func{T1, T2, T3, TResult}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, T2, T3, TResult>(double seconds, Func<T1, T2, T3, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1, T2, T3>(double seconds, Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3}(double, Action{T1, T2, T3}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1, T2, T3>(double seconds, Func<T1, T2, T3, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, T2, T3, T4, TResult>(double seconds, Func<T1, T2, T3, T4, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4, TResult}(double, Func{T1, T2, T3, T4, TResult}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, T2, T3, T4, TResult>(double seconds, Func<T1, T2, T3, T4, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1, T2, T3, T4>(double seconds, Action<T1, T2, T3, T4> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4}(double, Action{T1, T2, T3, T4}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1, T2, T3, T4>(double seconds, Func<T1, T2, T3, T4, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, T2, T3, T4, T5, TResult>(double seconds, Func<T1, T2, T3, T4, T5, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4, arg5)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4, T5, TResult}(double, Func{T1, T2, T3, T4, T5, TResult}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, T2, T3, T4, T5, TResult>(double seconds, Func<T1, T2, T3, T4, T5, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1, T2, T3, T4, T5>(double seconds, Action<T1, T2, T3, T4, T5> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4, arg5)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4, T5}(double, Action{T1, T2, T3, T4, T5}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1, T2, T3, T4, T5>(double seconds, Func<T1, T2, T3, T4, T5, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="function"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet<TResult> SpawnLater<T1, T2, T3, T4, T5, T6, TResult>(double seconds, Func<T1, T2, T3, T4, T5, T6, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>>>(function) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : StartPlain(new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5, arg6), function), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4, T5, T6, TResult}(double, Func{T1, T2, T3, T4, T5, T6, TResult}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> SpawnLaterTwin<T1, T2, T3, T4, T5, T6, TResult>(double seconds, Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask<TResult> task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5, arg6);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet<TResult>, seconds);
    }

    /// <summary>Creates a greenlet running <paramref name="action"/> and starts it after <paramref name="seconds"/>.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    /// <remarks>gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.</remarks>
    [TwinOverload(nameof(SpawnLaterTwin))]
    public static Greenlet SpawnLater<T1, T2, T3, T4, T5, T6>(double seconds, Action<T1, T2, T3, T4, T5, T6> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask>>(action) is { } twin
            ? SpawnLaterTwin(seconds, twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : StartPlain(new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5, arg6), action), seconds);
    }

    /// <summary>The form of <see cref="SpawnLater{T1, T2, T3, T4, T5, T6}(double, Action{T1, T2, T3, T4, T5, T6}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <typeparam name="T5">The type of the fifth argument.</typeparam>
    /// <typeparam name="T6">The type of the sixth argument.</typeparam>
    /// <param name="seconds">The delay before it starts.</param>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <param name="arg5">The fifth argument.</param>
    /// <param name="arg6">The sixth argument.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLaterTwin<T1, T2, T3, T4, T5, T6>(double seconds, Func<T1, T2, T3, T4, T5, T6, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(twin);
        var hub = Hub.Current;
        hub.RequestSpawn();
        GreenTask task;
        try
        {
            task = twin(arg1, arg2, arg3, arg4, arg5, arg6);
        }
        finally
        {
            hub.CancelSpawnRequest();
        }

        return StartSpawned(hub, task.Frame as Greenlet, seconds);
    }

    private static TGreenlet StartSpawned<TGreenlet>(Hub hub, TGreenlet? greenlet, double? seconds)
        where TGreenlet : Greenlet
    {
        if (greenlet is null || greenlet.State != GreenletState.Created)
        {
            throw new ArgumentException("The twin delegate must be the rewritten form of a [Greenlet] method.", "twin");
        }

        // The spawn already found the thread's hub: hand it on rather than reading the thread-static again.
        if (seconds is { } delay)
        {
            greenlet.StartLater(hub, delay);
        }
        else
        {
            greenlet.Start(hub);
        }

        return greenlet;
    }

    private static TGreenlet StartPlain<TGreenlet>(TGreenlet greenlet, double? seconds)
        where TGreenlet : Greenlet
    {
        if (seconds is { } delay)
        {
            greenlet.StartLater(delay);
        }
        else
        {
            greenlet.Start();
        }

        return greenlet;
    }
}
