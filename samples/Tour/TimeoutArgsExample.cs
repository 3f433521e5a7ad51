using Greenlets;

namespace Tour;

/// <summary>Timeouts: timeouts as arguments to Join and Get, and WithTimeout.</summary>
public static partial class TimeoutArgsExample
{
    [Greenlet]
    private static void Wait()
    {
        Greenlet.Sleep(2);
    }

    public static void Run()
    {
        var timer = new GreenTimeout(1).Start();
        var thread1 = Greenlet.Spawn(Wait);

        try
        {
            thread1.Join(timer);
        }
        catch (GreenTimeout t) when (t == timer)
        {
            Console.WriteLine("Thread 1 timed out");
        }

        // --

        timer = GreenTimeout.StartNew(1);
        var thread2 = Greenlet.Spawn(Wait);

        try
        {
            thread2.Get(timer);
        }
        catch (GreenTimeout t) when (t == timer)
        {
            Console.WriteLine("Thread 2 timed out");
        }

        // --

        try
        {
            Greenlet.WithTimeout(1, Wait);
        }
        catch (GreenTimeout)
        {
            Console.WriteLine("Thread 3 timed out");
        }
    }
}
