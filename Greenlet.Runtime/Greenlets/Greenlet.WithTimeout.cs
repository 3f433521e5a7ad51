using System.ComponentModel;

namespace Greenlets;

public partial class Greenlet
{
    /// <summary>
    /// Runs <paramref name="function"/> under a timeout of <paramref name="seconds"/>; if it fires, returns
    /// <paramref name="timeoutValue"/> instead of raising.
    /// </summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="seconds">The limit.</param>
    /// <param name="function">The work to bound; a [Greenlet] method keeps running cooperatively.</param>
    /// <param name="timeoutValue">The result when the timeout fires.</param>
    /// <returns>The function's result, or <paramref name="timeoutValue"/>.</returns>
    /// <remarks>gevent: <c>gevent.with_timeout(seconds, function, timeout_value=...)</c>.</remarks>
    [Cooperative(nameof(WithTimeoutAwaitable))]
    public static T WithTimeout<T>(GreenDuration seconds, Func<T> function, T timeoutValue)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var timeout = GreenTimeout.StartNew(seconds);
        try
        {
            return function();
        }
        catch (GreenTimeout fired) when (fired == timeout)
        {
            return timeoutValue;
        }
    }

    /// <summary>Runs <paramref name="function"/> under a timeout of <paramref name="seconds"/>; raises the <see cref="GreenTimeout"/> if it fires.</summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="seconds">The limit.</param>
    /// <param name="function">The work to bound.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>gevent: <c>gevent.with_timeout(seconds, function)</c>.</remarks>
    [Cooperative(nameof(WithTimeoutAwaitable))]
    public static T WithTimeout<T>(GreenDuration seconds, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var timeout = GreenTimeout.StartNew(seconds);
        return function();
    }

    /// <summary>Runs <paramref name="action"/> under a timeout of <paramref name="seconds"/>; raises the <see cref="GreenTimeout"/> if it fires.</summary>
    /// <param name="seconds">The limit.</param>
    /// <param name="action">The work to bound.</param>
    /// <remarks>gevent: <c>gevent.with_timeout(seconds, function)</c>.</remarks>
    [Cooperative(nameof(WithTimeoutAwaitable))]
    public static void WithTimeout(GreenDuration seconds, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var timeout = GreenTimeout.StartNew(seconds);
        action();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WithTimeout{T}(GreenDuration, Func{T}, T)"/> instead.</summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="seconds">The limit.</param>
    /// <param name="function">The rewritten function.</param>
    /// <param name="timeoutValue">The result when the timeout fires.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<T> WithTimeoutAwaitable<T>(GreenDuration seconds, Func<GreenTask<T>> function, T timeoutValue)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var timeout = GreenTimeout.StartNew(seconds);
        try
        {
            return await function();
        }
        catch (GreenTimeout fired) when (fired == timeout)
        {
            return timeoutValue;
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WithTimeout{T}(GreenDuration, Func{T})"/> instead.</summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="seconds">The limit.</param>
    /// <param name="function">The rewritten function.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<T> WithTimeoutAwaitable<T>(GreenDuration seconds, Func<GreenTask<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var timeout = GreenTimeout.StartNew(seconds);
        return await function();
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="WithTimeout(GreenDuration, Action)"/> instead.</summary>
    /// <param name="seconds">The limit.</param>
    /// <param name="action">The rewritten function.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask WithTimeoutAwaitable(GreenDuration seconds, Func<GreenTask> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var timeout = GreenTimeout.StartNew(seconds);
        await action();
    }
}
