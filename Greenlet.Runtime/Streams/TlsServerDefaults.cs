using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

/// <summary>
/// The server options a server hands every handshake: the caller's, copied once at start (they are not modified),
/// with a certificate context built once and offline when they carry only a certificate (else each handshake would
/// build one, and its chain, on the hub), and with a default ALPN protocol when they name none.
/// </summary>
internal static class TlsServerDefaults
{
    public static SslServerAuthenticationOptions Prepare(SslServerAuthenticationOptions options, SslApplicationProtocol? defaultProtocol)
    {
        var needsContext = options.ServerCertificateContext is null && options.ServerCertificateSelectionCallback is null && options.ServerCertificate is not null;
        var needsProtocol = options.ApplicationProtocols is null && defaultProtocol is not null;
        if (!needsContext && !needsProtocol)
        {
            return options;
        }

        // Every settable property is copied; a test compares this list with the type's properties.
        var copy = new SslServerAuthenticationOptions
        {
            AllowRenegotiation = options.AllowRenegotiation,
            AllowRsaPkcs1Padding = options.AllowRsaPkcs1Padding,
            AllowRsaPssPadding = options.AllowRsaPssPadding,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = needsProtocol ? [defaultProtocol!.Value] : options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateRequired = options.ClientCertificateRequired,
            EnabledSslProtocols = options.EnabledSslProtocols,
            RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
            ServerCertificate = needsContext ? null : options.ServerCertificate,
            ServerCertificateContext = needsContext ? ContextFor(options.ServerCertificate!) : options.ServerCertificateContext,
            ServerCertificateSelectionCallback = options.ServerCertificateSelectionCallback,
        };
#pragma warning disable SYSLIB0040 // EncryptionPolicy is obsolete, but a caller may still set it: carry it over
        copy.EncryptionPolicy = options.EncryptionPolicy;
#pragma warning restore SYSLIB0040
        return copy;
    }

    private static SslStreamCertificateContext ContextFor(X509Certificate certificate) =>
        SslStreamCertificateContext.Create(
            certificate as X509Certificate2 ?? throw new ArgumentException("The server certificate must be an X509Certificate2 with its private key.", nameof(certificate)),
            additionalCertificates: null,
            offline: true);
}
