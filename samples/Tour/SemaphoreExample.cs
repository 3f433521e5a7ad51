using Greenlets;

namespace Tour;

/// <summary>Locks and Semaphores: a BoundedSemaphore(2) lets two workers in at a time, acquired by hand or in a scope.</summary>
public static partial class SemaphoreExample
{
    private static readonly BoundedSemaphore s_sem = new(2);

    [Greenlet]
    private static int Worker1(int n)
    {
        s_sem.Acquire();
        Console.WriteLine($"Worker {n} acquired semaphore");
        Greenlet.Sleep(0);
        s_sem.Release();
        Console.WriteLine($"Worker {n} released semaphore");
        return n;
    }

    /// <summary>Python's <c>with sem:</c> is a <c>using</c> scope over <see cref="GreenSemaphore.Lock"/>.</summary>
    [Greenlet]
    private static int Worker2(int n)
    {
        using (s_sem.Lock())
        {
            Console.WriteLine($"Worker {n} acquired semaphore");
            Greenlet.Sleep(0);
        }

        Console.WriteLine($"Worker {n} released semaphore");
        return n;
    }

    public static void Run()
    {
        var pool = new Pool();
        pool.Map(Worker1, Enumerable.Range(0, 2));
        pool.Map(Worker2, Enumerable.Range(3, 3));
    }
}
