namespace Greenlets.Tests.Subprocess;

/// <summary>GreenFile: whole-file reads and writes on the thread pool, with the hub running meanwhile.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenFileTests : HubTestBase
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("green-file-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void WritesAndReadsBackBytesTextAndLines()
    {
        var path = Path.Combine(_directory, "a.txt");
        GreenFile.WriteAllText(path, "one\ntwo\nthré\n");
        Assert.That(GreenFile.ReadAllText(path), Is.EqualTo("one\ntwo\nthré\n"));
        Assert.That(GreenFile.ReadAllLines(path), Is.EqualTo(new[] { "one", "two", "thré" }));
        GreenFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.That(GreenFile.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.Throws<FileNotFoundException>(() => GreenFile.ReadAllBytes(Path.Combine(_directory, "missing")));
    }

    [Test]
    public void AGreenletKeepsRunningDuringABigRead()
    {
        var path = Path.Combine(_directory, "big.bin");
        File.WriteAllBytes(path, new byte[64 << 20]);
        var ticker = Greenlet.Spawn(Tick);
        var data = GreenFile.ReadAllBytes(path);
        var ticksDuringRead = Log.Count;
        ticker.Kill();
        Assert.That((data.Length, ticksDuringRead > 0), Is.EqualTo((64 << 20, true)), "the ticker ran while the file was read");
    }

    [Greenlet]
    private void Tick()
    {
        while (true)
        {
            Log.Add("tick");
            Greenlet.Sleep(0);
        }
    }
}
