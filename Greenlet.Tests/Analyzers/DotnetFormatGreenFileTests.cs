namespace Greenlets.Tests.Analyzers;

/// <summary>
/// GRN0100 on <c>File.*</c> through the dotnet CLI: a console project whose greenlet reads and writes files with
/// <c>File</c>, warned at build, fixed by <c>dotnet format analyzers</c> into <c>GreenFile</c> calls (one fix-all kind,
/// so one pass rewrites them all), built again without the warning, printing the same as before. Slow (two builds and
/// a format), so done once.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class DotnetFormatGreenFileTests
{
    private const string Program = """
        using Greenlets;

        using var hub = Hub.Install(HubClock.Virtual());
        Console.WriteLine(Greenlet.Spawn(Files.Work, "notes.txt").Get());

        public static partial class Files
        {
            [Greenlet]
            public static string Work(string path)
            {
                File.WriteAllText(path, "one\n");
                File.AppendAllText(path, "two\n");
                File.WriteAllBytes(path + ".bin", new byte[] { 1, 2, 3 });
                var lines = File.ReadAllLines(path);
                var bytes = File.ReadAllBytes(path + ".bin");
                return $"{string.Join("|", lines)} {bytes.Length} {File.ReadAllText(path).Length}";
            }
        }
        """;

    private ConsoleProject? _project;
    private FormatRun _run = null!;

    [OneTimeSetUp]
    public void BuildFormatAndBuildAgain()
    {
        _project = new ConsoleProject(Program);
        _run = _project.BuildFormatAndBuildAgain("GRN0100");
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder() => _project?.Dispose();

    [Test]
    public void TheBuildWarnsOfEachFileCallAndPointsAtGreenFile() => Assert.Multiple(() =>
    {
        Assert.That(_run.BuildBefore, Does.Contain("Program.cs(11,9): warning GRN0100: 'File.WriteAllText' blocks the hub: while it runs in 'Work', no other greenlet runs; use GreenFile's method of the same name"));
        Assert.That(_run.BuildBefore, Does.Contain("Program.cs(15,21): warning GRN0100: 'File.ReadAllBytes' blocks the hub"));
        Assert.That(_run.BuildBefore, Does.Contain("Program.cs(16,60): warning GRN0100: 'File.ReadAllText' blocks the hub"));
        Assert.That(_run.OutputBefore, Is.EqualTo("one|two 3 8\n"));
    });

    [Test]
    public void DotnetFormatRewritesEveryWholeFileCallToGreenFile()
    {
        Assert.That(_run.FormatOutput, Does.Not.Contain("warning").IgnoreCase.And.Not.Contain("error").IgnoreCase);
        Assert.That(_run.FixedProgram, Is.EqualTo(Program.ReplaceLineEndings("\n")
            .Replace("File.WriteAllText", "GreenFile.WriteAllText")
            .Replace("File.AppendAllText", "GreenFile.AppendAllText")
            .Replace("File.WriteAllBytes", "GreenFile.WriteAllBytes")
            .Replace("File.ReadAllLines", "GreenFile.ReadAllLines")
            .Replace("File.ReadAllBytes", "GreenFile.ReadAllBytes")
            .Replace("File.ReadAllText", "GreenFile.ReadAllText")));
    }

    [Test]
    public void TheFixedProgramBuildsWithoutTheWarningAndPrintsTheSame() => Assert.Multiple(() =>
    {
        Assert.That(_run.BuildAfter, Does.Not.Contain("GRN0100").And.Contain("0 Warning(s)"));
        Assert.That(_run.OutputAfter, Is.EqualTo(_run.OutputBefore));
    });
}
