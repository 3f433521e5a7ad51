using System.Diagnostics;
using System.Text;
using Tour;

namespace Greenlets.Tests.Samples;

/// <summary>
/// The fetch and shutdown samples beyond the byte-for-byte comparison in <see cref="TourSampleTests"/>: fetch prints
/// only from the hub thread, its requests made by GreenHttpClient on the hub while the server answers from its own
/// threads; shutdown, run as its own process, ends
/// cleanly on a real SIGQUIT sent with <c>kill -QUIT</c>.
/// </summary>
[TestFixture]
[NonParallelizable] // swaps Console.Out; starts processes
[Category(TestCategories.Peer)]
public sealed class InteropSampleTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    [Test]
    public void FetchPrintsEveryLineFromTheHubThread()
    {
        var hubThread = Environment.CurrentManagedThreadId;
        var recorder = new ThreadRecordingWriter();
        var original = Console.Out;
        Console.SetOut(recorder);
        try
        {
            using (Greenlets.Hub.Install(HubClock.Virtual()))
            {
                FetchExample.Run();
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = recorder.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(20));
        Assert.That(lines.Count(line => line.StartsWith("Process ")), Is.EqualTo(18));
        Assert.That(recorder.Threads, Is.EqualTo(new HashSet<int> { hubThread }), "every request and every line on the hub thread");
    }

    [Test]
    public void FetchAsynchronousAnswersFollowTheServersLatencies()
    {
        var output = CaptureOnVirtualClock(FetchExample.Run);
        var asynchronous = output[(output.IndexOf("Asynchronous:\n", StringComparison.Ordinal) + "Asynchronous:\n".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Ascending latency (3 7 1 9 5 2 8 4 6), each answer numbered in the order the server sent it.
        Assert.That(asynchronous, Is.EqualTo(new[] { 3, 7, 1, 9, 5, 2, 8, 4, 6 }.Select((pid, i) => $"Process  {pid} 2013-01-17T12:00:{10 + i}Z")));
    }

    [Test]
    public void ShutdownEndsCleanlyOnASigquitSentFromOutside()
    {
        using var process = StartTour("shutdown", ("TOUR_SHUTDOWN_SIGNAL", "external"));
        var output = new StringBuilder();
        using var started = new ManualResetEventSlim();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Append(line.Data).Append('\n');
            }

            if (line.Data.StartsWith("run_forever started", StringComparison.Ordinal))
            {
                started.Set();
            }
        };
        process.BeginOutputReadLine();

        Assert.That(started.Wait(s_bound), Is.True, "the sample printed its first line");
        Assert.That(process.HasExited, Is.False, "it waits for the signal");
        using (var kill = Process.Start("kill", ["-QUIT", process.Id.ToString()]))
        {
            Assert.That(kill.WaitForExit(s_bound), Is.True);
            Assert.That(kill.ExitCode, Is.Zero);
        }

        Assert.That(process.WaitForExit(s_bound), Is.True, "SIGQUIT ended the program");
        process.WaitForExit(); // drains the output
        Assert.That(process.ExitCode, Is.Zero);
        Assert.That(output.ToString(), Is.EqualTo(
            "run_forever started; waiting for SIGQUIT\n" +
            "Received SIGQUIT, shutting down\n" +
            "run_forever ended: GreenletExit - dead: True\n"));
        Assert.That(process.StandardError.ReadToEnd(), Is.Empty);
    }

    [Test]
    public void ShutdownSendingItsOwnSigquitPrintsWhatGeventPrints()
    {
        using var process = StartTour("shutdown");
        var output = process.StandardOutput.ReadToEndAsync();

        Assert.That(process.WaitForExit(s_bound), Is.True);
        Assert.That(process.ExitCode, Is.Zero);
        Assert.That(output.Result, Is.EqualTo(File.ReadAllText(Path.Combine(ReferenceDirectory(), "shutdown.out"))));
    }

    private static Process StartTour(string example, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(TourCatalog).Assembly.Location);
        start.ArgumentList.Add(example);
        start.Environment.Remove(HubClock.EnvironmentVariable); // the real clock, as a user runs it
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static string CaptureOnVirtualClock(Action run)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            using (Greenlets.Hub.Install(HubClock.Virtual()))
            {
                run();
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

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

    /// <summary>Records the text written, and every thread that wrote.</summary>
    private sealed class ThreadRecordingWriter : StringWriter
    {
        private readonly object _lock = new();

        public HashSet<int> Threads { get; } = [];

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_lock)
            {
                Threads.Add(Environment.CurrentManagedThreadId);
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_lock)
            {
                Threads.Add(Environment.CurrentManagedThreadId);
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_lock)
            {
                Threads.Add(Environment.CurrentManagedThreadId);
                base.WriteLine(value);
            }
        }
    }
}
