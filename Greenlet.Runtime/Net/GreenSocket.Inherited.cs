using System.Globalization;
using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    /// <summary>The first descriptor systemd (and a prefork parent) passes: 0, 1 and 2 are the standard streams.</summary>
    public const int FirstInheritedDescriptor = 3;

    /// <summary>Wraps a socket descriptor this process was given (by a parent, or systemd), for a known family and type.</summary>
    private GreenSocket(int fd, int family, AddressFamily addressFamily, SocketType type)
    {
        _fd = fd;
        _family = family;
        AddressFamily = addressFamily;
        SocketType = type;
        _timeout = DefaultTimeout.InSeconds();
    }

    /// <summary>
    /// Takes over a socket descriptor this process inherited or was handed (a parent's listening socket, systemd's
    /// socket activation): the family and type are read from the socket, the descriptor is made non-blocking and
    /// close-on-exec, and the green socket owns it from now on (closing it closes the descriptor).
    /// </summary>
    /// <param name="fd">The descriptor: an IPv4 or IPv6 TCP or UDP socket.</param>
    /// <returns>The socket.</returns>
    /// <exception cref="SocketException">The descriptor is not a socket, or not open.</exception>
    /// <exception cref="NotSupportedException">A socket of another family (a Unix socket) or type.</exception>
    /// <remarks>gevent: <c>socket.socket(fileno=fd)</c> (or <c>socket.fromfd</c>, which duplicates it first).</remarks>
    public static GreenSocket FromFileDescriptor(int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        var family = ReadIntOption(fd, SocketNative.SO_DOMAIN, "SO_DOMAIN");
        var type = ReadIntOption(fd, SocketNative.SO_TYPE, "SO_TYPE");
        var addressFamily = family switch
        {
            SocketNative.AF_INET => AddressFamily.InterNetwork,
            SocketNative.AF_INET6 => AddressFamily.InterNetworkV6,
            _ => throw new NotSupportedException($"Descriptor {fd} is a socket of family {family}; green sockets are IPv4 or IPv6."),
        };
        var socketType = type switch
        {
            SocketNative.SOCK_STREAM => SocketType.Stream,
            SocketNative.SOCK_DGRAM => SocketType.Dgram,
            _ => throw new NotSupportedException($"Descriptor {fd} is a socket of type {type}; green sockets are TCP or UDP."),
        };

        // The reactor needs a non-blocking descriptor, and a child this process starts must not inherit it unasked.
        if (!ProcessNative.SetNonBlocking(fd, true) || ProcessNative.fcntl(fd, ProcessNative.F_SETFD, ProcessNative.FD_CLOEXEC) != 0)
        {
            throw SocketErrors.Last($"fcntl on descriptor {fd}");
        }

        return new GreenSocket(fd, family, addressFamily, socketType);
    }

    /// <summary>
    /// The sockets systemd passed this process by socket activation (<c>sd_listen_fds</c>): when <c>LISTEN_PID</c> is
    /// this process's id, the <c>LISTEN_FDS</c> descriptors from 3 on, in the order the socket unit lists them; none
    /// otherwise. The variables are removed from the environment, as <c>sd_listen_fds(1)</c> does, so that a child does
    /// not take the sockets for its own. Give one to <c>new HttpServer(listener, handler)</c> or a
    /// <see cref="StreamServer"/>.
    /// </summary>
    /// <returns>The passed sockets; empty when the process was not socket-activated.</returns>
    /// <exception cref="FormatException"><c>LISTEN_FDS</c> or <c>LISTEN_PID</c> is not a number.</exception>
    /// <remarks>gevent: none; gunicorn reads the same variables (<c>gunicorn.systemd.listen_fds</c>).</remarks>
    public static IReadOnlyList<GreenSocket> FromSystemd()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        if (pid is null || count is null || int.Parse(pid, CultureInfo.InvariantCulture) != Environment.ProcessId)
        {
            return [];
        }

        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        var sockets = new GreenSocket[int.Parse(count, CultureInfo.InvariantCulture)];
        for (var index = 0; index < sockets.Length; index++)
        {
            sockets[index] = FromFileDescriptor(FirstInheritedDescriptor + index);
        }

        return sockets;
    }

    /// <summary>A second descriptor for the same socket (dup), close-on-exec, for another hub's reactor to wait on.</summary>
    internal GreenSocket Duplicate()
    {
        var fd = ProcessNative.fcntl(LiveFd(), ProcessNative.F_DUPFD_CLOEXEC, FirstInheritedDescriptor);
        return fd < 0 ? throw SocketErrors.Last("dup") : new GreenSocket(fd, _family, AddressFamily, SocketType);
    }

    private static unsafe int ReadIntOption(int fd, int name, string what)
    {
        int value;
        var length = sizeof(int);
        if (SocketNative.GetSockOpt(fd, SocketNative.SOL_SOCKET, name, (byte*)&value, &length) != 0)
        {
            throw SocketErrors.Last($"getsockopt({what}) on descriptor {fd}");
        }

        return value;
    }
}
