using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Cli.Auth;

/// <summary>
/// One file of tokens per broker under <c>sessions/</c> in the config directory, written with <see cref="PrivateFile"/>
/// (owner-only, never half-written).
/// </summary>
internal sealed class TokenCache(string configDirectory)
{
    private string SessionsDirectory => Path.Combine(configDirectory, "sessions");

    private string CurrentServerFile => Path.Combine(configDirectory, "current-server");

    public static Uri NormalizeServer(string server) =>
        Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new CliException($"'{server}' is not a broker URL such as https://broker.example.com.", ExitCodes.InvalidInput);

    public string PathFor(Uri server)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server.AbsoluteUri)))[..12];
        return Path.Combine(SessionsDirectory, $"{server.Host}_{server.Port}_{hash}.json");
    }

    public CachedSession? Load(Uri server)
    {
        var path = PathFor(server);
        return File.Exists(path) ? JsonSerializer.Deserialize<CachedSession>(File.ReadAllText(path)) : null;
    }

    public void Save(CachedSession session)
    {
        PrivateFile.Write(PathFor(session.Server), JsonSerializer.Serialize(session));
        PrivateFile.Write(CurrentServerFile, session.Server.AbsoluteUri);
    }

    public bool Delete(Uri server)
    {
        var path = PathFor(server);
        var existed = File.Exists(path);
        File.Delete(path);
        return existed;
    }

    /// <summary>The broker of the last <c>abctl login</c>, used when a command gets no <c>--server</c>.</summary>
    public Uri? CurrentServer() =>
        File.Exists(CurrentServerFile) ? NormalizeServer(File.ReadAllText(CurrentServerFile).Trim()) : null;
}
