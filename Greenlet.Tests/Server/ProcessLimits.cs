using System.Runtime.InteropServices;

namespace Greenlets.Tests.Server;

/// <summary>The process's open-descriptor limit (RLIMIT_NOFILE) and count, for the reliability tests.</summary>
internal static unsafe partial class ProcessLimits
{
    private const int RLIMIT_NOFILE = 7;

    public static int OpenDescriptors => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>
    /// The process's open sockets, as their <c>socket:[inode]</c> link targets. A leak check compares two of these
    /// sets rather than two counts, so a descriptor some other part of the process closes meanwhile (a finalizer, an
    /// earlier fixture's child process) cannot hide a leak or fail the check.
    /// </summary>
    public static HashSet<string> OpenSockets()
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.GetFiles("/proc/self/fd"))
        {
            var target = new FileInfo(descriptor).LinkTarget;
            if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
            {
                sockets.Add(target);
            }
        }

        return sockets;
    }

    public static (ulong Soft, ulong Hard) DescriptorLimit
    {
        get
        {
            var limit = default(RLimit);
            if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
            {
                throw new IOException($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}.");
            }

            return (limit.Current, limit.Maximum);
        }
    }

    /// <summary>Sets the soft limit; returns a scope that puts the previous one back.</summary>
    public static IDisposable LimitDescriptors(ulong soft)
    {
        var previous = DescriptorLimit;
        Set(soft, previous.Hard);
        return new Restore(previous.Soft, previous.Hard);
    }

    private static void Set(ulong soft, ulong hard)
    {
        var limit = new RLimit { Current = soft, Maximum = hard };
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        {
            throw new IOException($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, RLimit* limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, RLimit* limit);

    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    private sealed class Restore(ulong soft, ulong hard) : IDisposable
    {
        public void Dispose() => Set(soft, hard);
    }
}
