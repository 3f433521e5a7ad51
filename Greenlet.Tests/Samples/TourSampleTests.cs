using System.Text;
using System.Text.RegularExpressions;
using Tour;

namespace Greenlets.Tests.Samples;

/// <summary>
/// Runs each implemented tour sample in-process on a virtual clock and compares its stdout, byte for byte,
/// with what real gevent printed (samples/Tour/reference/&lt;name&gt;.out).
/// </summary>
[TestFixture]
[NonParallelizable] // swaps Console.Out, the process's GREENLET_CLOCK and where libzmq is looked for
[Category(TestCategories.Unit)]
public sealed class TourSampleTests
{
    private static readonly string[] s_tutorialOrder =
    [
        "context-switch", "select-polling", "sync-async", "fetch", "determinism", "spawning", "subclass",
        "greenlet-state", "shutdown", "timeout", "timeout-with", "timeout-args", "monkeypatching", "event", "async-result",
        "queue", "queue-bounded", "groups", "group-map", "pool", "semaphore", "thread-locals", "subprocess", "actors", "zeromq", "telnet", "wsgi-buffered", "wsgi-streaming", "long-polling",
        "websocket", "chat", "crawler",
    ];

    private static readonly string[] s_implemented =
    [
        "context-switch", "select-polling", "sync-async", "determinism", "spawning", "subclass", "greenlet-state", "timeout", "timeout-with",
        "timeout-args", "event", "async-result", "queue", "queue-bounded", "actors", "zeromq", "telnet",
        "fetch", "shutdown", "monkeypatching", "groups", "group-map", "pool", "semaphore", "thread-locals", "subprocess",
        "wsgi-buffered", "wsgi-streaming", "long-polling", "websocket", "chat", "crawler",
    ];

    [TestCaseSource(nameof(s_implemented))]
    public void SampleStdoutMatchesGevent(string name)
    {
        var (output, errors) = RunOnVirtualClock(name);

        Assert.That(NumberGreenletIds(output), Is.EqualTo(ReadReference(name)));
        if (name != "greenlet-state")
        {
            Assert.That(errors, Is.Empty, "no greenlet should fail");
        }
    }

    [Test]
    public void GreenletStateReportsTheLoserOnTheErrorWriter()
    {
        var (_, errors) = RunOnVirtualClock("greenlet-state");

        Assert.That(errors, Does.Contain("You fail at failing."));
        Assert.That(errors, Does.Match(new Regex(@"<Greenlet ""Greenlet-\d+"": GreenletStateExample.Fail\(\)> failed with Exception")));
        Assert.That(errors, Does.Not.Contain("Win()"), "only the loser is reported");
    }

    [Test]
    public void ListPrintsTheNamesInTutorialOrder()
    {
        var (exitCode, output, errors) = RunProgram("--list");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo(string.Concat(s_tutorialOrder.Select(name => name + "\n"))));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void CatalogHoldsExactlyTheTutorialNamesInOrder()
    {
        Assert.That(TourCatalog.Examples.Select(example => example.Name), Is.EqualTo(s_tutorialOrder));
        Assert.That(s_tutorialOrder.Select(TourCatalog.Find), Has.None.Null);
    }

    [TestCaseSource(nameof(s_implemented))]
    public void ImplementedSamplesAreRunnable(string name) =>
        Assert.That(TourCatalog.Find(name)?.Run, Is.Not.Null);

