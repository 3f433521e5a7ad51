using Greenlets;

namespace Tour;

/// <summary>Events: an AsyncResult carries a value from a setter to a waiter.</summary>
public static partial class AsyncResultExample
{
    /// <summary>After 3 seconds set the result of a.</summary>
    [Greenlet]
    private static void Setter(AsyncResult<string> a)
    {
        Greenlet.Sleep(3);
        a.Set("Hello!");
    }

    /// <summary>After 3 seconds the Get call will unblock after the setter puts a value into the AsyncResult.</summary>
    [Greenlet]
    private static void Waiter(AsyncResult<string> a)
    {
        Console.WriteLine(a.Get());
    }

    public static void Run()
    {
        var a = new AsyncResult<string>();

        Greenlet.JoinAll(
            Greenlet.Spawn(Setter, a),
            Greenlet.Spawn(Waiter, a));
    }
}
