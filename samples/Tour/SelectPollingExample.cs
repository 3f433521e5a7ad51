using Greenlets;

namespace Tour;

/// <summary>
/// Synchronous and asynchronous execution: two greenlets poll with a green select (no descriptors, a 2 s timeout)
/// while a third gets on with its work; the polls park on the hub instead of blocking it.
/// </summary>
public static partial class SelectPollingExample
{
    private static TimeSpan s_start;

    private static string Tic() => $"at {(Hub.Current.Now - s_start).TotalSeconds:0.0} seconds";

    [Greenlet]
    private static void Gr1()
    {
        // Busy waits for a second, but we don't want to stick around...
        Console.WriteLine($"Started Polling:  {Tic()}");
        GreenSelect.Select(Array.Empty<int>(), Array.Empty<int>(), Array.Empty<int>(), 2);
        Console.WriteLine($"Ended Polling:  {Tic()}");
    }

    [Greenlet]
    private static void Gr2()
    {
        // Busy waits for a second, but we don't want to stick around...
        Console.WriteLine($"Started Polling:  {Tic()}");
        GreenSelect.Select(Array.Empty<int>(), Array.Empty<int>(), Array.Empty<int>(), 2);
        Console.WriteLine($"Ended Polling:  {Tic()}");
    }

    [Greenlet]
    private static void Gr3()
    {
        Console.WriteLine($"Hey lets do some stuff while the greenlets poll, at {Tic()}");
        Greenlet.Sleep(1);
    }

    public static void Run()
    {
        s_start = Hub.Current.Now;
        Greenlet.JoinAll(
            Greenlet.Spawn(Gr1),
            Greenlet.Spawn(Gr2),
            Greenlet.Spawn(Gr3));
    }
}
