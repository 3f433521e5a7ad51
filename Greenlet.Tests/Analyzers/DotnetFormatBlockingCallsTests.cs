namespace Greenlets.Tests.Analyzers;

/// <summary>
/// Every blocking-call fix through <c>dotnet format analyzers</c>, the path of a user without an IDE: a new console
/// project on disk whose first blocking call has no green form (so the first fix offered is the GreenThreadPool
/// wrap), then sleeps, a SemaphoreSlim, a task's result, a lock held around a sleep and a DNS lookup. One format run
/// must give each call its specific fix, never the wrap where a green form or a green variable exists; the result
/// builds without a warning and prints what real gevent prints for the same program (Gevent/green_blocking_calls.py).
/// Slow (a format and a build), so it is done once and each test reads one part of the outcome.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class DotnetFormatBlockingCallsTests
{
    private const string Program = """
        using System.Net;
        using Greenlets;

        using var hub = Hub.Install(HubClock.Virtual());
        var done = new TaskCompletionSource<int>();
        Greenlet.JoinAll(new[]
        {
            Greenlet.Spawn(Workers.Sleeper, "a"),
            Greenlet.Spawn(Workers.Sleeper, "b"),
            Greenlet.Spawn(Workers.Gated, "c"),
            Greenlet.Spawn(Workers.Gated, "d"),
            Greenlet.Spawn(Workers.Waiter, done.Task),
            Greenlet.Spawn(Workers.Finisher, done),
            Greenlet.Spawn(Workers.Locked, "e"),
            Greenlet.Spawn(Workers.Locked, "f"),
        });
        Greenlet.Spawn(Workers.Resolver).Join();
        Greenlet.Spawn(Workers.Cleaner).Join();
        Console.WriteLine(string.Join("\n", Workers.Log));

        public static partial class Workers
        {
            public static readonly List<string> Log = new();
            private static readonly SemaphoreSlim s_gate = new(1, 1);
            private static readonly object s_lock = new();

            [Greenlet]
            public static void Cleaner()
            {
                File.Delete(Path.Combine(Path.GetTempPath(), "greenlet-format-nothing"));
                Log.Add("cleaned");
            }

            [Greenlet]
            public static void Sleeper(string name)
            {
                Log.Add($"{name} sleeps");
                Thread.Sleep(1000);
                Log.Add($"{name} wakes");
            }

            [Greenlet]
            public static void Gated(string name)
            {
                s_gate.Wait();
                try
                {
                    Log.Add($"{name} holds the gate");
                    Thread.Sleep(500);
                }
                finally
                {
                    s_gate.Release();
                }
            }

            [Greenlet]
            public static void Waiter(Task<int> result)
            {
                Log.Add($"waiter got {result.Result}");
            }

            [Greenlet]
            public static void Finisher(TaskCompletionSource<int> result)
            {
                Thread.Sleep(2000);
                result.SetResult(42);
            }

            [Greenlet]
            public static void Locked(string name)
            {
                lock (s_lock)
                {
                    Log.Add($"{name} holds the lock");
                    Thread.Sleep(250);
                }
            }

            [Greenlet]
            public static void Resolver()
            {
                Log.Add($"localhost is {Dns.GetHostAddresses("localhost").Length > 0}");
            }
        }
        """;

    private ConsoleProject? _app;
    private string _buildBefore = "";
    private string _formatOutput = "";
    private string _fixedProgram = "";
    private string _buildAfter = "";
    private string _outputAfter = "";

    [OneTimeSetUp]
    public void BuildFormatBuildAndRun()
    {
        _app = new ConsoleProject(Program);
        _buildBefore = _app.Build(); // not run: the semaphore's Wait would block the hub for ever
        _formatOutput = _app.FormatAnalyzers("GRN0100", "GRN0104");
        _fixedProgram = _app.ProgramText;
        _buildAfter = _app.Build();
        _outputAfter = _app.RunProgram();
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder() => _app?.Dispose();

    [Test]
    public void TheBuildWarnsOfEveryBlockingCall() => Assert.Multiple(() =>
    {
        foreach (var call in new[] { "File.Delete", "Thread.Sleep", "SemaphoreSlim.Wait", "Task.Result", "Dns.GetHostAddresses" })
        {
            Assert.That(_buildBefore, Does.Contain($"warning GRN0100: '{call}' blocks the hub"), call);
        }

        Assert.That(_buildBefore, Does.Contain("warning GRN0104: 'lock (s_lock)' in 'Locked'"));
    });

    [Test]
    public void OneFormatRunGivesEachCallItsSpecificFix()
    {
        Assert.That(_formatOutput, Does.Not.Contain("warning").IgnoreCase.And.Not.Contain("error").IgnoreCase);
        var expected = Program.ReplaceLineEndings("\n")
            .Replace("File.Delete(Path.Combine(Path.GetTempPath(), \"greenlet-format-nothing\"));", "GreenThreadPool.Default.Apply(() => File.Delete(Path.Combine(Path.GetTempPath(), \"greenlet-format-nothing\")));")
            .Replace("private static readonly SemaphoreSlim s_gate = new(1, 1);", "private static readonly BoundedSemaphore s_gate = new(1);")
            .Replace("private static readonly object s_lock = new();", "private static readonly GreenLock s_lock = new();")
            .Replace("Thread.Sleep(1000);", "Greenlet.Sleep(1);")
            .Replace("Thread.Sleep(500);", "Greenlet.Sleep(0.5);")
            .Replace("Thread.Sleep(2000);", "Greenlet.Sleep(2);")
            .Replace("Thread.Sleep(250);", "Greenlet.Sleep(0.25);")
            .Replace("s_gate.Wait();", "s_gate.Acquire();")
            .Replace("{result.Result}", "{Greenlet.WaitTask(result)}")
            .Replace("lock (s_lock)", "using (s_lock.Lock())")
            .Replace("Dns.GetHostAddresses(", "GreenDns.GetHostAddresses(");
        Assert.That(_fixedProgram, Is.EqualTo(expected));
    }

    [Test]
    public void TheFixedProgramBuildsWithoutAWarningAndRunsAsGeventDoes() => Assert.Multiple(() =>
    {
        Assert.That(_buildAfter, Does.Not.Contain("GRN0").And.Contain("0 Warning(s)"));
        var gevent = File.ReadAllText(Path.Combine(Http.HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Analyzers", "Gevent", "green_blocking_calls.out"));
        Assert.That(_outputAfter, Is.EqualTo(gevent));
    });
}
