using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Greenlets.Tests.Package;

/// <summary>
/// The Greenlet package as a user gets it: packed to a local feed, restored into a brand-new console project whose
/// nuget.config holds only that feed and the machine's own NuGet sources, built and run with the dotnet CLI.
/// Slow (a pack, a restore and a build), so everything is done once and each test reads one part of the outcome.
/// </summary>
[NonParallelizable]
public sealed class PackageTests
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(5);

    private string _root = "";
    private string _app = "";
    private string _buildOutput = "";
    private string _programOutput = "";

    [OneTimeSetUp]
    public void PackRestoreBuildAndRun()
    {
        _root = Path.Combine(Path.GetTempPath(), "greenlet-package-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(_root, "feed");
        _app = Path.Combine(_root, "app");
        Directory.CreateDirectory(_app);

        // The projects were built with the tests, in the same configuration: pack them as they are.
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var configuration = typeof(PackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var runtimeProject = Path.Combine(RepositoryRoot(), "Greenlet.Runtime", "Greenlet.Runtime.csproj");
        Run(_root, "pack", runtimeProject, "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={version}");

        WriteConsumer(feed, version);
        _buildOutput = Run(_app, "build", "-c", "Release", $"-p:RestorePackagesPath={Path.Combine(_root, "packages")}");
        _programOutput = Run(_app, Path.Combine(_app, "bin", "Release", "net10.0", "app.dll"));
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void TheProgramPrintsGeventsInterleaving() => Assert.That(_programOutput, Is.EqualTo(
        "Running in foo\nExplicit context to bar\nExplicit context switch to foo again\nImplicit context switch back to bar\n" +
        "twins: Bar__Greenlet, Blocks__Greenlet, Foo__Greenlet\n"));

    [Test]
    public void TheGeneratorRewroteTheGreenletMethodsAndInterceptedTheSpawnSites()
    {
        var generated = Path.Combine(_app, "obj", "Release", "net10.0", "generated", "Greenlet.Generators", "Greenlets.Generators.GreenletGenerator");
        var interceptors = File.ReadAllText(Path.Combine(generated, "GreenletInterceptors.g.cs"));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(generated, "Workers.g.cs")), Does.Contain("Foo__Greenlet()").And.Contain("await Greenlet.SleepAsync(0)"));
            Assert.That(interceptors, Does.Contain("InterceptsLocation"), "spawn sites are intercepted");
            Assert.That(interceptors, Does.Contain("SpawnTwin"), "and sent to the twins");
        });
    }

    [Test]
    public void AnalyzerDiagnosticsAppearInTheBuildOutput() => Assert.That(_buildOutput,
        Does.Contain("Program.cs(28,36): warning GRN0100: 'Thread.Sleep' blocks the hub: while it runs in 'Blocks'"));

    [Test]
    public void EditorConfigSeveritiesApply() => Assert.Multiple(() =>
    {
        // The same spawned lambda in two files: .editorconfig turns GRN0202 off for Program.cs only.
        Assert.That(_buildOutput, Does.Contain("Other.cs(5,54): warning GRN0202"));
        Assert.That(_buildOutput, Does.Not.Contain("Program.cs(5,").And.Not.Contain("Program.cs(5)"));
    });

    private void WriteConsumer(string feed, string version)
    {
        var sources = new StringBuilder();
        foreach (var (source, index) in MachineNuGetSources().Select((s, i) => (s, i)))
        {
            sources.Append($"    <add key=\"machine{index}\" value=\"{source}\" />\n");
        }

        File.WriteAllText(Path.Combine(_app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="greenlet" value="{feed}" />
            {sources}  </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(_app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Greenlet" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_app, ".editorconfig"), "root = true\n\n[Program.cs]\ndotnet_diagnostic.GRN0202.severity = none\n");
        File.WriteAllText(Path.Combine(_app, "Program.cs"), """
            using Greenlets;

            Greenlet.JoinAll(Greenlet.Spawn(Workers.Foo), Greenlet.Spawn(Workers.Bar));
            Console.WriteLine("twins: " + Workers.Twins());
            var silenced = Greenlet.Spawn(() => Greenlet.Sleep(0));

            public static partial class Workers
            {
                [Greenlet]
                public static void Foo()
                {
                    Console.WriteLine("Running in foo");
                    Greenlet.Sleep(0);
                    Console.WriteLine("Explicit context switch to foo again");
                }

                [Greenlet]
                public static void Bar()
                {
                    Console.WriteLine("Explicit context to bar");
                    Greenlet.Sleep(0);
                    Console.WriteLine("Implicit context switch back to bar");
                }

                public static string Twins() => string.Join(", ", typeof(Workers).GetMethods().Select(m => m.Name).Where(n => n.EndsWith("__Greenlet")).Order());

                [Greenlet]
                public static void Blocks() => Thread.Sleep(10);
            }
            """);
        File.WriteAllText(Path.Combine(_app, "Other.cs"), """
            using Greenlets;

            public static class Other
            {
                public static Greenlet Start() => Greenlet.Spawn(() => Greenlet.Sleep(0));
            }
            """);
    }

    /// <summary>The package sources this machine's NuGet configuration enables (for the framework's own packages).</summary>
    private static IEnumerable<string> MachineNuGetSources() =>
        Run(Path.GetTempPath(), "nuget", "list", "source", "--format", "Short")
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line.Substring(2).Trim());

    /// <summary>Runs the dotnet CLI, with no build server left behind; fails the fixture on a non-zero exit.</summary>
    private static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] is "build" or "pack")
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Greenlet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Greenlet.sln not found above {AppContext.BaseDirectory}");
    }
}
