using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Name resolution that never blocks the hub: the system resolver runs on <see cref="GreenThreadPool.Default"/>
/// while the asking greenlet waits cooperatively. Numeric addresses (IPv4, IPv6) are answered at once, without a thread.
/// </summary>
/// <remarks>gevent: <c>gevent.socket.getaddrinfo</c> and <c>gethostbyname</c> through the hub's thread-pool resolver.</remarks>
public static class GreenDns
{
    /// <summary>Resolves <paramref name="host"/> to its addresses, waiting cooperatively for the resolver.</summary>
    /// <param name="host">A host name, or a numeric IPv4 or IPv6 address.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as the resolver takes.</param>
    /// <returns>The addresses, in the resolver's order.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    /// <exception cref="GreenTimeout">The resolver did not answer in time.</exception>
    /// <remarks>gevent: <c>gevent.socket.getaddrinfo(host, None)</c>.</remarks>
    [Cooperative(nameof(GetHostAddressesAwaitable))]
    public static IPAddress[] GetHostAddresses(string host, GreenDuration? timeout = null) =>
        TryParseNumeric(host, out var address) ? [address]
        : Hub.Current.Network is { } network ? network.Resolve(host)
        : GreenThreadPool.Default.Apply(() => Dns.GetHostAddresses(host), timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="GetHostAddresses"/> instead.</summary>
    /// <param name="host">A host name or numeric address.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IPAddress[]> GetHostAddressesAwaitable(string host, GreenDuration? timeout = null) =>
        TryParseNumeric(host, out var address)
            ? new GreenAwaitable<IPAddress[]>([address])
            : Hub.Current.Network is { } network ? new GreenAwaitable<IPAddress[]>(network.Resolve(host))
            : GreenThreadPool.Default.ApplyAwaitable(() => Dns.GetHostAddresses(host), timeout);

    /// <summary>
    /// Resolves <paramref name="host"/> to its canonical name, aliases and addresses, waiting cooperatively. A numeric
    /// address is answered at once with itself as the name (no reverse lookup, unlike <see cref="Dns.GetHostEntry(string)"/>).
    /// </summary>
    /// <param name="host">A host name, or a numeric IPv4 or IPv6 address.</param>
    /// <param name="timeout">The most seconds to wait; null waits as long as the resolver takes.</param>
    /// <returns>The host entry.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    /// <exception cref="GreenTimeout">The resolver did not answer in time.</exception>
    /// <remarks>gevent: <c>gevent.socket.gethostbyname_ex(host)</c>.</remarks>
    [Cooperative(nameof(GetHostEntryAwaitable))]
    public static IPHostEntry GetHostEntry(string host, GreenDuration? timeout = null) =>
        TryParseNumeric(host, out var address) ? NumericEntry(host, address)
        : Hub.Current.Network is { } network ? NumericEntry(host, network.Resolve(host)[0])
        : GreenThreadPool.Default.Apply(() => Dns.GetHostEntry(host), timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="GetHostEntry"/> instead.</summary>
    /// <param name="host">A host name or numeric address.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenAwaitable<IPHostEntry> GetHostEntryAwaitable(string host, GreenDuration? timeout = null) =>
        TryParseNumeric(host, out var address)
            ? new GreenAwaitable<IPHostEntry>(NumericEntry(host, address))
            : Hub.Current.Network is { } network ? new GreenAwaitable<IPHostEntry>(NumericEntry(host, network.Resolve(host)[0]))
            : GreenThreadPool.Default.ApplyAwaitable(() => Dns.GetHostEntry(host), timeout);

    /// <summary>
    /// The address a server listens on for (<paramref name="host"/>, <paramref name="port"/>), found as gevent's
    /// <c>StreamServer</c> finds it when it binds: a numeric address as it is; <c>""</c> for every interface (IPv6's
    /// <c>::</c>, which takes IPv4 connections too unless the system is set to IPv6-only); a name through the system
    /// resolver, for IPv4 as gevent does (<c>"localhost"</c> is 127.0.0.1), the first address it gives.
    /// </summary>
    /// <remarks>
    /// This blocks the calling thread while the resolver works, on purpose: servers call it from <c>Start</c>, which
    /// never switches (gevent's <c>start()</c> binds, and so resolves, the same way). Waiting cooperatively instead
    /// would switch inside <c>Start</c> and resume when the resolver's thread answered, so the greenlets around a
    /// server start would interleave differently from run to run; blocking only costs the lookup's time, once per
    /// start, and changes no order (nor the virtual clock). Numeric addresses and names in /etc/hosts, such as
    /// localhost, answer without the network; a caller that must not stall the hub on a DNS name resolves it first
    /// with <see cref="GetHostAddresses"/> and passes the address.
    /// </remarks>
    /// <exception cref="SocketException">The name has no IPv4 address.</exception>
    internal static IPEndPoint ResolveBindAddress(string host, int port)
    {
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.IPv6Any, port);
        }

        if (IPAddress.TryParse(host, out var numeric))
        {
            return new IPEndPoint(numeric, port);
        }

        if (Hub.Current.Network is { } network)
        {
            return new IPEndPoint(network.Resolve(host)[0], port);
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host, AddressFamily.InterNetwork);
        }
        catch (SocketException e)
        {
            throw new SocketException((int)e.SocketErrorCode, $"cannot listen on '{host}': {e.Message}");
        }

        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], port)
            : throw new SocketException((int)SocketError.HostNotFound, $"cannot listen on '{host}': it has no IPv4 address");
    }

    private static bool TryParseNumeric(string host, out IPAddress address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return IPAddress.TryParse(host, out address!);
    }

    private static IPHostEntry NumericEntry(string host, IPAddress address) =>
        new() { HostName = host, Aliases = [], AddressList = [address] };
}
