using System.Net;
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
    [Cooperative(nameof(GetHostAddressesAsync))]
    [OverloadResolutionPriority(1)]
    public static IPAddress[] GetHostAddresses(string host, double? timeout = null) =>
        TryParseNumeric(host, out var address) ? [address] : GreenThreadPool.Default.Apply(() => Dns.GetHostAddresses(host), timeout);

    /// <summary>The awaitable form of <see cref="GetHostAddresses"/>, used by rewritten code.</summary>
    /// <param name="host">A host name or numeric address.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [OverloadResolutionPriority(1)]
    public static GreenAwaitable<IPAddress[]> GetHostAddressesAsync(string host, double? timeout = null) =>
        TryParseNumeric(host, out var address)
            ? new GreenAwaitable<IPAddress[]>([address])
            : GreenThreadPool.Default.ApplyAsync(() => Dns.GetHostAddresses(host), timeout);

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
    [Cooperative(nameof(GetHostEntryAsync))]
    [OverloadResolutionPriority(1)]
    public static IPHostEntry GetHostEntry(string host, double? timeout = null) =>
        TryParseNumeric(host, out var address) ? NumericEntry(host, address) : GreenThreadPool.Default.Apply(() => Dns.GetHostEntry(host), timeout);

    /// <summary>The awaitable form of <see cref="GetHostEntry"/>, used by rewritten code.</summary>
    /// <param name="host">A host name or numeric address.</param>
    /// <param name="timeout">The most seconds to wait.</param>
    /// <returns>The awaitable operation.</returns>
    [OverloadResolutionPriority(1)]
    public static GreenAwaitable<IPHostEntry> GetHostEntryAsync(string host, double? timeout = null) =>
        TryParseNumeric(host, out var address)
            ? new GreenAwaitable<IPHostEntry>(NumericEntry(host, address))
            : GreenThreadPool.Default.ApplyAsync(() => Dns.GetHostEntry(host), timeout);

    private static bool TryParseNumeric(string host, out IPAddress address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return IPAddress.TryParse(host, out address!);
    }

    private static IPHostEntry NumericEntry(string host, IPAddress address) =>
        new() { HostName = host, Aliases = [], AddressList = [address] };
}
