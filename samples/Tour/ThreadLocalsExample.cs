using Greenlets;

namespace Tour;

/// <summary>
/// Thread Locals: a value set in one greenlet is not seen by another. gevent's <c>local()</c> holds any attributes;
/// in C# each attribute is its own typed <see cref="GreenletLocal{T}"/>, and "not set here" is
/// <see cref="GreenletLocal{T}.TryGetValue"/> returning false where Python raises AttributeError.
/// </summary>
public static class ThreadLocalsExample
{
    private static readonly GreenletLocal<int> s_stashX = new();
    private static readonly GreenletLocal<int> s_stashY = new();

    private static void F1()
    {
        s_stashX.Value = 1;
        Console.WriteLine(s_stashX.Value);
    }

    private static void F2()
    {
        s_stashY.Value = 2;
        Console.WriteLine(s_stashY.Value);

        if (!s_stashX.TryGetValue(out _))
        {
            Console.WriteLine("x is not local to f2");
        }
    }

    public static void Run()
    {
        var g1 = Greenlet.Spawn(F1);
        var g2 = Greenlet.Spawn(F2);

        Greenlet.JoinAll(g1, g2);
    }
}
