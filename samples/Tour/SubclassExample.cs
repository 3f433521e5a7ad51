using Greenlets;

namespace Tour;

/// <summary>Spawning Greenlets: subclassing Greenlet and overriding Run.</summary>
public static class SubclassExample
{
    public static void Run()
    {
        var g = new MyGreenlet("Hi there!", 3);
        g.Start();
        g.Join();
    }
}

/// <summary>The tutorial's Greenlet subclass: prints its message, then sleeps n seconds.</summary>
public partial class MyGreenlet(string message, int n) : Greenlet
{
    [Greenlet]
    protected override void Run()
    {
        Console.WriteLine(message);
        Greenlet.Sleep(n);
    }
}
