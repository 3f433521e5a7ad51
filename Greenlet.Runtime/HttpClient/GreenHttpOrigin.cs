namespace Greenlets;

/// <summary>
/// geventhttpclient: the <c>(host, port)</c> an <c>HTTPClient</c> is made for; requests: the pool key of
/// urllib3's <c>PoolManager</c>. Where <see cref="GreenHttpClient"/> connects: a scheme, a host and a port. Its
/// keep-alive pool keeps the connections of each origin apart.
/// </summary>
public sealed record GreenHttpOrigin
{
    /// <summary>Creates an origin.</summary>
    /// <param name="scheme"><c>http</c> or <c>https</c>, in lower case.</param>
    /// <param name="host">The host name or address, as the URL gives it (an IPv6 address without brackets).</param>
    /// <param name="port">The port.</param>
    public GreenHttpOrigin(string scheme, string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        (Scheme, Host, Port) = (scheme, host, port);
    }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; }

    /// <summary>The host name or address.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>Whether the connection must be TLS.</summary>
    public bool IsHttps => Scheme == "https";

    /// <summary>The origin of <paramref name="url"/>.</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL.</param>
    /// <returns>The origin.</returns>
    /// <exception cref="ArgumentException">Another scheme, or a relative URL.</exception>
    public static GreenHttpOrigin Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"\"{url}\" is not an absolute http or https URL.", nameof(url));
        }

        return new GreenHttpOrigin(url.Scheme, url.IdnHost, url.Port);
    }

    /// <summary>The origin as a URL prefix, <c>http://host:port</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Scheme}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
