using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AccessBroker.KubeSim.Hosting;

/// <summary>A CA made at start-up and the serving certificate it signs (SANs 127.0.0.1, ::1, localhost and the listen address).</summary>
internal sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
    }

    public X509Certificate2 CaCertificate { get; }
    public X509Certificate2 ServerCertificate { get; }
    public string CaPem => CaCertificate.ExportCertificatePem();

    public static CertificateAuthority Create(TimeProvider time, string listenAddress)
    {
        var now = time.GetUtcNow();
        // ECDSA P-256 keys are generated in microseconds, where RSA-2048 takes up to seconds on a busy machine.
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=kubesim-ca, O=KubeSim (simulator)", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kubesim", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes.default.svc");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(listenAddress, out var address) && !IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any))
        {
            names.AddIpAddress(address);
        }
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Kestrel's SslStream wants a certificate whose key it can use on every platform; a PKCS#12 round trip gives one.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new CertificateAuthority(ca, server);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
