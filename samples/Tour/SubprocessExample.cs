using System.Text;
using Greenlets;

namespace Tour;

/// <summary>
/// Subprocess: a cron greenlet keeps ticking while the main greenlet reads a child's output. As in the reference
/// program, the child waits for its standard input to close (cron closes it after five ticks) rather than sleeping a
/// second, so the number of ticks does not depend on the machine.
/// </summary>
public static partial class SubprocessExample
{
    [Greenlet]
    private static void Cron(GreenProcess sub)
    {
        for (var i = 0; i < 5; i++)
        {
            Console.WriteLine("cron");
            Greenlet.Sleep(0.2);
        }

        sub.Stdin!.Close();
    }

    public static void Run()
    {
        using var sub = GreenProcess.Shell(
            "cat > /dev/null; uname", new GreenProcessOptions { Stdin = ProcessStdio.Pipe, Stdout = ProcessStdio.Pipe });

        var g = Greenlet.Spawn(Cron, sub);
        var output = new MemoryStream();
        sub.Stdout!.CopyTo(output);
        sub.Wait();
        g.Kill();
        Console.WriteLine(Encoding.UTF8.GetString(output.ToArray()).TrimEnd());
    }
}
