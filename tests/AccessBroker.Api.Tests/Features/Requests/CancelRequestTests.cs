using System.Net;
using System.Text;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Requests;
using AccessBroker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Tests.Features.Requests;

public sealed class CancelRequestTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Cancel_PendingRequest_EndsItAndKeepsItForReview(DatabaseProvider provider)
    {
        await using var host = await BrokerHost.StartAsync(provider);
        var request = SampleRequests.Pending("dev", DateTimeOffset.UtcNow);
        await host.WithDatabaseAsync(database => Save(database, request));
        var client = host.ClientFor("dev");

        var response = await client.PostAsJsonAsync($"/api/v1/requests/{request.Id}/cancel", new { comment = "fixed by itself" }, Cancellation);
        var again = await client.PostAsJsonAsync($"/api/v1/requests/{request.Id}/cancel", new { comment = "twice" }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString().ShouldBe("cancelled");
        var conflict = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        conflict.GetProperty("type").GetString().ShouldBe("urn:accessbroker:problem:conflict");
        await host.WithDatabaseAsync(async database =>
        {
            var stored = await database.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id, Cancellation);
            stored.Status.ShouldBe(AccessRequestStatus.Cancelled);
            stored.ClosingComment.ShouldBe("fixed by itself");
            stored.ClosedAt.ShouldNotBeNull();
        });
    }

    [Fact]
    public async Task Cancel_AnotherUsersRequest_Answers404AndLeavesItPending()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        var request = SampleRequests.Pending("dev", DateTimeOffset.UtcNow);
        await host.WithDatabaseAsync(database => Save(database, request));

        var response = await host.ClientFor("mallory").PostAsJsonAsync($"/api/v1/requests/{request.Id}/cancel", new { comment = "mine now" }, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await host.WithDatabaseAsync(async database =>
            (await database.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id, Cancellation)).Status.ShouldBe(AccessRequestStatus.Pending));
    }

    [Fact]
    public async Task Cancel_WithMalformedJson_Answers400SayingWhereTheJsonBroke()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);
        using var body = new StringContent("{\"comment\": \"unterminated", Encoding.UTF8, "application/json");

        var response = await host.ClientFor("dev").PostAsync($"/api/v1/requests/{Guid.NewGuid()}/cancel", body, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("Invalid JSON at");
    }

    [Fact]
    public async Task Cancel_WithTooLongComment_Answers400ForTheCommentField()
    {
        await using var host = await BrokerHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("dev").PostAsJsonAsync($"/api/v1/requests/{Guid.NewGuid()}/cancel", new { comment = new string('x', 501) }, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("comment")[0].GetString()!.ShouldContain("500");
    }

    private static async Task Save(AccessBrokerDbContext database, AccessRequest request)
    {
        database.AccessRequests.Add(request);
        await database.SaveChangesAsync(Cancellation);
    }
}
