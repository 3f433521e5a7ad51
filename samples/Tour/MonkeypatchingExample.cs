using Greenlets;

namespace Tour;

/// <summary>
/// Monkeypatching: gevent replaces blocking functions (time.sleep, socket, select) at run time so that plain code
/// yields to the hub. C# has nothing to patch: the [Greenlet] source generator rewrites calls to cooperative
/// operations inside greenlet methods, and the analyzers flag a blocking call left in one (GRN0100: Thread.Sleep
/// should be Greenlet.Sleep) with a code fix that makes the swap. So "before the patch" is a blocking call kept on
/// purpose, and "after the patch" is the call the code fix writes; the two print what gevent prints before and after
/// monkey.patch_time().
/// </summary>
public static partial class MonkeypatchingExample
{
    /// <summary>Unpatched code: Thread.Sleep holds the whole hub, so the other greenlet cannot run meanwhile.</summary>
    private static void NapBlocking(string name)
    {
        Console.WriteLine($"{name} goes to sleep");
#pragma warning disable GRN0100 // blocking on purpose: this is what code looks like before gevent's monkey patch
        Thread.Sleep(100);
#pragma warning restore GRN0100
        Console.WriteLine($"{name} wakes up");
    }

    /// <summary>Patched code: Greenlet.Sleep suspends only this greenlet.</summary>
    [Greenlet]
    private static void Nap(string name)
    {
        Console.WriteLine($"{name} goes to sleep");
        Greenlet.Sleep(0.1);
        Console.WriteLine($"{name} wakes up");
    }

    public static void Run()
    {
        Console.WriteLine("Before monkey patch");
        Greenlet.JoinAll(Greenlet.Spawn(NapBlocking, "a"), Greenlet.Spawn(NapBlocking, "b"));

        Console.WriteLine("After monkey patch");
        Greenlet.JoinAll(Greenlet.Spawn(Nap, "a"), Greenlet.Spawn(Nap, "b"));
    }
}
