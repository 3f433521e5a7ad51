namespace Greenlets;

/// <summary>
/// A <see cref="GreenSemaphore"/> that cannot be released more times than it was acquired: a release that would
/// raise the counter above its initial value throws <see cref="InvalidOperationException"/> and leaves the counter
/// unchanged. Use it to guard a resource of fixed capacity, where an extra release is a bug.
/// </summary>
/// <remarks>gevent: <c>gevent.lock.BoundedSemaphore</c>, which raises <c>ValueError</c> on over-release.</remarks>
public class BoundedSemaphore : GreenSemaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="value"/> free slots, which is also its bound.</summary>
    /// <param name="value">The initial counter and the most it can reach; must not be negative.</param>
    /// <remarks>gevent: <c>BoundedSemaphore(value=1)</c>.</remarks>
    public BoundedSemaphore(int value = 1)
        : base(value, value)
    {
        InitialValue = value;
    }

    /// <summary>The initial counter, which releases cannot exceed.</summary>
    /// <remarks>gevent: <c>BoundedSemaphore._initial_value</c>.</remarks>
    public int InitialValue { get; }
}
