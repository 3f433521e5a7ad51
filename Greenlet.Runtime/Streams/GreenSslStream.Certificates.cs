using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

public sealed partial class GreenSslStream
{
    /// <summary>
    /// gevent: <c>SSLContext.load_cert_chain(certfile, keyfile)</c>. Loads a server certificate and its private key
    /// from PEM files (as certbot writes them). The key comes back in a form SslStream can use on every platform.
    /// </summary>
    /// <param name="certificatePath">The PEM certificate; its first certificate is the server's.</param>
    /// <param name="keyPath">The PEM private key; null when it is in <paramref name="certificatePath"/>.</param>
    /// <returns>The certificate with its key.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files hold no certificate, or no key that matches it.</exception>
    public static X509Certificate2 LoadCertificateFromPemFile(string certificatePath, string? keyPath = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        using var ephemeral = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>gevent: <c>SSLContext.load_cert_chain()</c> of a PKCS#12 file. Loads a certificate and its key from a PFX file.</summary>
    /// <param name="path">The PFX (PKCS#12) file.</param>
    /// <param name="password">Its password, or null.</param>
    /// <returns>The certificate with its key.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The file is not PKCS#12, or the password is wrong.</exception>
    public static X509Certificate2 LoadCertificateFromPfxFile(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>
    /// gevent: <c>ssl.create_default_context(Purpose.CLIENT_AUTH)</c> with <c>load_cert_chain()</c>. Server options
    /// for <paramref name="certificate"/>, with its certificate context built here, once and offline: a handshake then
    /// builds no chain and fetches nothing on the hub.
    /// </summary>
    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="intermediates">The certificates between it and the root, sent with it; null for none.</param>
    /// <returns>Options to pass to <see cref="AuthenticateAsServer"/>, or to a server's <c>Tls</c> property. Add ALPN
    /// protocols or protocol versions to them as needed.</returns>
    public static SslServerAuthenticationOptions CreateServerOptions(X509Certificate2 certificate, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("A server certificate needs its private key.", nameof(certificate));
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
        };
    }
}
