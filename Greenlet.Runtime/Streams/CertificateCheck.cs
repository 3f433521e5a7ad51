using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Greenlets;

/// <summary>
/// The client's check of the server's certificate, as the platform does it (or as the caller's callback decides),
/// remembering what it found so that a failed handshake can say which rule the certificate broke.
/// </summary>
internal sealed class CertificateCheck(RemoteCertificateValidationCallback? callback)
{
    public bool WasRun { get; private set; }

    public bool Accepted { get; private set; }

    public bool HasCallback => callback is not null;

    public SslPolicyErrors PolicyErrors { get; private set; }

    public X509ChainStatusFlags ChainStatus { get; private set; }

    public string? Subject { get; private set; }

    public string? Issuer { get; private set; }

    public DateTime NotBefore { get; private set; }

    public DateTime NotAfter { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        WasRun = true;
        PolicyErrors = errors;
        ChainStatus = X509ChainStatusFlags.NoError;
        foreach (var status in chain?.ChainStatus ?? [])
        {
            ChainStatus |= status.Status;
        }

        if (certificate is X509Certificate2 full)
        {
            Subject = full.Subject;
            Issuer = full.Issuer;
            NotBefore = full.NotBefore.ToUniversalTime();
            NotAfter = full.NotAfter.ToUniversalTime();
        }

        Accepted = callback?.Invoke(sender, certificate, chain, errors) ?? errors == SslPolicyErrors.None;
        return Accepted;
    }
}
