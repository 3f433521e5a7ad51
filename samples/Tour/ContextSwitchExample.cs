using Greenlets;

namespace Tour;

/// <summary>Synchronous &amp; Asynchronous Execution: two greenlets yield to each other with Sleep(0).</summary>
public static partial class ContextSwitchExample
{
    [Greenlet]
    private static void Foo()
    {
        Console.WriteLine("Running in foo");
        Greenlet.Sleep(0);
        Console.WriteLine("Explicit context switch to foo again");
    }

    [Greenlet]
    private static void Bar()
    {
        Console.WriteLine("Explicit context to bar");
        Greenlet.Sleep(0);
        Console.WriteLine("Implicit context switch back to bar");
    }

    public static void Run()
    {
        Greenlet.JoinAll(
            Greenlet.Spawn(Foo),
            Greenlet.Spawn(Bar));
    }
}
