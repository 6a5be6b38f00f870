using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Cli.Auth;

/// <summary>
/// One file of tokens per broker under <c>sessions/</c> in the config directory, readable by the user only
/// (directory 0700, files 0600), written through a temporary file so a crash never leaves half a file.
/// </summary>
internal sealed class TokenCache(string configDirectory)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

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
        WritePrivately(PathFor(session.Server), JsonSerializer.Serialize(session));
        WritePrivately(CurrentServerFile, session.Server.AbsoluteUri);
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

    private static void WritePrivately(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var writer = new StreamWriter(temporary, Encoding.UTF8, options))
        {
            writer.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
