using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Greenlets;

/// <summary>Turns a failed handshake into one sentence that says which side did what.</summary>
internal static class HandshakeFailure
{
    public static string Describe(Exception cause, bool isServer, ReadOnlySpan<byte> firstBytes, CertificateCheck? check, string? targetHost)
    {
        if (check is { WasRun: true, Accepted: false })
        {
            return DescribeCertificate(check, targetHost);
        }

        if (!firstBytes.IsEmpty && !LooksLikeTls(firstBytes[0], isServer))
        {
            return isServer
                ? $"the client did not speak TLS: its first bytes were \"{Printable(firstBytes)}\" (plaintext sent to a TLS port?)"
                : $"the server did not answer in TLS: its first bytes were \"{Printable(firstBytes)}\" (a plaintext port?)";
        }

        var peer = isServer ? "client" : "server";
        if (cause is IOException && firstBytes.IsEmpty)
        {
            return $"the {peer} closed the connection before sending anything ({Messages(cause)})";
        }

        return cause is IOException ? $"the connection failed mid-handshake ({Messages(cause)})" : Messages(cause);
    }

    private static string DescribeCertificate(CertificateCheck check, string? targetHost)
    {
        var who = $"the server's certificate ({check.Subject ?? "none"})";
        if (check.HasCallback)
        {
            return $"the certificate validation callback rejected {who} (platform check: {check.PolicyErrors})";
        }

        var reasons = new List<string>();
        var errors = check.PolicyErrors;
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            reasons.Add("the server sent no certificate (RemoteCertificateNotAvailable)");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            reasons.Add($"{who} is not valid for the host name '{targetHost}' (RemoteCertificateNameMismatch)");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var status = check.ChainStatus;
            if ((status & X509ChainStatusFlags.NotTimeValid) != 0)
            {
                reasons.Add(DateTime.UtcNow > check.NotAfter
                    ? string.Create(CultureInfo.InvariantCulture, $"{who} expired on {check.NotAfter:yyyy-MM-dd HH:mm:ss} UTC (NotTimeValid)")
                    : string.Create(CultureInfo.InvariantCulture, $"{who} is not valid before {check.NotBefore:yyyy-MM-dd HH:mm:ss} UTC (NotTimeValid)"));
                status &= ~X509ChainStatusFlags.NotTimeValid;
            }

            if ((status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            {
                reasons.Add($"{who} is not trusted: its issuer ({check.Issuer}) does not lead to a root in the trust store ({status})");
            }
            else if (status != X509ChainStatusFlags.NoError)
            {
                reasons.Add($"{who} has chain errors ({status})");
            }
        }

        return reasons.Count > 0 ? string.Join("; ", reasons) : $"{who} was refused ({errors})";
    }

    /// <summary>A TLS record starts with its content type: a handshake (22) from a client, or an alert (21) from a server; 128 is an SSLv2-style hello.</summary>
    private static bool LooksLikeTls(byte first, bool isServer) => first == 22 || first == 128 || (!isServer && first == 21);

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}"));
        }

        return text.ToString();
    }

    private static string Messages(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            var message = e.Message.TrimEnd('.');
            if (!message.Contains("see inner exception", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(message);
            }
        }

        return parts.Count > 0 ? string.Join(": ", parts) : error.GetType().Name;
    }
}
