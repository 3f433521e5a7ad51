using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// The libc calls behind <see cref="GreenProcess"/> and <see cref="GreenOs"/>: pipes, posix_spawn, pidfd and waitid.
/// Errors come back as errno. The layouts are glibc's on 64-bit Linux.
/// </summary>
internal static unsafe partial class ProcessNative
{
    private const string Library = "libc";

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;

    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_SETFD = 2;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int FD_CLOEXEC = 1;

    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    public const int P_PID = 1;
    public const int P_PIDFD = 3;
    public const int WNOHANG = 1;
    public const int WEXITED = 4;
    public const int CLD_EXITED = 1;

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Generous sizes for glibc's opaque spawn structures (80 and 336 bytes on x86-64 and arm64).</summary>
    public const int FileActionsSize = 256;
    public const int SpawnAttrSize = 512;
    public const int SigSetSize = 128;
    public const int SigInfoSize = 128;

    private const long SYS_pidfd_send_signal = 424;
    private const long SYS_pidfd_open = 434;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitid(int idtype, int id, byte* info, int options);

    [LibraryImport(Library, SetLastError = true)]
    private static partial long syscall(long number, long a, long b, long c, long d);

    public static int PidfdOpen(int pid) => (int)syscall(SYS_pidfd_open, pid, 0, 0, 0);

    public static int PidfdSendSignal(int pidfd, int signal) => (int)syscall(SYS_pidfd_send_signal, pidfd, signal, 0, 0);

    [LibraryImport(Library)]
    public static partial int posix_spawnp(int* pid, byte* file, byte* fileActions, byte* attr, byte** argv, byte** envp);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_init(byte* fileActions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_destroy(byte* fileActions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_adddup2(byte* fileActions, int fd, int newFd);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addchdir_np(byte* fileActions, byte* path);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_init(byte* attr);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_destroy(byte* attr);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setflags(byte* attr, short flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigmask(byte* attr, byte* sigset);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigdefault(byte* attr, byte* sigset);

    [LibraryImport(Library)]
    public static partial int sigemptyset(byte* sigset);

    [LibraryImport(Library)]
    public static partial int sigfillset(byte* sigset);

    [LibraryImport(Library)]
    private static partial byte* strerror(int errno);

    /// <summary>The C library's text for <paramref name="errno"/>, as Python's <c>OSError</c> shows it.</summary>
    public static string Describe(int errno) => Marshal.PtrToStringUTF8((nint)strerror(errno)) ?? $"errno {errno}";

    /// <summary>Sets or clears O_NONBLOCK on <paramref name="fd"/>; false with errno set.</summary>
    public static bool SetNonBlocking(int fd, bool nonBlocking)
    {
        var flags = fcntl(fd, F_GETFL, 0);
        if (flags < 0)
        {
            return false;
        }

        var wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        return wanted == flags || fcntl(fd, F_SETFL, wanted) == 0;
    }

    /// <summary>One read(2): the byte count (0 at the end), or -1 when it would block.</summary>
    /// <exception cref="IOException">Another error; its HResult is the errno.</exception>
    public static int ReadAvailable(int fd, Span<byte> buffer, string name)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = read(fd, p, (nuint)buffer.Length);
            }

            if (n >= 0 || Retry("read from", name))
            {
                return (int)n;
            }
        }
    }

    /// <summary>One write(2): the byte count taken, or -1 when it would block.</summary>
    /// <exception cref="IOException">Another error (EPIPE: the reader is gone); its HResult is the errno.</exception>
    public static int WriteAvailable(int fd, ReadOnlySpan<byte> data, string name)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = data)
            {
                n = write(fd, p, (nuint)data.Length);
            }

            if (n >= 0 || Retry("write to", name))
            {
                return (int)n;
            }
        }
    }

    /// <summary>After a failed call: true for EAGAIN (report -1), false for EINTR (call again); throws otherwise.</summary>
    private static bool Retry(string verb, string name)
    {
        var errno = Errno;
        return errno switch
        {
            EAGAIN => true,
            EINTR => false,
            _ => throw new IOException($"{verb} {name} failed: {Describe(errno)}", errno),
        };
    }
}
