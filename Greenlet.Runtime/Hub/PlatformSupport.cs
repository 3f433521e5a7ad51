using System.Runtime.InteropServices;
using System.Runtime.Versioning;

// Every part of the runtime reaches a hub, and a hub needs Linux (below).
[assembly: SupportedOSPlatform("linux")]

namespace Greenlets;

/// <summary>
/// What the hub needs of the operating system, checked once as each hub is created: Linux, whose epoll the reactor
/// waits on, whose eventfd wakes the hub from other threads, and whose socket flag values (SOCK_NONBLOCK,
/// SOCK_CLOEXEC) the green sockets pass to the kernel.
/// </summary>
internal static class PlatformSupport
{
    public static void ThrowIfUnsupported()
    {
        // OSDescription reads /etc/os-release: only a failing check pays for it, not every program's start.
        if (!OperatingSystem.IsLinux() && Check(isLinux: false, RuntimeInformation.OSDescription) is { } unsupported)
        {
            throw unsupported;
        }
    }

    /// <summary>The exception a hub created on <paramref name="osDescription"/> raises, or null on Linux.</summary>
    internal static PlatformNotSupportedException? Check(bool isLinux, string osDescription) => isLinux
        ? null
        : new PlatformNotSupportedException(
            $"Greenlet's hub runs on Linux only, and this is {osDescription}. It needs epoll (its reactor), eventfd (the doorbell " +
            "other threads ring) and Linux's socket flags (SOCK_NONBLOCK, SOCK_CLOEXEC), which this system does not have.");
}
