using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Greenlets.Tests.Analyzers;

namespace Greenlets.Tests.Package;

/// <summary>
/// The Greenlet package as a user gets it, following docs/getting-started.md ("Install") from a local feed: packed
/// twice into greenlet/artifacts/packages, then a brand-new console project beside it (dotnet new console -n Hello)
/// with the nuget.config the page shows, word for word, and dotnet add package Greenlet --prerelease; then built
/// and run with the dotnet CLI. NuGet's cache is a fresh folder. Slow (two packs, a restore and a build), so
/// everything is done once and each test reads one part of the outcome.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed class PackageTests
{
    private string _root = "";
    private string _app = "";
    private string _firstPackage = "";
    private string _package = "";
    private string _buildOutput = "";
    private string _programOutput = "";

    [OneTimeSetUp]
    public void PackRestoreBuildAndRun()
    {
        _root = Path.Combine(Path.GetTempPath(), "greenlet-package-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(_root, "greenlet", "artifacts", "packages");
        _app = Path.Combine(_root, "Hello");
        Directory.CreateDirectory(_root);

        // The projects were built with the tests, in the same configuration: pack them as they are, as eng/pack.sh
        // does, twice, for a package that is newer than one the project could have seen before.
        var configuration = typeof(PackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var runtimeProject = Path.Combine(RepositoryFiles.Root, "Greenlet.Runtime", "Greenlet.Runtime.csproj");
        _firstPackage = CreatedPackage(Run(_root, "pack", runtimeProject, "--no-build", "-c", configuration, "-o", feed));
        _package = CreatedPackage(Run(_root, "pack", runtimeProject, "--no-build", "-c", configuration, "-o", feed));

        Run(_root, "new", "console", "-n", "Hello");
        File.WriteAllText(Path.Combine(_app, "nuget.config"), DocumentedNuGetConfig());
        Run(_app, "add", "package", "Greenlet", "--prerelease");
        WriteConsumerSources();
        _buildOutput = Run(_app, "build", "-c", "Release", "-p:EmitCompilerGeneratedFiles=true");
        _programOutput = Run(_app, Path.Combine(_app, "bin", "Release", "net10.0", "Hello.dll"));
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
    public void EachPackGetsANewerVersionFromTheOneVersionPrefix()
    {
        var first = Version(_firstPackage);
        var second = Version(_package);
        var local = $@"^{Regex.Escape(RepositoryFiles.VersionPrefix)}-local\.[0-9]{{17}}$";
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Match(local));
            Assert.That(second, Does.Match(local));
            Assert.That(string.CompareOrdinal(second, first), Is.Positive, "the second pack's version sorts after the first's");
        });
    }

    [Test]
    public void AddPackageTookTheNewestPackFromTheLocalFeed() =>
        Assert.That(File.ReadAllText(Path.Combine(_app, "Hello.csproj")), Does.Contain($"<PackageReference Include=\"Greenlet\" Version=\"{Version(_package)}\" />"));

    [Test]
    public void ThePackageNamesTheRepository()
    {
        var nuspec = ReadNuspec();
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "id")?.Value, Is.EqualTo("Greenlet"));
            Assert.That(metadata.Element(ns + "version")?.Value, Is.EqualTo(Version(_package)));
            Assert.That(metadata.Element(ns + "projectUrl")?.Value, Is.EqualTo(RepositoryFiles.RepositoryUrl));
            Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Is.EqualTo(RepositoryFiles.RepositoryUrl));
        });
    }

    [Test]
    public void ThePackageCarriesThePageOfEveryDiagnostic()
    {
        using var package = ZipFile.OpenRead(_package);
        Assert.Multiple(() =>
        {
            foreach (var descriptor in DiagnosticCatalog.All)
            {
                var path = DiagnosticCatalog.PagePath(descriptor);
                var entry = package.GetEntry(path);
                Assert.That(entry, Is.Not.Null, $"{path} is in the package");
                if (entry is not null)
                {
                    using var reader = new StreamReader(entry.Open());
                    Assert.That(reader.ReadToEnd(), Is.EqualTo(File.ReadAllText(Path.Combine(RepositoryFiles.Root, path))), $"{path} as in the repository");
                }
            }
        });
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
            Assert.That(File.ReadAllText(Path.Combine(generated, "Workers.g.cs")), Does.Contain("Foo__Greenlet()").And.Contain("await Greenlet.SleepAwaitable(0)"));
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

    /// <summary>The program and its settings, over what dotnet new wrote.</summary>
    private void WriteConsumerSources()
    {
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

    /// <summary>The nuget.config of docs/getting-started.md, the text between <c>cat &gt; nuget.config &lt;&lt;'EOF'</c> and <c>EOF</c>.</summary>
    private static string DocumentedNuGetConfig()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "getting-started.md")).Replace("\r\n", "\n");
        var match = Regex.Match(page, "^cat > nuget.config <<'EOF'\n(.*?\n)EOF\n", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, "docs/getting-started.md shows the nuget.config to write");
        return match.Groups[1].Value;
    }

    /// <summary>The package file dotnet pack says it created.</summary>
    private static string CreatedPackage(string packOutput)
    {
        var match = Regex.Match(packOutput, "Successfully created package '([^']+)'");
        Assert.That(match.Success, Is.True, "dotnet pack names the package it created:\n" + packOutput);
        return match.Groups[1].Value;
    }

    /// <summary>The version in a package's file name, Greenlet.&lt;version&gt;.nupkg.</summary>
    private static string Version(string package) => Path.GetFileNameWithoutExtension(package)["Greenlet.".Length..];

    private XDocument ReadNuspec()
    {
        using var package = ZipFile.OpenRead(_package);
        using var nuspec = package.GetEntry("Greenlet.nuspec")!.Open();
        return XDocument.Load(nuspec);
    }

    /// <summary>
    /// Runs the dotnet CLI, with no build server left behind; fails the fixture on a non-zero exit. Everything but
    /// the packs, which read the repository's own restore, uses a NuGet cache of its own, empty at first.
    /// </summary>
    private string Run(string directory, params string[] arguments) =>
        DotnetCommand.Run(directory, arguments, start =>
        {
            if (arguments[0] != "pack")
            {
                start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-cache");
            }

            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        });
}
