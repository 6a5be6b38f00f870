using AccessBroker.Core.Requests;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>Access requests as the database would hold them, for arranging tests.</summary>
internal static class SampleRequests
{
    public static AccessRequest Pending(string subject, DateTimeOffset createdAt, string @namespace = "payments") => new()
    {
        Id = Guid.NewGuid(),
        Requester = new Person(subject, subject, $"{subject}@example.test", ["payments-devs"]),
        Cluster = "sandbox",
        Namespace = @namespace,
        Role = "troubleshoot",
        Duration = TimeSpan.FromHours(1),
        Reason = "INC-42 checkout errors",
        Status = AccessRequestStatus.Pending,
        CreatedAt = createdAt,
        PendingUntil = createdAt.AddHours(24),
    };
}
