using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

/// <summary>
/// The client options a handshake on the hub runs with: the caller's, copied (they are not modified, and may be
/// shared by many connections), with the certificate check wrapped so that a failure can be explained, and with
/// chain building that downloads nothing unless the caller gave a chain policy of their own.
/// </summary>
internal static class TlsClientDefaults
{
    public static SslClientAuthenticationOptions WithDefaults(SslClientAuthenticationOptions options, RemoteCertificateValidationCallback check)
    {
        var copy = Copy(options);
        copy.CertificateChainPolicy = options.CertificateChainPolicy ?? OfflinePolicy(options.CertificateRevocationCheckMode);
        copy.RemoteCertificateValidationCallback = check;
        return copy;
    }

    /// <summary>A copy of every settable property, as given (a test compares this list with the type's properties).</summary>
    public static SslClientAuthenticationOptions Copy(SslClientAuthenticationOptions options)
    {
        var copy = new SslClientAuthenticationOptions
        {
            AllowRenegotiation = options.AllowRenegotiation,
            AllowRsaPkcs1Padding = options.AllowRsaPkcs1Padding,
            AllowRsaPssPadding = options.AllowRsaPssPadding,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateContext = options.ClientCertificateContext,
            ClientCertificates = options.ClientCertificates,
            EnabledSslProtocols = options.EnabledSslProtocols,
            LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
            TargetHost = options.TargetHost,
        };
#pragma warning disable SYSLIB0040 // EncryptionPolicy is obsolete, but a caller may still set it: carry it over
        copy.EncryptionPolicy = options.EncryptionPolicy;
#pragma warning restore SYSLIB0040
        return copy;
    }

    /// <summary>
    /// The platform's default chain policy, except that it never downloads an intermediate certificate or a
    /// revocation list: chain building runs on the caller's thread, which is the hub's.
    /// </summary>
    private static X509ChainPolicy OfflinePolicy(X509RevocationMode revocation) => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = revocation == X509RevocationMode.Online ? X509RevocationMode.Offline : revocation,
    };
}
