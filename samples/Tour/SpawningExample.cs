using Greenlets;

namespace Tour;

/// <summary>Spawning Greenlets: a named function with arguments, twice, and a lambda.</summary>
public static partial class SpawningExample
{
    /// <summary>Each thread is passed the message and n in its initialization.</summary>
    [Greenlet]
    private static void Foo(string message, int n)
    {
        Greenlet.Sleep(n);
        Console.WriteLine(message);
    }

    public static void Run()
    {
        // A new greenlet running the named function Foo
        var thread1 = Greenlet.Spawn(Foo, "Hello", 1);

        // The same, with other arguments
        var thread2 = Greenlet.Spawn(Foo, "I live!", 2);

        // Lambda expressions
        var thread3 = Greenlet.Spawn(x => x + 1, 2);

        // Block until all threads complete.
        Greenlet.JoinAll(thread1, thread2, thread3);
    }
}
