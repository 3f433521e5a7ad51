using Greenlets.Tests.Reactor;

namespace Greenlets.Tests.Subprocess;

/// <summary>GreenOs: reads and writes on a pipe and an eventfd that wait on the reactor, on the virtual clock.</summary>
[TestFixture]
[Category(TestCategories.Unit)]
public sealed partial class GreenOsTests : HubTestBase
{
    [Test]
    public void ReadWaitsForAWriterOnAPipe()
    {
        using var pipe = new Pipe();
        Greenlet.Spawn(WriteAfter, pipe.WriteFd, 1.0, "abc"u8.ToArray());
        var buffer = new byte[16];
        var n = GreenOs.Read(pipe.ReadFd, buffer);
        Assert.That((n, System.Text.Encoding.ASCII.GetString(buffer, 0, n), Now), Is.EqualTo((3, "abc", 1.0)));
    }

    [Test]
    public void ReadTimesOutOnAnEmptyPipe()
    {
        using var pipe = new Pipe();
        Assert.Throws<TimeoutException>(() => GreenOs.Read(pipe.ReadFd, new byte[1], timeout: 2));
        Assert.That(Now, Is.EqualTo(2.0));
    }

    [Test]
    public void WriteWaitsWhileThePipeIsFull()
    {
        using var pipe = new Pipe();
        var payload = new byte[1 << 20];
        var writer = Greenlet.Spawn(WriteAll, pipe.WriteFd, payload);
        Greenlet.Sleep(1);
        Assert.That(writer.IsReady, Is.False, "a megabyte does not fit in a pipe");
        var buffer = new byte[65536];
        var total = 0;
        while (total < payload.Length)
        {
            total += GreenOs.Read(pipe.ReadFd, buffer);
        }

        writer.Join();
        Assert.That((total, writer.Value), Is.EqualTo((payload.Length, 1.0)));
    }

    [Test]
    public unsafe void EventFdCounterThroughReadAndWrite()
    {
        var fd = Libc.eventfd(0, Libc.EFD_CLOEXEC);
        try
        {
            Assert.That(GreenOs.MakeNonBlocking(fd), Is.True);
            Assert.That(GreenOs.MakeNonBlocking(fd), Is.False, "already non-blocking");
            Greenlet.Spawn(WriteAfter, fd, 0.5, BitConverter.GetBytes(5UL));
            var counter = new byte[8];
            Assert.That(GreenOs.Read(fd, counter), Is.EqualTo(8));
            Assert.That((BitConverter.ToUInt64(counter), Now), Is.EqualTo((5UL, 0.5)));
            Assert.Throws<TimeoutException>(() => GreenOs.Read(fd, counter, timeout: 1));
        }
        finally
        {
            Greenlets.LowLevel.HubLoop.CancelWaits(fd);
            Libc.close(fd);
        }
    }

    [Greenlet]
    private static void WriteAfter(int fd, double seconds, byte[] data)
    {
        Greenlet.Sleep(seconds);
        GreenOs.Write(fd, data);
    }

    [Greenlet]
    private double WriteAll(int fd, byte[] data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            offset += GreenOs.Write(fd, data.AsMemory(offset));
        }

        return Now;
    }
}
