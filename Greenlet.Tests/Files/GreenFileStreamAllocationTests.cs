namespace Greenlets.Tests.Files;

/// <summary>
/// A steady sequential read allocates nothing per read on the hub but the yield's frame once a MiB: cached bytes are
/// copied straight into the caller's buffer by the hub, with no hand-off. A file system without RWF_NOWAIT takes the
/// pool's path, whose hand-off (the job, its closure, the cross-thread result) costs a few hundred bytes a read.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenFileStreamAllocationTests : HubTestBase
{
    private const int Chunk = 16 << 10;
    private const int FileSize = 32 << 20;
    private const int PoolHandOffBound = 512;

    // The only allocation on the hub path: the frame of the yield that ends every MiB of reads, 64 reads of 16 KiB.
    private const double YieldFrameBound = 256.0 / ((1 << 20) / Chunk);

    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("green-file-allocation-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ASequentialReadAllocatesOnlyTheYieldOnceAMebibyte()
    {
        var path = Path.Combine(_directory, "big.bin");
        File.WriteAllBytes(path, new byte[FileSize]);
        using var file = GreenFileStream.Open(path);
        var buffer = new byte[Chunk];
        Greenlet.Spawn(ReadToTheEnd, file, buffer).Get(); // the first pass: the JIT, and the page cache holds the file
        file.Seek(0);

        var (reads, allocated) = Greenlet.Spawn(ReadToTheEnd, file, buffer).Get();
        var perRead = allocated / (double)reads;

        Assert.That(reads, Is.EqualTo((FileSize / Chunk) + 1));
        Assert.That(perRead, file.ReadsOnHub ? Is.LessThan(YieldFrameBound) : Is.LessThan(PoolHandOffBound), $"bytes per read; hub reads: {file.ReadsOnHub}");
    }

    /// <summary>Reads to the end; returns how many reads it took and the bytes this thread allocated meanwhile.</summary>
    [Greenlet]
    private static (int Reads, long Allocated) ReadToTheEnd(GreenFileStream file, byte[] buffer)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var reads = 0;
        int read;
        do
        {
            read = file.Read(buffer, 0, buffer.Length);
            reads++;
        }
        while (read > 0);

        return (reads, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
