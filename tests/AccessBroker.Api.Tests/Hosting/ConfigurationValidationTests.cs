using System.Diagnostics;
using AccessBroker.Api.Features.Actions;
using AccessBroker.Api.Settings;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Hosting;

public sealed class ConfigurationValidationTests
{
    [Fact]
    public void DatabaseSettings_PostgresWithoutConnectionString_FailsNamingTheKey()
    {
        var result = new DatabaseSettingsValidator().Validate(null, new DatabaseSettings { Provider = DatabaseProvider.Postgres });

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldHaveSingleItem().ShouldStartWith("ConnectionStrings:AccessBroker:");
    }

    [Fact]
    public void DatabaseSettings_SqliteWithoutConnectionString_UsesTheEmbeddedDefault()
    {
        var settings = new DatabaseSettings();

        new DatabaseSettingsValidator().Validate(null, settings).Succeeded.ShouldBeTrue();
        settings.EffectiveConnectionString.ShouldBe("Data Source=data/accessbroker.db");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9_999)]
    public void DatabaseSettings_AuditPartitionsTooSmall_FailsNamingTheKey(long records)
    {
        var result = new DatabaseSettingsValidator().Validate(null, new DatabaseSettings { AuditPartitionRecords = records });

        result.Failures!.ShouldHaveSingleItem().ShouldStartWith($"Database:AuditPartitionRecords: {records} is too small; use at least 10000");
    }

    [Theory]
    [InlineData("http://login.example.com/", true, "must use https")]
    [InlineData("/realms/dev", true, "absolute URL")]
    public void AuthenticationSettings_BadAuthority_FailsNamingTheKey(string authority, bool requireHttps, string expected)
    {
        var settings = new AuthenticationSettings { Authority = new Uri(authority, UriKind.RelativeOrAbsolute), RequireHttpsMetadata = requireHttps };

        var result = new AuthenticationSettingsValidator().Validate(null, settings);

        var failure = result.Failures!.ShouldHaveSingleItem();
        failure.ShouldStartWith("Authentication:Authority:");
        failure.ShouldContain(expected);
    }

    [Fact]
    public void AuthenticationSettings_EveryProblem_IsReportedAtOnce()
    {
        var settings = new AuthenticationSettings { Authority = new Uri("/x", UriKind.Relative), Audience = "", GroupsClaim = " " };

        var result = new AuthenticationSettingsValidator().Validate(null, settings);

        result.Failures!.Select(failure => failure.Split(':')[0] + ":" + failure.Split(':')[1]).ShouldBe(
            ["Authentication:Authority", "Authentication:Audience", "Authentication:GroupsClaim"]);
    }

    [Fact]
    public void ActionSettings_OutOfRange_ReportsEveryKeyAtOnce()
    {
        var settings = new ActionSettings { ExecTimeout = TimeSpan.Zero, ExecOutputLimitBytes = 0 };

        var result = new ActionSettingsValidator().Validate(null, settings);

        result.Failures!.Select(failure => failure.Split(':')[0] + ":" + failure.Split(':')[1]).ShouldBe(["Actions:ExecTimeout", "Actions:ExecOutputLimitBytes"]);
        new ActionSettingsValidator().Validate(null, new ActionSettings()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Process_WithUnknownDatabaseProvider_PrintsOneLineNamingTheKeyAndExits1()
    {
        var apiAssembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [apiAssembly, "--Database:Provider=Oracle", "--urls=http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(apiAssembly)!,
        };

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(1);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1);
        lines[0].ShouldStartWith("accessbroker: configuration error:");
        lines[0].ShouldContain("Database:Provider");
    }
}
