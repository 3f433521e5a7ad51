using System.Text;
using Greenlets.Tests.Http;

namespace Greenlets.Tests.Subprocess;

/// <summary>GreenFileStream (gevent's FileObjectThread): reads, lines and writes on the thread pool, the hub running meanwhile.</summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenFileStreamTests : HubTestBase
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("green-file-stream-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Greenlet.Tests/Subprocess/Gevent/fileobject_lines.py: the same file, the same calls, gevent's output.</summary>
    [Test]
    public void LinesAndTheRestMatchGeventsFileObjectThread()
    {
        var path = Path.Combine(_directory, "lines.txt");
        using (var writer = GreenFileStream.Open(path, FileMode.Create, FileAccess.Write))
        {
            writer.Write([.. Encoding.UTF8.GetBytes("one\r\ntwo\n\nthré\n"), .. new byte[200000].Select(_ => (byte)'x'), .. "\nlast line, no newline"u8.ToArray()]);
        }

        var output = new StringBuilder();
        using (var file = GreenFileStream.Open(path))
        {
            for (var i = 0; i < 4; i++)
            {
                output.Append($"'{file.ReadLine()}'\n");
            }

            output.Append($"{file.ReadLine()!.Length}\n");
            output.Append($"'{file.ReadToEnd()}'\n");
            output.Append($"'{file.ReadLine() ?? ""}'\n"); // null at the end, where Python's readline returns b''
        }

        var expected = File.ReadAllText(Path.Combine(HostileCorpus.RepositoryRoot(), "Greenlet.Tests", "Subprocess", "Gevent", "fileobject_lines.out"));
        Assert.That(output.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void ReadAfterReadLineStartsWhereTheLineEnded()
    {
        var path = Path.Combine(_directory, "mixed.txt");
        File.WriteAllText(path, "head\nbody");
        using var file = GreenFileStream.Open(path);
        var buffer = new byte[16];

        Assert.That(file.ReadLine(), Is.EqualTo("head"));
        var read = file.Read(buffer, 0, buffer.Length);
        Assert.That(Encoding.UTF8.GetString(buffer, 0, read), Is.EqualTo("body"));
        Assert.That(file.Read(buffer, 0, buffer.Length), Is.Zero);
    }

    [Test]
    public void ATickerKeepsTickingDuringABigRead()
    {
        var path = Path.Combine(_directory, "big.bin");
        File.WriteAllBytes(path, new byte[64 << 20]);
        var ticker = Greenlet.Spawn(Tick);
        var total = 0L;
        var ticksDuringRead = 0;
        using (var file = GreenFileStream.Open(path))
        {
            var buffer = new byte[64 << 20]; // one call: the whole read happens on a pool thread while the hub runs
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }

            ticksDuringRead = Log.Count;
        }

        ticker.Kill();
        Assert.That((total, ticksDuringRead > 0), Is.EqualTo((64L << 20, true)), "the ticker ran while the file was read");
    }

    [Test]
    public void AMissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => GreenFileStream.Open(Path.Combine(_directory, "missing")));

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
