using System.Net.Sockets;

namespace Greenlets;

public sealed partial class GreenSocket
{
    /// <summary>Lets a listener bind to an address that connections in TIME_WAIT still use (SO_REUSEADDR).</summary>
    /// <remarks>gevent: <c>socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)</c>.</remarks>
    public bool ReuseAddress
    {
        get => GetOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEADDR) != 0;
        set => SetOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEADDR, value ? 1 : 0);
    }

    /// <summary>Lets several sockets (one per hub) listen on the same port, the kernel spreading connections (SO_REUSEPORT).</summary>
    /// <remarks>gevent: <c>socket.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)</c>.</remarks>
    public bool ReusePort
    {
        get => GetOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEPORT) != 0;
        set => SetOption(SocketNative.SOL_SOCKET, SocketNative.SO_REUSEPORT, value ? 1 : 0);
    }

    /// <summary>Sends small TCP segments at once instead of coalescing them (TCP_NODELAY).</summary>
    /// <remarks>gevent: <c>socket.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)</c>.</remarks>
    public bool NoDelay
    {
        get => GetOption(SocketNative.IPPROTO_TCP, SocketNative.TCP_NODELAY) != 0;
        set => SetOption(SocketNative.IPPROTO_TCP, SocketNative.TCP_NODELAY, value ? 1 : 0);
    }

    /// <summary>
    /// Sets an integer socket option named the .NET way, for example
    /// <c>SetOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, 1)</c>.
    /// </summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">Its value (1 or 0 for flags).</param>
    /// <exception cref="ArgumentException">An option green sockets do not map; use the numeric overload.</exception>
    /// <remarks>gevent: <c>socket.setsockopt(level, optname, value)</c>.</remarks>
    public void SetOption(SocketOptionLevel level, SocketOptionName name, int value)
    {
        var (nativeLevel, nativeName) = ToNative(level, name);
        SetOption(nativeLevel, nativeName, value);
    }

    /// <summary>Reads an integer socket option named the .NET way.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <returns>Its value.</returns>
    /// <remarks>gevent: <c>socket.getsockopt(level, optname)</c>.</remarks>
    public int GetOption(SocketOptionLevel level, SocketOptionName name)
    {
        var (nativeLevel, nativeName) = ToNative(level, name);
        return GetOption(nativeLevel, nativeName);
    }

    /// <summary>Sets an integer socket option by its numeric level and name, as setsockopt(2) takes them.</summary>
    /// <param name="level">The level, such as 1 for SOL_SOCKET on Linux.</param>
    /// <param name="name">The option number.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="SocketException">The system refused the option.</exception>
    /// <remarks>gevent: <c>socket.setsockopt(level, optname, value)</c>.</remarks>
    public unsafe void SetOption(int level, int name, int value)
    {
        if (_simulated is { } simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            simulated.SetOption(level, name, value); // kept, and read back, but nothing in the simulation acts on it
            return;
        }

        if (SocketNative.SetSockOpt(LiveFd(), level, name, (byte*)&value, sizeof(int)) != 0)
        {
            throw SocketErrors.Last($"setsockopt({level}, {name})");
        }
    }

    /// <summary>Reads an integer socket option by its numeric level and name.</summary>
    /// <param name="level">The level.</param>
    /// <param name="name">The option number.</param>
    /// <returns>Its value.</returns>
    /// <remarks>gevent: <c>socket.getsockopt(level, optname)</c>.</remarks>
    public unsafe int GetOption(int level, int name)
    {
        if (_simulated is { } simulated)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            return simulated.GetOption(level, name);
        }

        int value;
        var length = sizeof(int);
        if (SocketNative.GetSockOpt(LiveFd(), level, name, (byte*)&value, &length) != 0)
        {
            throw SocketErrors.Last($"getsockopt({level}, {name})");
        }

        return value;
    }

    private static (int Level, int Name) ToNative(SocketOptionLevel level, SocketOptionName name) => (level, name) switch
    {
        (SocketOptionLevel.Socket, SocketOptionName.ReuseAddress) => (SocketNative.SOL_SOCKET, SocketNative.SO_REUSEADDR),
        (SocketOptionLevel.Socket, SocketOptionName.KeepAlive) => (SocketNative.SOL_SOCKET, SocketNative.SO_KEEPALIVE),
        (SocketOptionLevel.Socket, SocketOptionName.Broadcast) => (SocketNative.SOL_SOCKET, SocketNative.SO_BROADCAST),
        (SocketOptionLevel.Socket, SocketOptionName.SendBuffer) => (SocketNative.SOL_SOCKET, SocketNative.SO_SNDBUF),
        (SocketOptionLevel.Socket, SocketOptionName.ReceiveBuffer) => (SocketNative.SOL_SOCKET, SocketNative.SO_RCVBUF),
        (SocketOptionLevel.Socket, SocketOptionName.Error) => (SocketNative.SOL_SOCKET, SocketNative.SO_ERROR),
        (SocketOptionLevel.Socket, SocketOptionName.Type) => (SocketNative.SOL_SOCKET, SocketNative.SO_TYPE),
        (SocketOptionLevel.Tcp, SocketOptionName.NoDelay) => (SocketNative.IPPROTO_TCP, SocketNative.TCP_NODELAY),
        (SocketOptionLevel.IPv6, SocketOptionName.IPv6Only) => (SocketNative.IPPROTO_IPV6, SocketNative.IPV6_V6ONLY),
        _ => throw new ArgumentException($"{level}/{name} is not mapped; pass the numeric level and name instead.", nameof(name)),
    };
}
