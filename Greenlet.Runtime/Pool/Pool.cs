namespace Greenlets;

/// <summary>
/// A <see cref="Group"/> with a limit on its members: <see cref="Group.Spawn{TResult}(Func{TResult})"/>,
/// <see cref="Group.Add"/>, <see cref="Group.Map{T, TResult}"/> and the rest wait (cooperatively) while the pool is full,
/// and are served in arrival order as members die. A pool of no size is unbounded.
/// </summary>
/// <remarks>gevent: <c>gevent.pool.Pool</c>.</remarks>
public class Pool : Group
{
    /// <summary>Creates a pool.</summary>
    /// <param name="size">
    /// The most members at once; null (the default) means no limit. Zero makes a pool nothing can join: spawning waits
    /// forever, which is only useful with <see cref="Group.WaitAvailable"/> and a timeout.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative.</exception>
    /// <remarks>gevent: <c>Pool(size=None)</c>.</remarks>
    public Pool(int? size = null)
        : base(size)
    {
    }

    /// <summary>The most members at once; null when unbounded.</summary>
    /// <remarks>gevent: <c>Pool.size</c>.</remarks>
    public int? Size => Limit;
}
