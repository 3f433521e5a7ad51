using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// A <see cref="GreenQueue{T}"/> that counts unfinished work: each put adds a task, each <see cref="TaskDone"/>
/// finishes one, and <see cref="Join"/> waits until none is left.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.JoinableQueue</c>.</remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}, unfinished = {_unfinished}")]
public sealed class JoinableQueue<T> : GreenQueue<T>
{
    private readonly Event _allDone = new();
    private int _unfinished;

    /// <summary>Creates a joinable queue.</summary>
    /// <param name="maxSize">The most items it holds; null, zero or less means no limit.</param>
    public JoinableQueue(int? maxSize = null)
        : base(maxSize)
    {
        _allDone.Set();
    }

    /// <summary>The number of items put and not yet marked done.</summary>
    /// <remarks>gevent: <c>JoinableQueue.unfinished_tasks</c>.</remarks>
    public int UnfinishedTasks => _unfinished;

    /// <summary>Marks one task taken from the queue as finished.</summary>
    /// <exception cref="InvalidOperationException">More tasks were marked done than were put.</exception>
    /// <remarks>gevent: <c>JoinableQueue.task_done()</c>.</remarks>
    public void TaskDone()
    {
        if (_unfinished <= 0)
        {
            throw new InvalidOperationException("TaskDone() was called more times than there were items.");
        }

        if (--_unfinished == 0)
        {
            _allDone.Set();
        }

        Debug.Assert(_unfinished >= 0 && _allDone.IsSet == (_unfinished == 0), "the all-done event is set exactly when no task is unfinished");
    }

    /// <summary>Waits (cooperatively) until every item put has been marked done, or the timeout passes.</summary>
    /// <param name="timeout">The most seconds to wait; null waits as long as it takes.</param>
    /// <returns>Whether every task is done.</returns>
    /// <remarks>gevent: <c>JoinableQueue.join(timeout=None)</c>.</remarks>
    [Cooperative(nameof(JoinAwaitable))]
    public bool Join(GreenDuration? timeout = null)
    {
        var hub = Hub.Current;
        if (_unfinished > 0 && timeout is not { Seconds: <= 0 })
        {
            hub.BeginBlockingCall("JoinableQueue.Join");
        }

        return JoinAwaitable(timeout).Block(hub);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Join"/> instead.</summary>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenFlagAwaitable JoinAwaitable(GreenDuration? timeout = null) => _allDone.WaitAwaitable(timeout);

    private protected override void OnItemPut()
    {
        _unfinished++;
        _allDone.Clear();
        Debug.Assert(_unfinished > 0 && !_allDone.IsSet, "the all-done event is clear while a task is unfinished");
    }
}
