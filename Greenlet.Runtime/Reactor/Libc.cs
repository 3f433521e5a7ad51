using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>The few libc calls the reactor makes, through source-generated P/Invoke. Errors come back as errno.</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EBADF = 9;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLPRI = 0x002;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    public const short POLLIN = 0x001;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    /// <summary><paramref name="ev"/> points at one <c>struct epoll_event</c> laid out as <see cref="EpollLayout"/> says.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library)]
    public static partial nint pthread_self();

    /// <summary><paramref name="attr"/> points at room for a <c>pthread_attr_t</c> (56 bytes on x86-64, 64 on arm64).</summary>
    [LibraryImport(Library)]
    public static partial int pthread_getattr_np(nint thread, byte* attr);

    [LibraryImport(Library)]
    public static partial int pthread_attr_getstack(byte* attr, nint* stackAddress, nuint* stackSize);

    [LibraryImport(Library)]
    public static partial int pthread_attr_destroy(byte* attr);

    public static int LastError => Marshal.GetLastPInvokeError();

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}

/// <summary>
/// Where the fields of <c>struct epoll_event</c> sit: x86-64 packs it to 12 bytes, other 64-bit ABIs align its
/// 64-bit data field to 8 (16 bytes).
/// </summary>
internal static class EpollLayout
{
    public static readonly int Size = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    public static readonly int DataOffset = Size == 12 ? 4 : 8;
}
