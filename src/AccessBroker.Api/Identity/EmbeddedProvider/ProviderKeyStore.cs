using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AccessBroker.Api.Identity.EmbeddedProvider;

/// <summary>
/// Signing and encryption certificates of the embedded provider, kept as PKCS#12 files in
/// <c>Identity:KeysDirectory</c> so tokens survive restarts and every replica that mounts the directory agrees.
/// The first start creates one certificate of each kind (valid two years). Rotation: add a newer certificate
/// (<c>signing-*.pfx</c> / <c>encryption-*.pfx</c>); OpenIddict signs with the valid one that expires last and
/// keeps publishing the others in its JWKS until their files are removed.
/// </summary>
internal sealed class ProviderKeyStore
{
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(730);

    private ProviderKeyStore(IReadOnlyList<X509Certificate2> signing, IReadOnlyList<X509Certificate2> encryption)
    {
        SigningCertificates = signing;
        EncryptionCertificates = encryption;
    }

    public IReadOnlyList<X509Certificate2> SigningCertificates { get; }

    public IReadOnlyList<X509Certificate2> EncryptionCertificates { get; }

    public static ProviderKeyStore LoadOrCreate(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        return new ProviderKeyStore(
            LoadOrCreate(directory, "signing", X509KeyUsageFlags.DigitalSignature, time),
            LoadOrCreate(directory, "encryption", X509KeyUsageFlags.KeyEncipherment, time));
    }

    private static X509Certificate2[] LoadOrCreate(string directory, string purpose, X509KeyUsageFlags usage, TimeProvider time)
    {
        var files = Directory.GetFiles(directory, $"{purpose}-*.pfx");
        if (files.Length == 0)
        {
            var path = Path.Combine(directory, $"{purpose}-{time.GetUtcNow():yyyyMMddHHmmss}.pfx");
            WritePrivateFile(path, CreateCertificate(purpose, usage, time).Export(X509ContentType.Pkcs12));
            files = [path];
        }

        return files.Order(StringComparer.Ordinal)
            .Select(file => X509CertificateLoader.LoadPkcs12FromFile(file, password: null, X509KeyStorageFlags.EphemeralKeySet))
            .ToArray();
    }

    private static X509Certificate2 CreateCertificate(string purpose, X509KeyUsageFlags usage, TimeProvider time)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=AccessBroker embedded provider {purpose}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CertificateLifetime));
    }

    private static void WritePrivateFile(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(content);
    }
}
