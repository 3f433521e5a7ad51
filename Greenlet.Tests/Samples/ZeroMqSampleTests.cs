using Tour;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The tour's zeromq sample: REQ/REP ping-pong between two greenlets over loopback tcp prints what gevent with
/// zmq.green prints, on the virtual clock and on the real one, run after run, with no greenlet failing.
/// </summary>
[TestFixture]
[NonParallelizable] // swaps Console.Out
[Category(TestCategories.Unit)]
public sealed class ZeroMqSampleTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void PingPongAlternatesAsInGevent(bool virtualClock)
    {
        var (output, errors) = Run(virtualClock);

        Assert.That(output, Is.EqualTo(TourReference.Read("zeromq")));
        Assert.That(output, Does.StartWith("Switched to Server for  1\nSwitched to Client for  1\n"));
        Assert.That(errors, Is.Empty, "no greenlet should fail");
    }

    [Test]
    public void PrintsTheSameOnEveryRun()
    {
        var first = Run(virtualClock: true);
        var second = Run(virtualClock: true);

        Assert.That(second, Is.EqualTo(first));
    }

    private static (string Output, string Errors) Run(bool virtualClock)
    {
        var run = TourCatalog.Find("zeromq")?.Run ?? throw new AssertionException("'zeromq' is not a runnable sample");
        using var hub = Greenlets.Hub.Install(virtualClock ? HubClock.Virtual() : HubClock.Monotonic());
        using var errors = new StringWriter();
        Greenlets.Hub.Current.ErrorWriter = errors;
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            run();
        }
        finally
        {
            Console.SetOut(original);
        }

        return (output.ToString(), errors.ToString());
    }

    private static class TourReference
    {
        public static string Read(string name)
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
                {
                    return File.ReadAllText(Path.Combine(dir.FullName, "samples", "Tour", "reference", name + ".out"));
                }
            }

            throw new FileNotFoundException($"reference/{name}.out not found");
        }
    }
}
