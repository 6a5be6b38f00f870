using AccessBroker.Api.Identity;
using AccessBroker.Persistence;
using AccessBroker.Persistence.Audit;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>Audit records matching the filters, newest first, one cursor page at a time.</summary>
public sealed record ListAuditRecords(AuditRecordFilter Filter, int Limit = ListAuditRecords.DefaultLimit, string? Cursor = null)
    : IQuery<AuditPage>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

public sealed record AuditPage(IReadOnlyList<AuditRecordView> Items, string? NextCursor);

internal sealed class ListAuditRecordsValidator : AbstractValidator<ListAuditRecords>
{
    public ListAuditRecordsValidator()
    {
        RuleFor(query => query.Limit).InclusiveBetween(1, ListAuditRecords.MaxLimit);
        RuleFor(query => query.Cursor)
            .Must(cursor => SequenceCursor.TryDecode(cursor, out _))
            .WithMessage("'Cursor' is not a cursor this API returned.");
        this.AddFilterRules(query => query.Filter);
    }
}

internal sealed class ListAuditRecordsHandler(AccessBrokerDbContext database, CurrentUser user) : IQueryHandler<ListAuditRecords, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ListAuditRecords query, CancellationToken cancellationToken)
    {
        var records = VisibleAuditRecords.For(database, user, query.Filter);
        if (SequenceCursor.TryDecode(query.Cursor, out var after) && after is { } before)
        {
            records = records.Where(record => record.Sequence < before);
        }

        var page = await records
            .OrderByDescending(record => record.Sequence)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);

        var next = page.Count > query.Limit ? SequenceCursor.Encode(page[query.Limit - 1].Sequence) : null;
        return new AuditPage(page.Take(query.Limit).Select(AuditRecordView.From).ToArray(), next);
    }
}
