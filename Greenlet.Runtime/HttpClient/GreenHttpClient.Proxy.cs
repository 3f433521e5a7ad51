using System.Net;
using System.Text;

namespace Greenlets;

public sealed partial class GreenHttpClient
{
    private const int MaxProxyResponseHeadBytes = 16 * 1024;

    /// <summary>
    /// requests: <c>Session.proxies</c>; .NET: <c>HttpClientHandler.Proxy</c>. The HTTP proxy each request's URL goes
    /// through, or none: an <c>http</c> request is sent to the proxy with its absolute URL; an <c>https</c> one (and
    /// every WebSocket) goes through a <c>CONNECT</c> tunnel, with TLS end to end to the origin. Credentials come from
    /// the proxy's <see cref="IWebProxy.Credentials"/> or its URL's user information, sent as Basic. Null (the default)
    /// connects directly, whatever the environment says: use <see cref="EnvironmentProxy"/> to follow
    /// <c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c> and <c>NO_PROXY</c>. A <see cref="Connector"/>, when set, replaces this.
    /// </summary>
    public IWebProxy? Proxy { get; init; }

    /// <summary>
    /// requests: <c>trust_env=True</c>. The proxy the environment names (<c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>,
    /// <c>ALL_PROXY</c> and <c>NO_PROXY</c>, upper or lower case), read as .NET's <c>HttpClient</c> reads it; a proxy
    /// that bypasses every URL when none is set. Give it to <see cref="Proxy"/> to use it.
    /// </summary>
    public static IWebProxy EnvironmentProxy => System.Net.Http.HttpClient.DefaultProxy;

    /// <summary>The proxy <paramref name="url"/> goes through, or null for a direct connection.</summary>
    private Uri? ProxyFor(Uri url) =>
        Proxy is { } proxy && !proxy.IsBypassed(url) && proxy.GetProxy(url) is { } through && through != url ? through : null;

    /// <summary>The <c>Proxy-Authorization</c> field's value for <paramref name="proxy"/>, or null when it has no credentials.</summary>
    private string? ProxyAuthorization(Uri proxy)
    {
        var credential = Proxy?.Credentials?.GetCredential(proxy, "Basic");
        var (user, password) = credential is not null
            ? (credential.UserName, credential.Password)
            : proxy.UserInfo is { Length: > 0 } info
                ? (Uri.UnescapeDataString(info.Split(':', 2)[0]), info.Contains(':') ? Uri.UnescapeDataString(info.Split(':', 2)[1]) : "")
                : (null, null);
        return user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    /// <summary>A TCP connection to <paramref name="proxy"/>, within <paramref name="timeout"/> seconds.</summary>
    private static async GreenTask<GreenStream> ConnectToProxyAsync(Uri proxy, Uri url, double? timeout)
    {
        var origin = new GreenHttpOrigin(Uri.UriSchemeHttp, proxy.IdnHost, proxy.Port);
        try
        {
            return await ConnectTcpCoreAsync(origin, url, timeout);
        }
        catch (GreenHttpConnectException e)
        {
            throw new GreenHttpConnectException(url, $"the proxy {origin} could not be reached ({e.Message})", e.InnerException);
        }
    }

    /// <summary>
    /// Asks the proxy on <paramref name="tcp"/> for a tunnel to <paramref name="origin"/> (RFC 9110 section 9.3.6) and
    /// reads its answer: on 2xx the stream is the tunnel; otherwise it is closed and the answer is in the exception.
    /// </summary>
    private async GreenTask OpenTunnelAsync(GreenStream tcp, Uri proxy, GreenHttpOrigin origin, Uri url, double? timeout)
    {
        var deadline = GreenStream.Deadline(timeout);
        var authority = origin.Host.Contains(':') ? $"[{origin.Host}]:{origin.Port}" : $"{origin.Host}:{origin.Port}";
        var head = new StringBuilder($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
        if (ProxyAuthorization(proxy) is { } authorization)
        {
            head.Append("Proxy-Authorization: ").Append(authorization).Append("\r\n");
        }

        head.Append("\r\n");
        var buffer = new byte[MaxProxyResponseHeadBytes];
        var length = 0;
        try
        {
            tcp.Timeout = GreenStream.Remaining(deadline);
            await tcp.WriteAwaitable(Encoding.ASCII.GetBytes(head.ToString()));
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (length == buffer.Length)
                {
                    throw new GreenHttpConnectException(url, $"the proxy {proxy.Authority} answered CONNECT with a head longer than {MaxProxyResponseHeadBytes} bytes");
                }

                tcp.Timeout = GreenStream.Remaining(deadline);
                var received = await tcp.ReadAwaitable(buffer.AsMemory(length));
                if (received == 0)
                {
                    throw new GreenHttpConnectException(url, $"the proxy {proxy.Authority} closed the connection instead of answering CONNECT {authority}");
                }

                length += received;
            }

            var statusLine = Encoding.Latin1.GetString(buffer, 0, buffer.AsSpan(0, end).IndexOf("\r\n"u8) is var lineEnd and >= 0 ? lineEnd : end);
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
            {
                throw new GreenHttpConnectException(url, $"the proxy {proxy.Authority} answered CONNECT with \"{statusLine}\", which is not an HTTP status line");
            }

            if (status is < 200 or > 299)
            {
                throw new GreenHttpConnectException(url, $"the proxy {proxy.Authority} refused CONNECT {authority}: {statusLine}");
            }

            if (end + 4 != length)
            {
                // The origin speaks only after the client (TLS or the WebSocket handshake): bytes here are the proxy's.
                throw new GreenHttpConnectException(url, $"the proxy {proxy.Authority} sent {length - end - 4} bytes after its answer to CONNECT");
            }

            tcp.Timeout = null;
        }
        catch (SocketTimeoutException e)
        {
            tcp.Dispose();
            throw new GreenHttpTimeoutException(url, $"the proxy {proxy.Authority} did not open a tunnel to {authority} within the connect timeout of {timeout} s", e);
        }
        catch (Exception e) when (e is GreenHttpConnectException or IOException)
        {
            tcp.Dispose();
            throw e as GreenHttpConnectException ?? new GreenHttpConnectException(url, $"the connection to the proxy {proxy.Authority} was lost ({e.Message})", e);
        }
    }
}
