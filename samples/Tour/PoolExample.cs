using Greenlets;

namespace Tour;

/// <summary>Groups and Pools: a Pool is a Group with a size limit; Map waits for a free slot before each spawn.</summary>
public static class PoolExample
{
    private static readonly Pool s_pool = new(2);

    private static int HelloFrom(int n)
    {
        Console.WriteLine($"Size of pool {s_pool.Count}");
        return n;
    }

    public static void Run() => s_pool.Map(HelloFrom, Enumerable.Range(0, 3));
}
