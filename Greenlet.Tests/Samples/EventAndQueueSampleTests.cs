using Tour;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The events, queues and actors samples of the tour, on a virtual clock: the same stdout as real gevent, run after
/// run in one process (no state left behind), no greenlet failure, and the virtual time each should take.
/// </summary>
[TestFixture]
[NonParallelizable] // swaps Console.Out
[Category(TestCategories.Unit)]
public sealed class EventAndQueueSampleTests
{
    // Each sample and how many (virtual) seconds it takes: the 3 s sleep of the setter, the 1 s get timeout of the
    // bounded queue's idle workers, and none for the others.
    private static readonly object[] s_samples =
    [
        new object[] { "event", 3.0 },
        new object[] { "async-result", 3.0 },
        new object[] { "queue", 0.0 },
        new object[] { "queue-bounded", 1.0 },
        new object[] { "actors", 0.0 },
    ];

    [TestCaseSource(nameof(s_samples))]
    public void PrintsWhatGeventPrintsInTheSameVirtualTime(string name, double seconds)
    {
        var (output, errors, elapsed) = RunOnVirtualClock(name);

        Assert.That(output, Is.EqualTo(ReadReference(name)));
        Assert.That(errors, Is.Empty, "no greenlet should fail");
        Assert.That(elapsed, Is.EqualTo(seconds));
    }

    [TestCaseSource(nameof(s_samples))]
    public void PrintsTheSameOnEveryRun(string name, double seconds)
    {
        var first = RunOnVirtualClock(name);
        var second = RunOnVirtualClock(name);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void CatalogRunsEachSample()
    {
        foreach (var name in s_samples.Select(sample => (string)((object[])sample)[0]))
        {
            Assert.That(TourCatalog.Find(name)?.Run, Is.Not.Null, name);
        }
    }

    private static (string Output, string Errors, double VirtualSeconds) RunOnVirtualClock(string name)
    {
        var run = TourCatalog.Find(name)?.Run ?? throw new AssertionException($"'{name}' is not a runnable sample");
        using var hub = Greenlets.Hub.Install(HubClock.Virtual());
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

        return (output.ToString(), errors.ToString(), Greenlets.Hub.Current.Now.TotalSeconds);
    }

    private static string ReadReference(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return File.ReadAllText(Path.Combine(dir.FullName, "samples", "Tour", "reference", name + ".out"));
            }
        }

        throw new DirectoryNotFoundException($"No Greenlet.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
