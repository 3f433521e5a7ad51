namespace Greenlets.Tests.Analyzers;

/// <summary>
/// A console project on disk that uses Greenlet as the package does (the runtime, and the generator, analyzers and
/// code fixes as analyzers, from this build's output, with the package's props), driven through the dotnet CLI.
/// </summary>
internal sealed class ConsoleProject : IDisposable
{
    public ConsoleProject(string program)
    {
        Folder = Path.Combine(Path.GetTempPath(), "greenlet-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var built = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(Folder, "app.csproj"), $"""
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
        File.WriteAllText(ProgramPath, program);
    }

    public string Folder { get; }

    public string ProgramPath => Path.Combine(Folder, "Program.cs");

    /// <summary>Program.cs as it is now, with \n line ends.</summary>
    public string ProgramText => File.ReadAllText(ProgramPath).ReplaceLineEndings("\n");

    /// <summary><c>dotnet build -c Release</c>: its output.</summary>
    public string Build() => Run("build", "-c", "Release");

    /// <summary>Runs the built program in the project's folder: its output.</summary>
    public string RunProgram() => Run(Path.Combine(Folder, "bin", "Release", "net10.0", "app.dll"));

    /// <summary><c>dotnet format analyzers</c> for the given diagnostics, at warning severity: its output.</summary>
    public string FormatAnalyzers(params string[] diagnostics) =>
        Run(["format", "analyzers", "app.csproj", "--diagnostics", .. diagnostics, "--severity", "warn"]);

    /// <summary>Builds and runs the program, fixes <paramref name="diagnostic"/> with dotnet format, builds and runs it again.</summary>
    public FormatRun BuildFormatAndBuildAgain(string diagnostic)
    {
        var buildBefore = Build();
        var outputBefore = RunProgram();
        var formatOutput = FormatAnalyzers(diagnostic);
        var fixedProgram = ProgramText;
        return new FormatRun(buildBefore, outputBefore, formatOutput, fixedProgram, Build(), RunProgram());
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Runs the dotnet CLI in the project's folder, with no build server left behind; fails the fixture on a non-zero exit.</summary>
    private string Run(params string[] arguments) => Package.DotnetCommand.Run(Folder, arguments);
}

/// <summary>What each step of <see cref="ConsoleProject.BuildFormatAndBuildAgain"/> printed, and the fixed program.</summary>
internal sealed record FormatRun(string BuildBefore, string OutputBefore, string FormatOutput, string FixedProgram, string BuildAfter, string OutputAfter);
