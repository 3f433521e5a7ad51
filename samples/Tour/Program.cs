using Greenlets;

namespace Tour;

/// <summary>
/// The tutorial tour. <c>Tour &lt;name&gt;</c> runs one example, printing exactly what gevent prints;
/// no argument runs them all in tutorial order, each under a header; <c>--list</c> lists the names.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [] => RunAll(),
        ["--list"] => List(Console.Out),
        [var name] when TourCatalog.Find(name) is { } example => RunOne(example),
        _ => Unknown(args),
    };

    static int RunAll()
    {
        var failures = 0;
        foreach (var example in TourCatalog.Examples)
        {
            Console.WriteLine($"=== {example.Name} ===");
            try
            {
                RunOne(example);
            }
            catch (Exception exception)
            {
                failures++;
                Console.Error.WriteLine($"{example.Name} failed: {exception}");
            }
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs an example on a fresh hub, with the clock named by GREENLET_CLOCK, so no greenlet outlives it.</summary>
    static int RunOne(TourExample example)
    {
        if (example.Run is null)
        {
            Console.WriteLine(example.PendingLine);
            return 0;
        }

        using (Hub.Install())
        {
            example.Run();
        }

        return 0;
    }

    static int List(TextWriter writer)
    {
        foreach (var example in TourCatalog.Examples)
        {
            writer.WriteLine(example.Name);
        }

        return 0;
    }

    static int Unknown(string[] args)
    {
        Console.Error.WriteLine($"Unknown example '{string.Join(' ', args)}'. Run one of:");
        List(Console.Error);
        return 2;
    }
}
