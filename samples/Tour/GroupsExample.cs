using Greenlets;

namespace Tour;

/// <summary>Groups and Pools: a Group joins the greenlets added to it, and may be joined again after more are added.</summary>
public static class GroupsExample
{
    private static void Talk(string msg)
    {
        for (var i = 0; i < 3; i++)
        {
            Console.WriteLine(msg);
        }
    }

    public static void Run()
    {
        var g1 = Greenlet.Spawn(Talk, "bar");
        var g2 = Greenlet.Spawn(Talk, "foo");
        var g3 = Greenlet.Spawn(Talk, "fizz");

        var group = new Group();
        group.Add(g1);
        group.Add(g2);
        group.Join();

        group.Add(g3);
        group.Join();
    }
}
