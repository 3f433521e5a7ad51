using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

/// <summary>
/// gevent: <c>ssl.SSLError</c>, <c>ssl.SSLCertVerificationError</c>. A TLS handshake failed; the message says why in
/// words (an expired certificate and its date, a certificate for another host, an untrusted issuer, a peer that did
/// not speak TLS), and <see cref="Exception.InnerException"/> holds the platform's own error.
/// </summary>
public sealed class GreenSslException : AuthenticationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the handshake failed.</param>
    /// <param name="innerException">The platform's error.</param>
    /// <param name="certificateErrors">What the check of the peer's certificate found (a client's check only).</param>
    /// <param name="chainStatus">The chain errors of the peer's certificate (a client's check only).</param>
    public GreenSslException(string message, Exception? innerException, SslPolicyErrors certificateErrors, X509ChainStatusFlags chainStatus)
        : base(message, innerException)
    {
        CertificateErrors = certificateErrors;
        ChainStatus = chainStatus;
    }

    /// <summary>What the check of the peer's certificate found; <see cref="SslPolicyErrors.None"/> when it passed or did not run.</summary>
    public SslPolicyErrors CertificateErrors { get; }

    /// <summary>gevent: <c>SSLCertVerificationError.verify_code</c>. The chain errors of the peer's certificate, if any.</summary>
    public X509ChainStatusFlags ChainStatus { get; }
}
