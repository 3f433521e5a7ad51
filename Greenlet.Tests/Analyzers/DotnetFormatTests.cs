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

    private ScratchProject? _app;
    private string _buildBefore = "";
    private string _outputBefore = "";
    private string _formatOutput = "";
    private string _fixedProgram = "";
    private string _buildAfter = "";
    private string _outputAfter = "";

    [OneTimeSetUp]
    public void BuildFormatAndBuildAgain()
    {
        _app = new ScratchProject(Program);
        _buildBefore = _app.Run("build", "-c", "Release");
        _outputBefore = _app.RunProgram();
        _formatOutput = _app.Run("format", "analyzers", "app.csproj", "--diagnostics", "GRN0205", "--severity", "warn");
        _fixedProgram = _app.ProgramText;
        _buildAfter = _app.Run("build", "-c", "Release");
        _outputAfter = _app.RunProgram();
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder() => _app?.Dispose();

    [Test]
    public void TheBuildWarnsOfBothClausesAndTheProgramSwallowsTheKillAndTheTimeout() => Assert.Multiple(() =>
    {
        Assert.That(_buildBefore, Does.Contain("Program.cs(22,9): warning GRN0205: 'catch (Exception)' in 'Work' catches GreenletExit and GreenTimeout"));
        Assert.That(_buildBefore, Does.Contain("Program.cs(41,17): warning GRN0205: 'catch' in 'Timed' catches GreenletExit and GreenTimeout"));
        Assert.That(_outputBefore, Is.EqualTo("kill: dead=True log=[swallowed, carried on]\ntimeout: no timeout log=[timeout swallowed]\n"));
    });

    [Test]
    public void DotnetFormatAddsTheFilterThatLetsThemThrough()
    {
        Assert.That(_formatOutput, Does.Not.Contain("warning").IgnoreCase.And.Not.Contain("error").IgnoreCase);
        Assert.That(_fixedProgram, Is.EqualTo(Program.ReplaceLineEndings("\n")
            .Replace("        catch (Exception)\n", "        catch (Exception e) when (e is not (GreenletExit or GreenTimeout))\n")
            .Replace("                catch\n", "                catch (Exception e) when (e is not (GreenletExit or GreenTimeout))\n")));
    }

    [Test]
    public void TheFixedProgramBuildsCleanlyAndLetsTheKillAndTheTimeoutThrough() => Assert.Multiple(() =>
    {
        Assert.That(_buildAfter, Does.Not.Contain("GRN0205").And.Contain("0 Warning(s)"));
        Assert.That(_outputAfter, Is.EqualTo("kill: dead=True log=[]\ntimeout: timed out log=[]\n"), "as gevent: killed: True True GreenletExit() [] / timeout: timed out []");
    });
}
