using Greenlets;

namespace Tour;

/// <summary>
/// The tutorial tour. <c>Tour &lt;name&gt;</c> runs one example, printing exactly what gevent prints;
/// no argument runs them all in tutorial order, each under a header, and ends with a summary line
/// (<see cref="TourSummary"/>); <c>--list</c> lists the names.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [] => RunAll(TourCatalog.Examples),
        ["--list"] => List(Console.Out),
        [var name] when TourCatalog.Find(name) is { } example => RunAlone(example),
        _ => Unknown(args),
    };

    /// <summary>One example, without header or summary; a failure is reported on the error writer, with exit code 1.</summary>
    private static int RunAlone(TourExample example)
    {
        try
        {
            return RunOne(example);
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"{example.Name} failed: {exception}");
            return 1;
        }
    }

    /// <summary>
    /// Runs <paramref name="examples"/> in order, each under a header, and ends with the summary line; a failing
    /// example is reported on the error writer and the next one runs. Returns 1 if any failed.
    /// </summary>
    public static int RunAll(IReadOnlyList<TourExample> examples)
    {
        var summary = new TourSummary();
        var output = new LastCharWriter(Console.Out);
        Console.SetOut(output);
        try
        {
            foreach (var example in examples)
            {
                // Some examples print a raw HTTP response, whose body ends without a newline: start the header on its own line.
                if (output.Last is not ('\n' or '\0'))
                {
                    Console.WriteLine();
                }

                Console.WriteLine($"=== {example.Name} ===");
                try
                {
                    RunOne(example);
                    summary.Passed(example);
                }
                catch (Exception exception)
                {
                    summary.Failed(example, exception);
                    Console.Error.WriteLine($"{example.Name} failed: {exception}");
                }
            }

            if (output.Last is not ('\n' or '\0'))
            {
                Console.WriteLine();
            }

            Console.WriteLine(summary.Line);
        }
        finally
        {
            Console.SetOut(output.Inner);
        }

        return summary.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Passes everything through, remembering the last character written.</summary>
    private sealed class LastCharWriter(TextWriter inner) : TextWriter
    {
        public TextWriter Inner => inner;

        public char Last { get; private set; }

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            inner.Write(value);
            Last = value;
        }

        public override void Write(string? value)
        {
            inner.Write(value);
            if (!string.IsNullOrEmpty(value))
            {
                Last = value[^1];
            }
        }

        public override void Flush() => inner.Flush();
    }

    /// <summary>Runs an example on a fresh hub, with the clock named by GREENLET_CLOCK, so no greenlet outlives it.</summary>
    private static int RunOne(TourExample example)
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

    private static int List(TextWriter writer)
    {
        foreach (var example in TourCatalog.Examples)
        {
            writer.WriteLine(example.Name);
        }

        return 0;
    }

    private static int Unknown(string[] args)
    {
        Console.Error.WriteLine($"Unknown example '{string.Join(' ', args)}'. Run one of:");
        List(Console.Error);
        return 2;
    }
}