    [TestCaseSource(nameof(Pending))]
    public void PendingSamplePrintsWhatItNeedsAndSucceeds(string name)
    {
        var (exitCode, output, errors) = RunProgram(name);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Match(new Regex($"^{Regex.Escape(name)}: needs [^\n]+\n$")));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void UnknownNamePrintsTheListToStderrAndExitsWithTwo()
    {
        var (exitCode, output, errors) = RunProgram("no-such-example");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("no-such-example"));
        Assert.That(errors, Does.EndWith(string.Concat(s_tutorialOrder.Select(name => name + "\n"))));
    }

    [Test]
    public void SingleSampleRunPrintsNoHeader()
    {
        var (exitCode, output, _) = WithVirtualClockFromEnvironment(() => RunProgram("context-switch"));

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo(ReadReference("context-switch")));
    }

    [Test]
    public void WholeTourPrintsEachSampleUnderItsHeaderInOrder()
    {
        var expected = new StringBuilder();
        foreach (var name in s_tutorialOrder)
        {
            if (expected.Length > 0 && expected[^1] != '\n')
            {
                expected.Append('\n'); // a raw HTTP body that ends without one
            }

            expected.Append($"=== {name} ===\n");
            var example = TourCatalog.Find(name)!;
            expected.Append(example.Run is null ? example.PendingLine + "\n" : ReadReference(name));
        }

        if (expected[^1] != '\n')
        {
            expected.Append('\n');
        }

        expected.Append($"tour: {s_tutorialOrder.Length} examples ran, none failed\n");
        var (exitCode, output, _) = WithVirtualClockFromEnvironment(() => RunProgram());

        Assert.That(exitCode, Is.Zero);
        Assert.That(NumberGreenletIds(output), Is.EqualTo(expected.ToString()));
    }

    [Test]
    public void AFailingExampleIsNamedWithItsReasonInTheLastLineAndTheTourGoesOn()
    {
        var failing = new TourExample("no-peer", () => throw new InvalidOperationException("nobody listens on 5555\nsecond line"));
        var examples = new[] { TourCatalog.Find("context-switch")!, failing, TourCatalog.Find("queue")! };

        var (exitCode, output, errors) = WithVirtualClockFromEnvironment(() => RunAll(examples));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.EqualTo(
            "=== context-switch ===\n" + ReadReference("context-switch") +
            "=== no-peer ===\n" +
            "=== queue ===\n" + ReadReference("queue") +
            "tour: 3 examples ran, 1 failed: no-peer (InvalidOperationException: nobody listens on 5555)\n"));
        Assert.That(errors, Does.StartWith("no-peer failed: System.InvalidOperationException: nobody listens on 5555\nsecond line\n"));
    }

    /// <summary>A fresh machine without libzmq5, as the tour meets it when run with dotnet run instead of eng/tour.sh.</summary>
    [Test]
    public void WithoutLibzmqTheLastLineNamesTheZeroMqExampleAndThePackageToInstall()
    {
        var examples = new[] { TourCatalog.Find("zeromq")!, TourCatalog.Find("context-switch")! };
        ZmqNative.ProbedLibrary = "libzmq-not-installed.so.5";
        ZmqNative.ResetLoadCheck();
        (int ExitCode, string Output, string Errors) run;
        try
        {
            run = WithVirtualClockFromEnvironment(() => RunAll(examples));
        }
        finally
        {
            ZmqNative.ProbedLibrary = "libzmq.so.5";
            ZmqNative.ResetLoadCheck();
        }

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.EndWith(
            "=== context-switch ===\n" + ReadReference("context-switch") +
            "tour: 2 examples ran, 1 failed: zeromq (DllNotFoundException: ZeroMQ needs libzmq (libzmq-not-installed.so.5), " +
            "which could not be loaded. Install it: apt-get install libzmq5.)\n"));
        Assert.That(run.Errors, Does.StartWith("zeromq failed: System.DllNotFoundException"));
    }

    [Test]
    public void ASingleFailingExampleExitsWithOneAndNoSummary()
    {
        ZmqNative.ProbedLibrary = "libzmq-not-installed.so.5";
        ZmqNative.ResetLoadCheck();
        (int ExitCode, string Output, string Errors) run;
        try
        {
            run = WithVirtualClockFromEnvironment(() => RunProgram("zeromq"));
        }
        finally
        {
            ZmqNative.ProbedLibrary = "libzmq.so.5";
            ZmqNative.ResetLoadCheck();
        }

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Not.Contain("tour:"));
        Assert.That(run.Errors, Does.StartWith("zeromq failed: System.DllNotFoundException: ZeroMQ needs libzmq"));
    }

    /// <summary>
    /// group-map prints <c>Hello from Greenlet &lt;id&gt;</c>: gevent an address, C# a greenlet id. As regenerate.sh does
    /// to the reference, each distinct id becomes its order of first appearance (1, 2, 3).
    /// </summary>
    private static string NumberGreenletIds(string output)
    {
        var ordinals = new Dictionary<string, int>();
        return Regex.Replace(output, @"(?m)^(Hello from Greenlet )(\d+)$", match =>
        {
            var id = match.Groups[2].Value;
            if (!ordinals.TryGetValue(id, out var ordinal))
            {
                ordinal = ordinals[id] = ordinals.Count + 1;
            }

            return match.Groups[1].Value + ordinal;
        });
    }

    private static IEnumerable<string> Pending() => s_tutorialOrder.Except(s_implemented);

    private static (string Output, string Errors) RunOnVirtualClock(string name)
    {
        var run = TourCatalog.Find(name)?.Run ?? throw new AssertionException($"'{name}' is not a runnable sample");
        using var hub = Greenlets.Hub.Install(HubClock.Virtual());
        using var errors = new StringWriter();
        Greenlets.Hub.Current.ErrorWriter = errors;
        var output = CaptureStdout(run);
        return (output, errors.ToString());
    }

    private static (int ExitCode, string Output, string Errors) RunProgram(params string[] args) =>
        Capture(() => Tour.Program.Main(args));

    private static (int ExitCode, string Output, string Errors) RunAll(IReadOnlyList<TourExample> examples) =>
        Capture(() => Tour.Program.RunAll(examples));

    private static (int ExitCode, string Output, string Errors) Capture(Func<int> program)
    {
        var originalError = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        try
        {
            var exitCode = 0;
            var output = CaptureStdout(() => exitCode = program());
            return (exitCode, output, errors.ToString());
        }
        finally
        {
            Console.SetError(originalError);
        }
    }

    private static string CaptureStdout(Action action)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    /// <summary>The program gives each sample a hub with the clock named by GREENLET_CLOCK; make that the virtual one.</summary>
    private static T WithVirtualClockFromEnvironment<T>(Func<T> action)
    {
        var original = Environment.GetEnvironmentVariable(HubClock.EnvironmentVariable);
        Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, "virtual");
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(HubClock.EnvironmentVariable, original);
        }
    }

    private static string ReadReference(string name) =>
        File.ReadAllText(Path.Combine(ReferenceDirectory(), name + ".out"));

    private static string ReferenceDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "Tour", "reference");
            }
        }

        throw new DirectoryNotFoundException($"No Greenlet.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
