namespace Greenlets.Tests.Analyzers;

/// <summary>
/// The path of a user without an IDE: a new console project on disk, built with the dotnet CLI, warned of a catch
/// clause that swallows kills (GRN0205), fixed with <c>dotnet format analyzers</c>, built and run again. The fixed
/// program lets the kill and the timeout through, as gevent does (the Python is in <see cref="SwallowedKillTests"/>).
/// Slow (three builds and a format), so it is done once and each test reads one part of the outcome.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class DotnetFormatTests
{
    private const string Program = """
        using Greenlets;

        using var hub = Hub.Install(HubClock.Virtual());
        var worker = Greenlet.Spawn(Workers.Work);
        Greenlet.Sleep(1);
        worker.Kill();
        Console.WriteLine($"kill: dead={worker.IsDead} log=[{string.Join(", ", Workers.Log)}]");
        Workers.Log.Clear();
        Console.WriteLine($"timeout: {Greenlet.Spawn(Workers.Timed).Get()} log=[{string.Join(", ", Workers.Log)}]");

        public static partial class Workers
        {
            public static readonly List<string> Log = new();

            [Greenlet]
            public static void Work()
            {
                try
                {
                    Greenlet.Sleep(10);
                }
                catch (Exception)
                {
                    Log.Add("swallowed");
                }

                Log.Add("carried on");
            }

            [Greenlet]
            public static string Timed()
            {
                try
                {
                    using (GreenTimeout.StartNew(1))
                    {
                        try
                        {
                            Greenlet.Sleep(10);
                        }
                        catch
                        {
                            Log.Add("timeout swallowed");
                        }
                    }

                    return "no timeout";
                }
                catch (GreenTimeout)
                {
                    return "timed out";
                }
            }
        }
        """;

    private ConsoleProject? _project;
    private FormatRun _run = null!;

    [OneTimeSetUp]
    public void BuildFormatAndBuildAgain()
    {
        _project = new ConsoleProject(Program);
        _run = _project.BuildFormatAndBuildAgain("GRN0205");
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder() => _project?.Dispose();

    [Test]
    public void TheBuildWarnsOfBothClausesAndTheProgramSwallowsTheKillAndTheTimeout() => Assert.Multiple(() =>
    {
        Assert.That(_run.BuildBefore, Does.Contain("Program.cs(22,9): warning GRN0205: 'catch (Exception)' in 'Work' catches GreenletExit and GreenTimeout"));
        Assert.That(_run.BuildBefore, Does.Contain("Program.cs(41,17): warning GRN0205: 'catch' in 'Timed' catches GreenletExit and GreenTimeout"));
        Assert.That(_run.OutputBefore, Is.EqualTo("kill: dead=True log=[swallowed, carried on]\ntimeout: no timeout log=[timeout swallowed]\n"));
    });

    [Test]
    public void DotnetFormatAddsTheFilterThatLetsThemThrough()
    {
        Assert.That(_run.FormatOutput, Does.Not.Contain("warning").IgnoreCase.And.Not.Contain("error").IgnoreCase);
        Assert.That(_run.FixedProgram, Is.EqualTo(Program.ReplaceLineEndings("\n")
            .Replace("        catch (Exception)\n", "        catch (Exception e) when (e is not (GreenletExit or GreenTimeout))\n")
            .Replace("                catch\n", "                catch (Exception e) when (e is not (GreenletExit or GreenTimeout))\n")));
    }

    [Test]
    public void TheFixedProgramBuildsCleanlyAndLetsTheKillAndTheTimeoutThrough() => Assert.Multiple(() =>
    {
        Assert.That(_run.BuildAfter, Does.Not.Contain("GRN0205").And.Contain("0 Warning(s)"));
        Assert.That(_run.OutputAfter, Is.EqualTo("kill: dead=True log=[]\ntimeout: timed out log=[]\n"), "as gevent: killed: True True GreenletExit() [] / timeout: timed out []");
    });
}
