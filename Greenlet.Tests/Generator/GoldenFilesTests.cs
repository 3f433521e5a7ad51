namespace Greenlets.Tests.Generator;

/// <summary>The golden-file helper itself: it must notice every kind of difference, and accepting must fix them.</summary>
[Category(TestCategories.Generator)]
public sealed class GoldenFilesTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "greenlet-golden-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void MissingGoldenFilesAreReportedThenAccepted()
    {
        var generated = new Dictionary<string, string> { ["A.g.cs"] = "class A { }\n" };
        Assert.That(GoldenFiles.Compare(_folder, "Case", generated, accept: false), Does.Contain("new generated file Case/A.g.cs"));
        Assert.That(Directory.Exists(_folder), Is.False, "nothing is written without accepting");

        Assert.That(GoldenFiles.Compare(_folder, "Case", generated, accept: true), Is.Not.Empty);
        Assert.That(File.ReadAllText(Path.Combine(_folder, "A.g.cs")), Is.EqualTo("class A { }\n"));
        Assert.That(GoldenFiles.Compare(_folder, "Case", generated, accept: false), Is.Empty);
    }

    [Test]
    public void AChangedLineIsShownAsADiff()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "A.g.cs"), "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n");
        var problems = GoldenFiles.Compare(_folder, "Case", new Dictionary<string, string> { ["A.g.cs"] = "one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\n" }, accept: false);
        Assert.That(problems, Does.Contain("--- golden Case/A.g.cs"));
        Assert.That(problems, Does.Contain("@@ -2 +2 @@\n two\n three\n four\n-five\n+FIVE\n six\n seven\n eight\n"));
        Assert.That(problems, Does.Not.Contain(" one"), "only three lines of context");
    }

    [Test]
    public void StaleGoldenFilesAreReportedThenRemoved()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "Old.g.cs"), "class Old { }\n");
        var generated = new Dictionary<string, string> { ["New.g.cs"] = "class New { }\n" };
        Assert.That(GoldenFiles.Compare(_folder, "Case", generated, accept: false), Does.Contain("Case/Old.g.cs is no longer generated"));

        GoldenFiles.Compare(_folder, "Case", generated, accept: true);
        Assert.That(Directory.GetFiles(_folder).Select(Path.GetFileName), Is.EqualTo(new[] { "New.g.cs" }));
    }

    [Test]
    public void LineEndingsAndByteOrderMarksDoNotCount()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "A.g.cs"), "\uFEFFclass A\r\n{\r\n}\r\n");
        Assert.That(GoldenFiles.Compare(_folder, "Case", new Dictionary<string, string> { ["A.g.cs"] = "class A\n{\n}\n" }, accept: false), Is.Empty);
    }

    [Test]
    public void GoldenFilesLiveInTheSourceTree()
    {
        Assert.That(File.Exists(Path.Combine(GoldenFiles.Root, "..", "GoldenFiles.cs")), Is.True, GoldenFiles.Root);
        var absolute = Directory.GetFiles(GoldenFiles.Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains(Path.GetDirectoryName(GoldenFiles.Root)!, StringComparison.Ordinal));
        Assert.That(absolute, Is.Empty, "golden files hold no path of this machine");

        var lineDirectives = Directory.GetFiles(GoldenFiles.Root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith("#line ", StringComparison.Ordinal) && l != "#line default")
            .ToList();
        Assert.That(lineDirectives, Is.Not.Empty);
        Assert.That(lineDirectives, Has.All.Match(@"^#line \d+ ""/src/Workers\.cs""$"), "every twin maps to the test's fixed path");
    }
}
