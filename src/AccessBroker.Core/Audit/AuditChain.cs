using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Core.Audit;

/// <summary>
/// The hash chain of the audit log: each record's hash is SHA-256 (hex) over the previous record's hash and
/// the record's canonical serialisation, so changing, removing or reordering any record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string ComputeHash(AuditRecord record)
    {
        var canonical = Canonical(record);
        var bytes = Encoding.UTF8.GetBytes(record.PreviousHash + "\n" + canonical);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// A fixed-order JSON array of every field except the hash itself; times as UTC ticks so the value is the
    /// same whichever database stored it.
    /// </summary>
    public static string Canonical(AuditRecord record) => JsonSerializer.Serialize(new object?[]
    {
        record.Sequence,
        record.Id.ToString("D"),
        record.Time.UtcTicks.ToString(CultureInfo.InvariantCulture),
        record.Action,
        record.ActorSubject,
        record.ActorName,
        record.ActorGroups,
        record.ActorIp,
        record.ActorUserAgent,
        record.TargetCluster,
        record.TargetNamespace,
        record.TargetKind,
        record.TargetName,
        record.GrantId?.ToString("D"),
        record.RequestId?.ToString("D"),
        record.Reason,
        record.Outcome.ToString(),
        record.DetailsJson,
        record.TraceId,
    });
}
