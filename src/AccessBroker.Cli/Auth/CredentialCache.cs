using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Cli.Auth;

/// <summary>
/// ExecCredentials per broker, grant and apiVersion under <c>credentials/</c> in the config directory, owner-only like
/// the <see cref="TokenCache"/>; an entry is served until one minute before its <c>expirationTimestamp</c>.
/// </summary>
internal sealed class CredentialCache(string configDirectory, TimeProvider time)
{
    private static readonly TimeSpan RenewMargin = TimeSpan.FromMinutes(1);

    public string? Load(Uri server, Guid grant, string apiVersion)
    {
        var path = PathFor(server, grant, apiVersion);
        if (!File.Exists(path))
        {
            return null;
        }

        var credential = File.ReadAllText(path);
        if (ExpiresAt(credential) is { } expiresAt && expiresAt - RenewMargin > time.GetUtcNow())
        {
            return credential;
        }

        File.Delete(path);
        return null;
    }

    public void Save(Uri server, Guid grant, string apiVersion, string credential)
    {
        if (ExpiresAt(credential) is not null)
        {
            PrivateFile.Write(PathFor(server, grant, apiVersion), credential);
        }
    }

    private static DateTimeOffset? ExpiresAt(string credential)
    {
        using var document = JsonDocument.Parse(credential);
        return document.RootElement.TryGetProperty("status", out var status)
               && status.TryGetProperty("expirationTimestamp", out var expiration)
               && expiration.TryGetDateTimeOffset(out var expiresAt)
            ? expiresAt
            : null;
    }

    private string PathFor(Uri server, Guid grant, string apiVersion)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{server.AbsoluteUri}|{apiVersion}")))[..12];
        return Path.Combine(configDirectory, "credentials", $"{grant}_{hash}.json");
    }
}
