using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Tests.Auth;

public sealed class TokenCacheTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("abctl-cache-");

    [Fact]
    public void Save_WritesAFileOnlyTheUserCanRead_AndLoadReturnsTheSession()
    {
        var cache = new TokenCache(directory.FullName);
        var session = Session("https://broker.example.com/");

        cache.Save(session);

        var path = cache.PathFor(session.Server);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(path)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        cache.Load(session.Server).ShouldBe(session);
        cache.CurrentServer().ShouldBe(session.Server);
    }

    [Fact]
    public void Sessions_OfTwoServers_AreKeptApart()
    {
        var cache = new TokenCache(directory.FullName);
        cache.Save(Session("https://one.example.com/"));
        cache.Save(Session("https://two.example.com/"));

        cache.Delete(new Uri("https://one.example.com/")).ShouldBeTrue();

        cache.Load(new Uri("https://one.example.com/")).ShouldBeNull();
        cache.Load(new Uri("https://two.example.com/")).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("https://broker.example.com", "https://broker.example.com/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    public void NormalizeServer_AddsTheTrailingSlash(string given, string expected) =>
        TokenCache.NormalizeServer(given).AbsoluteUri.ShouldBe(expected);

    [Fact]
    public void NormalizeServer_NotAnHttpUrl_IsAUsageError() =>
        Should.Throw<CliException>(() => TokenCache.NormalizeServer("broker.example.com")).ExitCode.ShouldBe(ExitCodes.InvalidInput);

    public void Dispose() => directory.Delete(recursive: true);

    private static CachedSession Session(string server) => new(
        new Uri(server), "abctl", new Uri(server + "connect/token"), null, "access", "refresh", DateTimeOffset.UnixEpoch.AddYears(60));
}
