using Greenlets;

namespace Tour;

/// <summary>Timeouts: a GreenTimeout started in the main greenlet interrupts a join that takes too long.</summary>
public static partial class TimeoutExample
{
    private const double Seconds = 10;

    [Greenlet]
    private static void Wait()
    {
        Greenlet.Sleep(10);
    }

    public static void Run()
    {
        var timeout = new GreenTimeout(Seconds);
        timeout.Start();

        try
        {
            Greenlet.Spawn(Wait).Join();
        }
        catch (GreenTimeout t) when (t == timeout)
        {
            Console.WriteLine("Could not complete");
        }
    }
}
