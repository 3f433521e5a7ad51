using Greenlets;

namespace Tour;

/// <summary>Timeouts: a timeout as a scope (Python's <c>with</c>), raising a custom exception.</summary>
public static class TimeoutWithExample
{
    private const int TimeToWait = 5; // seconds

    private sealed class TooLong : Exception;

    public static void Run()
    {
        // The tutorial lets TooLong escape; the reference run catches it and prints a line.
        try
        {
            using (new GreenTimeout(TimeToWait, new TooLong()).Start())
            {
                Greenlet.Sleep(10);
            }
        }
        catch (TooLong)
        {
            Console.WriteLine($"TooLong raised after {TimeToWait} seconds");
        }
    }
}
