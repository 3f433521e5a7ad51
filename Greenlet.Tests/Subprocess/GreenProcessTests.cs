using System.Text;

namespace Greenlets.Tests.Subprocess;

/// <summary>
/// Child processes on the hub: pipes as green streams, environment and directory, exit codes, timeouts on the virtual
/// clock, many children through a pool with none left a zombie, big transfers, and the hub running meanwhile.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenProcessTests : HubTestBase
{
    [Test]
    public void EchoRoundTrip()
    {
        var result = GreenProcess.Run(["echo", "hi"]);
        Assert.That((result.ReturnCode, result.StdoutText, result.StderrText), Is.EqualTo((0, "hi\n", string.Empty)));
    }

    [Test]
    public void CatEchoesStandardInput()
    {
        using var cat = GreenProcess.Start(["cat"], GreenProcessOptions.Piped());
        var result = cat.Communicate("hello, cat");
        Assert.That((result.ReturnCode, result.StdoutText), Is.EqualTo((0, "hello, cat")));
    }

    [Test]
    public void PipesAreGreenStreamsThatReadLines()
    {
        using var child = GreenProcess.Start(["sh", "-c", "read line; echo \"got $line\"; echo second"], GreenProcessOptions.Piped());
        child.Stdin!.Write(Encoding.UTF8.GetBytes("ping\n"));
        var reader = new GreenStreamReader(child.Stdout!);
        Assert.That(reader.ReadLine(), Is.EqualTo("got ping"));
        Assert.That(reader.ReadLine(), Is.EqualTo("second"));
        Assert.That(child.Wait(), Is.Zero);
    }

    [Test]
    public void StandardErrorIsSeparateOrMerged()
    {
        var separate = GreenProcess.Run(["sh", "-c", "echo out; echo err >&2"]);
        Assert.That((separate.StdoutText, separate.StderrText), Is.EqualTo(("out\n", "err\n")));

        var merged = GreenProcess.Run(["sh", "-c", "echo out; echo err >&2"], options: new GreenProcessOptions { Stdout = ProcessStdio.Pipe, Stderr = ProcessStdio.ToStdout });
        Assert.That((merged.StdoutText, merged.Stderr), Is.EqualTo(("out\nerr\n", (byte[]?)null)));
    }

    [Test]
    public void EnvironmentAndWorkingDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("green-process-").FullName;
        try
        {
            var options = new GreenProcessOptions { Stdout = ProcessStdio.Pipe, WorkingDirectory = directory };
            options.ExtraEnvironment["GREEN_ADDED"] = "42";
            options.ExtraEnvironment["HOME"] = null;
            var added = GreenProcess.Run(["sh", "-c", "echo \"$GREEN_ADDED ${HOME-unset} $PATH\"; pwd"], options: options);
            Assert.That(added.StdoutText, Is.EqualTo($"42 unset {Environment.GetEnvironmentVariable("PATH")}\n{directory}\n"));

            var replaced = GreenProcess.Run(["/usr/bin/env"], options: new GreenProcessOptions
            {
                Stdout = ProcessStdio.Pipe,
                Environment = new Dictionary<string, string> { ["ONLY"] = "1" },
            });
            Assert.That(replaced.StdoutText, Is.EqualTo("ONLY=1\n"));

            Assert.Throws<DirectoryNotFoundException>(() => GreenProcess.Start(["true"], new GreenProcessOptions { WorkingDirectory = Path.Combine(directory, "missing") }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void ExitCodesAndSignalDeaths()
    {
        Assert.That(GreenProcess.Call(["true"]), Is.Zero);
        Assert.That(GreenProcess.Call(["false"]), Is.EqualTo(1));
        Assert.That(GreenProcess.Call(["sh", "-c", "exit 200"]), Is.EqualTo(200));
        Assert.That(GreenProcess.Call(["sh", "-c", "kill -TERM $$"]), Is.EqualTo(-15));

        // The child gets default signal handling although the runtime ignores SIGPIPE (a shell cannot undo an
        // ignored signal it inherited, so it would survive this).
        Assert.That(GreenProcess.Call(["sh", "-c", "kill -PIPE $$"]), Is.EqualTo(-13));
    }

    [Test]
    public void KillEndsARunningChild()
    {
        using var child = GreenProcess.Start(["sleep", "1000"]);
        Assert.That(child.Poll(), Is.Null);
        child.Kill();
        Assert.That(child.Wait(), Is.EqualTo(-9));
        Assert.That(child.ReturnCode, Is.EqualTo(-9));
        child.Kill(); // after the reap: nothing to signal, nothing thrown
    }

    [Test]
    public void WaitTimesOutOnTheVirtualClockAtOnce()
    {
        using var child = GreenProcess.Start(["sleep", "1000"]);
        var e = Assert.Throws<ProcessTimeoutException>(() => child.Wait(1))!;
        Assert.That((Now, e.Seconds, child.ReturnCode), Is.EqualTo((1.0, 1.0, (int?)null)));
        child.Kill();
        Assert.That(child.Wait(), Is.EqualTo(-9));
    }

    [Test]
    public void CommunicateTimesOutOnTheVirtualClockAtOnce()
    {
        using var child = GreenProcess.Start(["sleep", "1000"], new GreenProcessOptions { Stdout = ProcessStdio.Pipe });
        Assert.Throws<ProcessTimeoutException>(() => child.Communicate(timeout: 1));
        Assert.That(Now, Is.EqualTo(1.0));
        child.Kill();
        Assert.That(child.Communicate().ReturnCode, Is.EqualTo(-9));
    }

    [Test]
    public void RunKillsTheChildOnTimeout()
    {
        Assert.Throws<ProcessTimeoutException>(() => GreenProcess.Run(["sleep", "1000"], timeout: 2));
        Assert.That(Now, Is.EqualTo(2.0));
        Assert.That(ZombieChildren(), Is.Empty);
    }

    [Test]
    public void MissingExecutableIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => GreenProcess.Start(["no-such-program-xyz"]))!;
        Assert.That((e.Message, e.FileName), Is.EqualTo(("[Errno 2] No such file or directory: 'no-such-program-xyz'", "no-such-program-xyz")));
    }

    [Test]
    public void AThousandChildrenThroughAPoolLeaveNoZombie()
    {
        var pool = new Pool(50);
        var children = new List<Greenlet<int>>();
        for (var i = 0; i < 1000; i++)
        {
            children.Add(pool.Spawn(ExitWith, i % 7));
        }

        pool.Join();
        Assert.That(children.Select(c => c.Value), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => i % 7)));
        Assert.That(ZombieChildren(), Is.Empty);
    }

    [Test]
    public void SeveralMegabytesThroughPipesWithoutDeadlock()
    {
        var output = GreenProcess.Run(["head", "-c", "8000000", "/dev/zero"]);
        Assert.That(output.Stdout!.Length, Is.EqualTo(8_000_000));

        var input = new byte[5_000_000];
        new Random(7).NextBytes(input);
        using var cat = GreenProcess.Start(["cat"], GreenProcessOptions.Piped());
        var echoed = cat.Communicate(input);
        Assert.That(echoed.Stdout, Is.EqualTo(input));
    }

    [Test]
    public void TheHubRunsWhileAChildRuns()
    {
        var ticker = Greenlet.Spawn(Tick);
        using var child = GreenProcess.Start(["sleep", "0.5"]);
        Assert.That(child.Wait(), Is.Zero);
        var ticksDuringChild = Log.Count;
        ticker.Kill();
        Assert.That(ticksDuringChild, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void SeveralGreenletsWaitForOneChild()
    {
        using var child = GreenProcess.Start(["sleep", "0.2"]);
        var waiters = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(WaitFor, child)).ToList();
        Greenlet.JoinAll(waiters);
        Assert.That(waiters.Select(w => w.Value), Is.EqualTo(new[] { 0, 0, 0 }));
    }

    [Test]
    public void DisposeWithoutWaitStillReapsTheChild()
    {
        var child = GreenProcess.Start(["true"]);
        var pid = child.Pid;
        child.Dispose();
        Greenlet.Sleep(1);
        Assert.That(ZombieChildren(), Does.Not.Contain(pid));
    }

    [Greenlet]
    private static int ExitWith(int code) => GreenProcess.Call(["sh", "-c", $"exit {code}"]);

    [Greenlet]
    private static int WaitFor(GreenProcess child) => child.Wait();

    [Greenlet]
    private void Tick()
    {
        while (true)
        {
            Greenlet.Sleep(0.05);
            Log.Add($"tick {Now}");
        }
    }

    /// <summary>The pids of this process's children that have ended and not been reaped.</summary>
    internal static List<int> ZombieChildren()
    {
        var self = Environment.ProcessId;
        var zombies = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile, or not ours to read
            }

            // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && int.Parse(fields[1]) == self)
            {
                zombies.Add(pid);
            }
        }

        return zombies;
    }
}
