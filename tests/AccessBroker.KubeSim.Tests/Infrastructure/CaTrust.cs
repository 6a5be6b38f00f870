using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AccessBroker.KubeSim.Tests.Infrastructure;

/// <summary>Certificate validation that trusts exactly one CA: the one a KubeSim generated.</summary>
internal static class CaTrust
{
    public static RemoteCertificateValidationCallback For(string caPem)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        return (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is X509Certificate2 cert && chain.Build(cert);
        };
    }
}
