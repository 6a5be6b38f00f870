using System.Net;
using System.Text.Json;
using AccessBroker.Api.Tests.Fixtures;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using static AccessBroker.Api.Tests.Features.Audit.AuditFixture;

namespace AccessBroker.Api.Tests.Features.Audit;

public sealed class ExportAuditRecordsTests
{
    private const int Records = 5000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ExportJsonLines_StreamsEveryMatchingRecordInSequenceOrder(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        await host.AppendAsync(Enumerable.Range(0, Records).Select(i => Entry(i % 2 == 0 ? "dev" : "ops")).ToArray());

        using var response = await host.ClientFor("alice", Auditor)
            .GetAsync("/api/v1/audit/export?format=jsonl&actor=dev", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        var lines = await ReadLinesAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/jsonl");
        response.Content.Headers.ContentLength.ShouldBeNull("a streamed export has no length known up front");
        lines.Count.ShouldBe(Records / 2);
        var sequences = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sequence").GetInt64()).ToArray();
        sequences.ShouldBe(Enumerable.Range(0, Records / 2).Select(i => (long)(2 * i) + 1));
        JsonDocument.Parse(lines[0]).RootElement.GetProperty("actor").GetProperty("subject").GetString().ShouldBe("dev");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ExportCsv_QuotesFieldsThatNeedIt(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var records = await host.AppendAsync(Entry("dev"), Entry("dev", outcome: AuditOutcome.Failed));

        using var response = await host.ClientFor("alice", Auditor)
            .GetAsync("/api/v1/audit/export?format=csv&outcome=Failed", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        var lines = await ReadLinesAsync(response);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        lines.Count.ShouldBe(2);
        lines[0].ShouldStartWith("sequence,id,time,action,actorSubject,");
        lines[1].ShouldStartWith($"2,{records[1].Id:D},");
        lines[1].ShouldContain(",\"INC-42, \"\"checkout\"\"\",Failed,\"{\"\"replicas\"\":3}\",");
        lines[1].ShouldEndWith("," + records[1].Hash);
    }

    [Fact]
    public async Task Export_WithUnknownFormat_Answers400()
    {
        await using var host = await StartAsync(DatabaseProvider.Sqlite);

        var response = await host.ClientFor("alice", Auditor).GetAsync("/api/v1/audit/export?format=xml", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("format").GetArrayLength().ShouldBe(1);
    }

    private static async Task<List<string>> ReadLinesAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(Cancellation) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
