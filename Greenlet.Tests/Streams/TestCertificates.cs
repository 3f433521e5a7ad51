using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets.Tests.Streams;

/// <summary>
/// A test CA and server certificates made at test time (no private key is checked in): one valid for localhost and
/// 127.0.0.1, one that expired, one for another host, and one signed by a CA nobody trusts.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Lazy<TestCertificates> s_shared = new(() => new TestCertificates());

    private TestCertificates()
    {
        Authority = CreateAuthority("CN=Greenlet Test CA");
        Server = Issue(Authority, "localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Expired = Issue(Authority, "localhost", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-2));
        OtherHost = Issue(Authority, "other.example", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        UntrustedAuthority = CreateAuthority("CN=Greenlet Untrusted CA");
        Untrusted = Issue(UntrustedAuthority, "localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Directory = Path.Combine(Path.GetTempPath(), "greenlet-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(CaPemPath, Authority.ExportCertificatePem());
        File.WriteAllText(ServerPemPath, Server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPath, Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>One set per test run: making RSA keys takes a moment.</summary>
    public static TestCertificates Shared => s_shared.Value;

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Expired { get; }

    public X509Certificate2 OtherHost { get; }

    public X509Certificate2 UntrustedAuthority { get; }

    public X509Certificate2 Untrusted { get; }

    /// <summary>Where the PEM files for peers (curl, openssl, python) are.</summary>
    public string Directory { get; }

    public string CaPemPath => Path.Combine(Directory, "ca.pem");

    public string ServerPemPath => Path.Combine(Directory, "server.pem");

    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    /// <summary>Client options that trust the test CA only, for <paramref name="host"/>.</summary>
    public SslClientAuthenticationOptions ClientOptions(string host = "localhost")
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Authority);
        return new SslClientAuthenticationOptions { TargetHost = host, CertificateChainPolicy = policy };
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-365), DateTimeOffset.UtcNow.AddDays(365));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        if (host == "localhost")
        {
            names.AddIpAddress(System.Net.IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        var notAfterCapped = notAfter < authority.NotAfter ? notAfter : new DateTimeOffset(authority.NotAfter);
        using var issued = request.Create(authority, notBefore, notAfterCapped, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
