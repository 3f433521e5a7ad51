namespace Greenlets.Tests.Reactor;

/// <summary>A non-blocking pipe for reactor tests; closes whichever ends are still open.</summary>
internal sealed unsafe class Pipe : IDisposable
{
    public Pipe()
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2 failed: errno {Libc.LastError}");
        }

        ReadFd = fds[0];
        WriteFd = fds[1];
    }

    public int ReadFd { get; private set; }

    public int WriteFd { get; private set; }

    public void Write(byte value) => Libc.write(WriteFd, &value, 1);

    /// <summary>Reads one byte; -1 when none is there (EAGAIN), -2 at end of stream.</summary>
    public int Read()
    {
        byte value;
        var n = Libc.read(ReadFd, &value, 1);
        return n == 1 ? value : n == 0 ? -2 : -1;
    }

    public void CloseWriter()
    {
        if (WriteFd >= 0)
        {
            Libc.close(WriteFd);
            WriteFd = -1;
        }
    }

    public void CloseReader()
    {
        if (ReadFd >= 0)
        {
            Libc.close(ReadFd);
            ReadFd = -1;
        }
    }

    public void Dispose()
    {
        CloseReader();
        CloseWriter();
    }
}
