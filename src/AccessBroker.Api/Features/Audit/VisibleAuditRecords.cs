using AccessBroker.Api.Identity;
using AccessBroker.Core.Audit;
using AccessBroker.Persistence;
using AccessBroker.Persistence.Audit;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace AccessBroker.Api.Features.Audit;

/// <summary>What the caller may read of the audit log: auditors and admins everything, everyone else the records where they are the actor.</summary>
internal static class VisibleAuditRecords
{
    public static IQueryable<AuditRecord> For(AccessBrokerDbContext database, CurrentUser user, AuditRecordFilter filter)
    {
        var records = database.AuditRecords.AsNoTracking();
        if (!user.IsAuditor)
        {
            var subject = user.Subject;
            records = records.Where(record => record.ActorSubject == subject);
        }

        return filter.Apply(records);
    }

    /// <summary>The rules every filtered audit query shares, reported under the query parameters' names.</summary>
    public static void AddFilterRules<T>(this AbstractValidator<T> validator, Func<T, AuditRecordFilter> filter)
    {
        validator.RuleFor(query => filter(query).Outcome).IsInEnum().OverridePropertyName("outcome");
        validator.RuleFor(query => filter(query).To)
            .Must((query, to) => to > filter(query).From)
            .When(query => filter(query) is { From: not null, To: not null })
            .OverridePropertyName("to")
            .WithMessage("'to' must be later than 'from'.");
    }
}
