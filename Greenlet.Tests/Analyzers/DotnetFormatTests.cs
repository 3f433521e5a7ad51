using System.Diagnostics;

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
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(5);

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

    private string _app = "";
    private string _buildBefore = "";
    private string _outputBefore = "";
    private string _formatOutput = "";
    private string _fixedProgram = "";
    private string _buildAfter = "";
    private string _outputAfter = "";

    [OneTimeSetUp]
    public void BuildFormatAndBuildAgain()
    {
        _app = Path.Combine(Path.GetTempPath(), "greenlet-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_app);
        WriteProject();

        _buildBefore = Run("build", "-c", "Release");
        _outputBefore = Run(Path.Combine(_app, "bin", "Release", "net10.0", "app.dll"));
        _formatOutput = Run("format", "analyzers", "app.csproj", "--diagnostics", "GRN0205", "--severity", "warn");
        _fixedProgram = File.ReadAllText(Path.Combine(_app, "Program.cs")).ReplaceLineEndings("\n");
        _buildAfter = Run("build", "-c", "Release");
        _outputAfter = Run(Path.Combine(_app, "bin", "Release", "net10.0", "app.dll"));
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (Directory.Exists(_app))
        {
            Directory.Delete(_app, recursive: true);
        }
    }

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

    /// <summary>
    /// A console project that uses Greenlet as the package does: the runtime, and the generator, analyzers and code
    /// fixes as analyzers, from this build's output, with the package's props.
    /// </summary>
    private void WriteProject()
    {
        var built = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(_app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.GetFullPath(Path.Combine(Generator.GoldenFiles.Root, "..", "..", "..", "Greenlet.Runtime", "build", "Greenlet.props"))}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Path.Combine(built, "Greenlet.Runtime.dll")}" />
                <Analyzer Include="{Path.Combine(built, "Greenlet.Generators.dll")}" />
                <Analyzer Include="{Path.Combine(built, "Greenlet.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(built, "Greenlet.Analyzers.CodeFixes.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_app, "Program.cs"), Program);
    }

    /// <summary>Runs the dotnet CLI in the project's folder, with no build server left behind; fails the fixture on a non-zero exit.</summary>
    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _app, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] == "build")
        {
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-nodeReuse:false");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(s_commandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(" ", arguments)} did not finish in {s_commandTimeout}");
        }

        var text = output.Result + error.Result;
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(" ", arguments)} failed:\n{text}");
        return text.Replace("\r\n", "\n");
    }
}
