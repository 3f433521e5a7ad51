using Greenlets;

namespace Tour;

/// <summary>
/// Groups and Pools: Map runs a function in a greenlet per item; Imap yields the results in order, ImapUnordered as
/// they come.
/// </summary>
public static partial class GroupMapExample
{
    private static readonly Group s_group = new();

    private static int HelloFrom(int n)
    {
        Console.WriteLine($"Size of group {s_group.Count}");
        // gevent prints id(getcurrent()), the greenlet's address; the greenlet's id is the closest thing .NET has.
        Console.WriteLine($"Hello from Greenlet {Greenlet.Current.Id}");
        return n;
    }

    [Greenlet]
    private static (string, int) Intensive(int n)
    {
        Greenlet.Sleep(3 - n);
        return ("task", n);
    }

    public static void Run()
    {
        s_group.Map(HelloFrom, Enumerable.Range(0, 3));

        Console.WriteLine("Ordered");

        var ogroup = new Group();
        foreach (var i in ogroup.Imap(Intensive, Enumerable.Range(0, 3)))
        {
            Console.WriteLine(PythonTuple(i));
        }

        Console.WriteLine("Unordered");

        var igroup = new Group();
        foreach (var i in igroup.ImapUnordered(Intensive, Enumerable.Range(0, 3)))
        {
            Console.WriteLine(PythonTuple(i));
        }
    }

    /// <summary>How Python prints the tuple <c>('task', n)</c>.</summary>
    private static string PythonTuple((string Label, int N) tuple) => $"('{tuple.Label}', {tuple.N})";
}
