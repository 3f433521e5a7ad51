// Create overloads for functions of 0 to 6 arguments: the Spawn family without the start. Each plain overload is
// redirected at compile time to its Twin overload when it is given a [Greenlet] method group; otherwise it finds the
// twin by reflection or runs the delegate as plain code.
using System.ComponentModel;

namespace Greenlets;

public partial class Greenlet
{

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(), function);
    }

    /// <summary>The form of <see cref="Create{TResult}(Func{TResult})"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<TResult>(Func<GreenTask<TResult>> twin)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<GreenTask>>(action) is { } twin
            ? CreateTwin(twin)
            : new DelegateGreenlet(Hub.Current, () => action(), action);
    }

    /// <summary>The form of <see cref="Create(Action)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <param name="twin">The rewritten method.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin(Func<GreenTask> twin)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, TResult>(Func<T1, TResult> function, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1), function);
    }

    /// <summary>The form of <see cref="Create{T1, TResult}(Func{T1, TResult}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, TResult>(Func<T1, GreenTask<TResult>> twin, T1 arg1)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1>(Action<T1> action, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1)
            : new DelegateGreenlet(Hub.Current, () => action(arg1), action);
    }

    /// <summary>The form of <see cref="Create{T1}(Action{T1}, T1)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1>(Func<T1, GreenTask> twin, T1 arg1)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1, arg2)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2), function);
    }

    /// <summary>The form of <see cref="Create{T1, T2, TResult}(Func{T1, T2, TResult}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, T2, TResult>(Func<T1, T2, GreenTask<TResult>> twin, T1 arg1, T2 arg2)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1, arg2)
            : new DelegateGreenlet(Hub.Current, () => action(arg1, arg2), action);
    }

    /// <summary>The form of <see cref="Create{T1, T2}(Action{T1, T2}, T1, T2)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1, T2>(Func<T1, T2, GreenTask> twin, T1 arg1, T2 arg2)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="function">A [Greenlet] method (it runs cooperatively) or any function (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3), function);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, TResult}(Func{T1, T2, T3, TResult}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="TResult">The function's return type.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, T2, T3, TResult>(Func<T1, T2, T3, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3)
            : new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3), action);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3}(Action{T1, T2, T3}, T1, T2, T3)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1, T2, T3>(Func<T1, T2, T3, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
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
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4), function);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4, TResult}(Func{T1, T2, T3, T4, TResult}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
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
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="action">A [Greenlet] method (it runs cooperatively) or any action (it runs as plain code).</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1, T2, T3, T4>(Action<T1, T2, T3, T4> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4)
            : new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4), action);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4}(Action{T1, T2, T3, T4}, T1, T2, T3, T4)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
    /// <typeparam name="T1">The type of the first argument.</typeparam>
    /// <typeparam name="T2">The type of the second argument.</typeparam>
    /// <typeparam name="T3">The type of the third argument.</typeparam>
    /// <typeparam name="T4">The type of the fourth argument.</typeparam>
    /// <param name="twin">The rewritten method.</param>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <param name="arg4">The fourth argument.</param>
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1, T2, T3, T4>(Func<T1, T2, T3, T4, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
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
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4, arg5)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5), function);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4, T5, TResult}(Func{T1, T2, T3, T4, T5, TResult}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
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
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
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
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4, arg5)
            : new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5), action);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4, T5}(Action{T1, T2, T3, T4, T5}, T1, T2, T3, T4, T5)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
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
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1, T2, T3, T4, T5>(Func<T1, T2, T3, T4, T5, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="function"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
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
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet<TResult> Create<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>>>(function) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : new DelegateGreenlet<TResult>(Hub.Current, () => function(arg1, arg2, arg3, arg4, arg5, arg6), function);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4, T5, T6, TResult}(Func{T1, T2, T3, T4, T5, T6, TResult}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
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
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<TResult> CreateTwin<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, GreenTask<TResult>> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
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

        return Created(task.Frame as Greenlet<TResult>);
    }

    /// <summary>
    /// Creates a greenlet that will run <paramref name="action"/>, without starting it: call <see cref="Start()"/> or
    /// <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
    /// </summary>
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
    /// <returns>The new greenlet, not started.</returns>
    /// <remarks>gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>.</remarks>
    [TwinOverload(nameof(CreateTwin))]
    public static Greenlet Create<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> action, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Twins.Find<Func<T1, T2, T3, T4, T5, T6, GreenTask>>(action) is { } twin
            ? CreateTwin(twin, arg1, arg2, arg3, arg4, arg5, arg6)
            : new DelegateGreenlet(Hub.Current, () => action(arg1, arg2, arg3, arg4, arg5, arg6), action);
    }

    /// <summary>The form of <see cref="Create{T1, T2, T3, T4, T5, T6}(Action{T1, T2, T3, T4, T5, T6}, T1, T2, T3, T4, T5, T6)"/> that takes the rewritten method; call sites are redirected here at compile time.</summary>
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
    /// <returns>The new greenlet, not started.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet CreateTwin<T1, T2, T3, T4, T5, T6>(Func<T1, T2, T3, T4, T5, T6, GreenTask> twin, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
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

        return Created(task.Frame as Greenlet);
    }

    /// <summary>The greenlet a twin made at a spawn request, checked to be new.</summary>
    private static TGreenlet Created<TGreenlet>(TGreenlet? greenlet)
        where TGreenlet : Greenlet =>
        greenlet is { State: GreenletState.Created }
            ? greenlet
            : throw new ArgumentException("The twin delegate must be the rewritten form of a [Greenlet] method.", "twin");
}
