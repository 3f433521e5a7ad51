namespace Greenlets;

/// <summary>
/// A queue with no room: every item goes from a putter's hands into a getter's. <see cref="GreenQueue{T}.Put"/>
/// waits until a getter takes the item and <see cref="GreenQueue{T}.Get"/> until a putter brings one; when both wait,
/// the getter runs first with the item, then the putter's put returns, as in gevent. The forms that may not wait
/// (<see cref="GreenQueue{T}.TryPut"/>, <see cref="GreenQueue{T}.TryGet"/>, a zero timeout) succeed only when the other
/// side is already waiting, which then resumes at its turn.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.Channel</c>.</remarks>
public sealed class GreenChannel<T> : GreenQueue<T>
{
    /// <summary>Creates a channel.</summary>
    /// <remarks>gevent: <c>Channel()</c>.</remarks>
    public GreenChannel()
        : base(capacity: 0, fifo: true)
    {
    }
}
