using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Greenlets;

/// <summary>
/// The one system call that lets the hub read a regular file itself: <c>preadv2</c> with <c>RWF_NOWAIT</c> copies what
/// the page cache already holds and returns <c>EAGAIN</c> rather than wait for the disk or a lock, so it never stalls
/// the hub longer than the copy. Anything else (a cold page, a file system without it) is the thread pool's job.
/// </summary>
internal static unsafe partial class FileNative
{
    /// <summary>Nothing was cached at the offset: the read would wait for the disk.</summary>
    public const int WouldBlock = -1;

    /// <summary>This file (its file system, or this kernel) cannot read without waiting: do not ask again.</summary>
    public const int Unsupported = -2;

    /// <summary>Some other error: the pool's read raises it as .NET's <see cref="IOException"/> would.</summary>
    public const int Failed = -3;

    private const string Library = "libc";
    private const int RwfNowait = 0x8;
    private const int SeekCurrent = 1;
    private const int EAgain = 11;
    private const int EInterrupted = 4;
    private const int EInvalid = 22;
    private const int ESeekOnPipe = 29;
    private const int ENoSystemCall = 38;
    private const int ENotSupported = 95;

    /// <summary>Whether this process can try reads without waiting at all (Linux; preadv2 came with glibc 2.26).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// Copies up to <paramref name="buffer"/>'s length of cached bytes at <paramref name="offset"/>: how many (0 at the
    /// end of the file, fewer than asked when only part is cached), or <see cref="WouldBlock"/>,
    /// <see cref="Unsupported"/> or <see cref="Failed"/>.
    /// </summary>
    public static int TryReadCached(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        fixed (byte* start = buffer)
        {
            var vector = new IoVector { Base = start, Length = (nuint)buffer.Length };
            while (true)
            {
                var read = PReadV2(handle, &vector, 1, offset, RwfNowait);
                if (read >= 0)
                {
                    return (int)read;
                }

                switch (Marshal.GetLastPInvokeError())
                {
                    case EInterrupted:
                        continue;
                    case EAgain:
                        return WouldBlock;
                    case ENotSupported or EInvalid or ESeekOnPipe or ENoSystemCall:
                        return Unsupported;
                    default:
                        return Failed;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="handle"/> has a position to read at (a regular file, not a pipe or a tty).</summary>
    public static bool IsSeekable(SafeFileHandle handle) => !OperatingSystem.IsLinux() || LSeek(handle, 0, SeekCurrent) >= 0;

    [LibraryImport(Library, EntryPoint = "preadv2", SetLastError = true)]
    private static partial nint PReadV2(SafeFileHandle fd, IoVector* vectors, int count, long offset, int flags);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(SafeFileHandle fd, long offset, int whence);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }
}
