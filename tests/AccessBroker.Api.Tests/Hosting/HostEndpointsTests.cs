using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Persistence;

namespace AccessBroker.Api.Tests.Hosting;

public sealed class HostEndpointsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Readyz_WithMigratedDatabase_ReportsDatabaseHealthy(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(provider);

        var response = await host.AnonymousClient().GetAsync("/readyz", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readyz_WhenDatabaseUnreachable_Answers503()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["ConnectionStrings:AccessBroker"] = "Data Source=/nonexistent-directory/x/broker.db;Mode=ReadOnly",
            ["Database:ApplyMigrationsAtStartup"] = "false",
        });

        var response = await host.AnonymousClient().GetAsync("/readyz", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Unhealthy");
    }

    [Fact]
    public async Task Healthz_Always_AnswersHealthyWithoutChecks()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.AnonymousClient().GetAsync("/healthz", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("\"status\":\"Healthy\"");
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApiAndReferencePageServesIt()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var client = host.AnonymousClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);
        var reference = await client.GetAsync("/reference/", Cancellation);

        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        document.GetProperty("paths").TryGetProperty("/api/v1/requests", out _).ShouldBeTrue();
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reference.Content.ReadAsStringAsync(Cancellation)).ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task Metrics_AfterARequest_ExposesHttpServerMetricsInPrometheusFormat()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var client = host.AnonymousClient();
        await client.GetAsync("/healthz", Cancellation);

        var metrics = await client.GetStringAsync("/metrics", Cancellation);

        metrics.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
    }

    [Fact]
    public async Task UnknownApiRoute_Answers404ProblemNamingThePath()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev").GetAsync("/api/v1/no-such-thing", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString()!.ShouldContain("/api/v1/no-such-thing");
    }

    [Fact]
    public async Task ApiWithoutToken_Answers401WithBearerChallenge()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.AnonymousClient().GetAsync("/api/v1/requests", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(header => header.Scheme == "Bearer");
    }
}
