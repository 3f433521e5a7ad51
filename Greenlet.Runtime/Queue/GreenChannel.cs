namespace Greenlets;

/// <summary>
/// A queue with no room: <see cref="GreenQueue{T}.Put"/> waits until a getter takes the item, so every put is a
/// rendezvous between two greenlets.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
/// <remarks>gevent: <c>gevent.queue.Channel</c>.</remarks>
public sealed class GreenChannel<T> : GreenQueue<T>
{
    /// <summary>Creates a channel.</summary>
    public GreenChannel()
        : base(capacity: 0, fifo: true)
    {
    }
}
