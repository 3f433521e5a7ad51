using Greenlets;

namespace Tour;

/// <summary>Events: a waiter blocks on an AsyncResult until a setter sets it, three seconds later.</summary>
public static partial class EventExample
{
    /// <summary>After 3 seconds set wake all threads waiting on the value of a.</summary>
    [Greenlet]
    private static void Setter(AsyncResult a)
    {
        Greenlet.Sleep(3);
        a.Set();
    }

    /// <summary>After 3 seconds the Get call will unblock.</summary>
    [Greenlet]
    private static void Waiter(AsyncResult a)
    {
        a.Get(); // blocking
        Console.WriteLine("I live!");
    }

    public static void Run()
    {
        var a = new AsyncResult();

        Greenlet.JoinAll(
            Greenlet.Spawn(Setter, a),
            Greenlet.Spawn(Waiter, a));
    }
}
