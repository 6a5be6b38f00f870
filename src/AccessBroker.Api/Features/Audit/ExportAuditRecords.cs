using System.Globalization;
using System.Text;
using System.Text.Json;
using AccessBroker.Api.Identity;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using AccessBroker.Persistence.Audit;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Audit;

/// <summary>
/// Every audit record matching the filters, oldest first, as JSON Lines or CSV. Rows are written to the response
/// as the database returns them, so an export of millions of records never sits in memory.
/// </summary>
public sealed record ExportAuditRecords(AuditRecordFilter Filter, string Format = ExportAuditRecords.JsonLines) : IQuery<AuditExport>
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";
}

/// <summary>An export ready to be written: the rows are read while <see cref="WriteToAsync"/> runs.</summary>
public sealed record AuditExport(string ContentType, string FileName, Func<Stream, CancellationToken, Task> WriteToAsync);

internal sealed class ExportAuditRecordsValidator : AbstractValidator<ExportAuditRecords>
{
    public ExportAuditRecordsValidator()
    {
        RuleFor(query => query.Format)
            .Must(format => format is ExportAuditRecords.JsonLines or ExportAuditRecords.Csv)
            .WithMessage("'format' must be jsonl or csv.");
        this.AddFilterRules(query => query.Filter);
    }
}

internal sealed class ExportAuditRecordsHandler(AccessBrokerDbContext database, CurrentUser user, IOptions<JsonOptions> json)
    : IQueryHandler<ExportAuditRecords, AuditExport>
{
    public ValueTask<AuditExport> Handle(ExportAuditRecords query, CancellationToken cancellationToken)
    {
        var records = VisibleAuditRecords.For(database, user, query.Filter).OrderBy(record => record.Sequence).AsAsyncEnumerable();
        var export = query.Format == ExportAuditRecords.Csv
            ? new AuditExport("text/csv; charset=utf-8", "audit.csv", (body, ct) => AuditExportWriter.WriteCsvAsync(records, body, ct))
            : new AuditExport("application/jsonl; charset=utf-8", "audit.jsonl", (body, ct) => AuditExportWriter.WriteJsonLinesAsync(records, body, json.Value.SerializerOptions, ct));
        return ValueTask.FromResult(export);
    }
}

/// <summary>The two export formats: one JSON object per line (the API's record shape), or RFC 4180 CSV with a header row.</summary>
public static class AuditExportWriter
{
    private static readonly (string Header, Func<AuditRecord, string?> Value)[] CsvColumns =
    [
        ("sequence", r => r.Sequence.ToString(CultureInfo.InvariantCulture)),
        ("id", r => r.Id.ToString("D")),
        ("time", r => r.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ("action", r => r.Action),
        ("actorSubject", r => r.ActorSubject),
        ("actorName", r => r.ActorName),
        ("actorGroups", r => string.Join(';', r.ActorGroups)),
        ("actorIp", r => r.ActorIp),
        ("actorUserAgent", r => r.ActorUserAgent),
        ("targetCluster", r => r.TargetCluster),
        ("targetNamespace", r => r.TargetNamespace),
        ("targetKind", r => r.TargetKind),
        ("targetName", r => r.TargetName),
        ("grantId", r => r.GrantId?.ToString("D")),
        ("requestId", r => r.RequestId?.ToString("D")),
        ("reason", r => r.Reason),
        ("outcome", r => r.Outcome.ToString()),
        ("details", r => r.DetailsJson),
        ("traceId", r => r.TraceId),
        ("previousHash", r => r.PreviousHash),
        ("hash", r => r.Hash),
    ];

    public static Task WriteJsonLinesAsync(IAsyncEnumerable<AuditRecord> records, Stream body, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        WriteLinesAsync(records, body, null, record => JsonSerializer.Serialize(AuditRecordView.From(record), options), cancellationToken);

    public static Task WriteCsvAsync(IAsyncEnumerable<AuditRecord> records, Stream body, CancellationToken cancellationToken) =>
        WriteLinesAsync(records, body, string.Join(',', CsvColumns.Select(column => column.Header)), CsvLine, cancellationToken);

    private static async Task WriteLinesAsync(
        IAsyncEnumerable<AuditRecord> records, Stream body, string? header, Func<AuditRecord, string> line, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        if (header is not null)
        {
            await writer.WriteAsync(header + "\n");
        }

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(line(record) + "\n");
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string CsvLine(AuditRecord record) => string.Join(',', CsvColumns.Select(column => CsvField(column.Value(record))));

    /// <summary>RFC 4180: a field holding a comma, quote or line break is quoted, with quotes doubled.</summary>
    private static string CsvField(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
