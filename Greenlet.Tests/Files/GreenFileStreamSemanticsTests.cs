using System.Text;
using Greenlets.LowLevel;
using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.Files;

/// <summary>
/// GreenFileStream's reads from the page cache on the hub and its jobs on the real thread pool: the bytes, the position
/// and the order stay what one thread reading the file would see, also across seeks, writes, timeouts, kills and close.
/// Each behaviour runs on both paths (the hub's reads on, and off as on a file system without RWF_NOWAIT).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(TestCategories.Peer)]
public sealed partial class GreenFileStreamSemanticsTests : HubTestBase
{
    private const int Chunk = 64 << 10;
    private static readonly TimeSpan s_jobStartLimit = TimeSpan.FromSeconds(30);
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("green-file-semantics-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(true)]
    [TestCase(false)]
    public void ReadsOfEverySizeGetTheFileInOrderWithThePositionAfterEach(bool hubReads)
    {
        var content = Pattern((3 << 20) + 12345);
        var path = WriteFile("pattern.bin", content);
        // 1 byte, a page, the hub's limit exactly, more than the hub's limit (a pool job that fills it), then the rest.
        int[] sizes = [1, 4096, GreenFileStream.HubReadLimit, GreenFileStream.HubReadLimit + 1, 1 << 22];
        var read = new List<byte>();
        var positions = new List<long>();
        using (var file = Open(path, hubReads))
        {
            foreach (var size in sizes)
            {
                var buffer = new byte[size];
                var filled = 0;
                int n;
                while (filled < size && (n = file.Read(buffer, filled, size - filled)) > 0)
                {
                    filled += n;
                }

                read.AddRange(buffer.AsSpan(0, filled).ToArray());
                positions.Add(file.Position);
            }

            Assert.That(file.Read(new byte[8], 0, 8), Is.Zero, "the end");
        }

        long[] expected = [1, 4097, 4097 + GreenFileStream.HubReadLimit, 4098 + (2L * GreenFileStream.HubReadLimit), content.Length];
        Assert.That((read.SequenceEqual(content), positions), Is.EqualTo((true, expected)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void SeekDropsWhatReadLineReadAhead(bool hubReads)
    {
        var path = WriteFile("lines.txt", Encoding.UTF8.GetBytes("first\nsecond\nthird\n"));
        using var file = Open(path, hubReads);
        var seen = new List<object?> { file.ReadLine(), file.Position }; // 6: past the line, not the chunk read ahead
        seen.Add(file.Seek(0));
        seen.Add(file.ReadLine());
        seen.Add(file.Seek(-2, SeekOrigin.Current)); // from 6, not from where the read ahead got to
        seen.Add(file.ReadLine());
        seen.Add(file.ReadLine());
        seen.Add(file.Seek(-6, SeekOrigin.End));
        seen.Add(file.ReadLine());
        seen.Add(file.ReadLine());

        Assert.That(seen, Is.EqualTo(new object?[] { "first", 6L, 0L, "first", 4L, "t", "second", 13L, "third", null }));
    }

    [Test]
    public void SeekBeforeTheStartIsAnIOExceptionAndLeavesThePosition()
    {
        var path = WriteFile("short.txt", "abc"u8.ToArray());
        using var file = GreenFileStream.Open(path);
        file.Seek(2);
        Assert.Throws<IOException>(() => file.Seek(-3, SeekOrigin.Current));
        Assert.That(file.Position, Is.EqualTo(2));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AWriteAfterReadLineGoesWhereTheReaderGotTo(bool hubReads)
    {
        var path = WriteFile("rw.txt", "aaa\nbbb\nccc\n"u8.ToArray());
        using (var file = GreenFileStream.Open(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.ReadsOnHub &= hubReads;
            Assert.That(file.ReadLine(), Is.EqualTo("aaa"));
            file.Write("XXX"u8.ToArray());
            Assert.That((file.Position, file.ReadLine()), Is.EqualTo((7L, "")));
            Assert.That(file.ReadLine(), Is.EqualTo("ccc"));
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo("aaa\nXXX\nccc\n"));
    }

    [Test]
    public void AppendWritesAtTheEnd()
    {
        var path = WriteFile("log.txt", "one\n"u8.ToArray());
        using (var file = GreenFileStream.Open(path, FileMode.Append, FileAccess.Write))
        {
            Assert.That(file.Position, Is.EqualTo(4));
            file.Write("two\n"u8.ToArray());
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo("one\ntwo\n"));
    }

    /// <summary>A read from a write-only file fails at that call, on either path, as FileStream's would.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void AReadErrorSurfacesAtTheRead(bool hubReads)
    {
        var path = WriteFile("write-only.bin", Pattern(100));
        using var file = GreenFileStream.Open(path, FileMode.Open, FileAccess.Write);
        file.ReadsOnHub &= hubReads;
        Assert.Throws<UnauthorizedAccessException>(() => file.Read(new byte[10], 0, 10));
        file.Write([1, 2, 3]); // the file is still usable
        Assert.That(file.Position, Is.EqualTo(3));
    }

    [Test]
    public void ReadsAfterDisposeAreObjectDisposed()
    {
        var path = WriteFile("closed.bin", Pattern(10));
        var file = GreenFileStream.Open(path);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.Read(new byte[4], 0, 4));
    }

    /// <summary>
    /// A reader killed while its pool job runs: the job finishes into the buffer nobody reads, and the next read,
    /// which comes while the job still holds the file, gets the bytes after it rather than the same ones.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public void AReaderKilledDuringItsJobLeavesTheNextReadInOrder(bool hubReadsForTheSecond)
    {
        var content = Pattern(64);
        using var file = Open(WriteFile("kill.bin", content), hubReads: false);
        using var gate = new JobGate(file);
        var abandoned = new byte[8];
        var first = Greenlet.Spawn(ReadInto, file, abandoned);
        Greenlet.Sleep(0); // the reader queues its job and parks
        gate.WaitUntilHeld();
        first.Kill();

        file.ReadsOnHub = hubReadsForTheSecond;
        using var secondArrived = new ManualResetEventSlim();
        file.PoolJobArriving = secondArrived.Set;
        var second = Greenlet.Spawn(ReadExactly, file, 8);
        Greenlet.Sleep(0); // the second read tries the file, finds the job holding it, and queues a job behind it
        Assert.That(secondArrived.Wait(s_jobStartLimit), Is.True, "the second job reached the file while the first held it");
        gate.Release();
        var next = second.Get();

        Assert.That((first.IsDead, abandoned, next, file.Position), Is.EqualTo((true, content[..8], content[8..16], 16L)));
    }

    /// <summary>A timeout ends the wait, not the job: the position moves past what the job read, and the next read goes on from there.</summary>
    [Test]
    public void ATimedOutReadRaisesTheTimeoutAndTheNextReadGoesOnAfterIt()
    {
        var content = Pattern(64);
        using var file = Open(WriteFile("timeout.bin", content), hubReads: false);
        using var gate = new JobGate(file);
        var reader = Greenlet.Spawn(ReadWithTimeout, file, 0.5);
        Greenlet.Sleep(0);
        gate.WaitUntilHeld(); // the job runs: the timeout cannot withdraw it before it started
        var outcome = reader.Get();
        gate.Release();
        var next = ReadExactly(file, 8);

        Assert.That((outcome, next, file.Position), Is.EqualTo(("timed out", content[8..16], 16L)));
    }

    /// <summary>Closing the file while a job reads from it closes it after the job: the job's caller still gets its bytes.</summary>
    [Test]
    public void DisposeDuringAJobClosesTheFileAfterIt()
    {
        var content = Pattern(64);
        var file = Open(WriteFile("close.bin", content), hubReads: false);
        using var gate = new JobGate(file);
        var buffer = new byte[8];
        var reader = Greenlet.Spawn(ReadInto, file, buffer);
        Greenlet.Sleep(0);
        gate.WaitUntilHeld();
        file.Dispose();
        gate.Release();

        Assert.That((reader.Get(), buffer), Is.EqualTo((8, content[..8])));
        Assert.Throws<ObjectDisposedException>(() => file.Read(buffer, 0, 8));
    }

    /// <summary>
    /// Reads the hub makes from the page cache let the other greenlets run once a MiB, so a loop of them does not starve
    /// the hub; pool reads switch on every call. The ticker's turns while the reader runs count the switches.
    /// </summary>
    [Test]
    public void HubReadsLetOtherGreenletsRunOnceAMebibyte()
    {
        var size = 4 * GreenFileStream.YieldAfterBytes;
        using var file = GreenFileStream.Open(WriteFile("ticks.bin", Pattern(size)));
        var ticker = Greenlet.Spawn(Tick);
        Greenlet.Spawn(ReadAllLogged, file, Log).Join();
        ticker.Kill();

        var ticks = Log.SkipWhile(entry => entry != "start").TakeWhile(entry => entry != "end").Count(entry => entry == "tick");
        // Pool reads: the ticker runs at least once while each of them waits (more when the worker is slow).
        Assert.That(ticks, file.ReadsOnHub ? Is.EqualTo(size / GreenFileStream.YieldAfterBytes) : Is.AtLeast((size / Chunk) + 1), $"hub reads: {file.ReadsOnHub}");
    }

    /// <summary>
    /// Main reading a cached file in a loop still lets the loop look at the reactor: a greenlet waiting for a pipe
    /// wakes during the read (at main's second yield: the first one's pass finds the pipe), not after it.
    /// </summary>
    [Test]
    public void AReadLoopInMainLetsTheReactorRun()
    {
        using var pipe = new Pipe();
        using var file = GreenFileStream.Open(WriteFile("main.bin", Pattern(4 * GreenFileStream.YieldAfterBytes)));
        Greenlet.Spawn(WaitForPipe, pipe.ReadFd);
        Greenlet.Sleep(0); // it registers the pipe with the reactor and parks
        pipe.Write(1);

        var buffer = new byte[Chunk];
        var reads = 0;
        var wokenAtRead = -1;
        while (file.Read(buffer, 0, Chunk) > 0)
        {
            reads++;
            if (wokenAtRead < 0 && Log.Contains("readable"))
            {
                wokenAtRead = reads;
            }
        }

        // Pool reads: main waits on the doorbell at the first read, and the waiter runs at that wait or the next.
        Assert.That(wokenAtRead, file.ReadsOnHub ? Is.EqualTo(2 * GreenFileStream.YieldAfterBytes / Chunk) : Is.InRange(1, 2), $"hub reads: {file.ReadsOnHub}");
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (i >> 8));
        }

        return bytes;
    }

    private static GreenFileStream Open(string path, bool hubReads)
    {
        var file = GreenFileStream.Open(path);
        file.ReadsOnHub &= hubReads;
        return file;
    }

    [Greenlet]
    private static int ReadInto(GreenFileStream file, byte[] buffer) => file.Read(buffer, 0, buffer.Length);

    [Greenlet]
    private static string ReadWithTimeout(GreenFileStream file, double seconds)
    {
        try
        {
            using (GreenTimeout.StartNew(seconds))
            {
                return $"read {file.Read(new byte[8], 0, 8)}";
            }
        }
        catch (GreenTimeout)
        {
            return "timed out";
        }
    }

    [Greenlet]
    private static byte[] ReadExactly(GreenFileStream file, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        int read;
        while (filled < count && (read = file.Read(buffer, filled, count - filled)) > 0)
        {
            filled += read;
        }

        return buffer[..filled];
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Greenlet]
    private static void ReadAllLogged(GreenFileStream file, List<string> log)
    {
        var buffer = new byte[Chunk];
        log.Add("start");
        while (file.Read(buffer, 0, Chunk) > 0)
        {
        }

        log.Add("end");
    }

    [Greenlet]
    private void WaitForPipe(int fd)
    {
        HubLoop.WaitReadable(fd);
        Log.Add("readable");
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

    /// <summary>Holds the file's next pool job on its worker until released, with the file's calls queued behind it.</summary>
    private sealed class JobGate : IDisposable
    {
        private readonly ManualResetEventSlim _held = new();
        private readonly ManualResetEventSlim _release = new();

        public JobGate(GreenFileStream file) => file.PoolJobStarting = () =>
        {
            file.PoolJobStarting = null;
            _held.Set();
            _release.Wait(s_jobStartLimit);
        };

        public void WaitUntilHeld() => Assert.That(_held.Wait(s_jobStartLimit), Is.True, "the job started on a worker");

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _held.Dispose();
            _release.Dispose();
        }
    }
}
