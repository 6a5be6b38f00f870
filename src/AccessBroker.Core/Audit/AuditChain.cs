using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AccessBroker.Core.Audit;

/// <summary>
/// The hash chain of the audit log: each record's hash is SHA-256 (hex) over the previous record's hash, a newline
/// and the record's canonical serialisation, so changing, removing or reordering any record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string ComputeHash(AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Encoding.UTF8.GetBytes(record.PreviousHash + "\n", buffer);
        WriteCanonical(record, buffer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>
    /// A fixed-order JSON array of every field except the hash itself, written with the default (escaping) encoder;
    /// times as UTC ticks so the value is the same whichever database stored it.
    /// </summary>
    public static string Canonical(AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        WriteCanonical(record, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(AuditRecord record, IBufferWriter<byte> buffer)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        json.WriteNumberValue(record.Sequence);
        json.WriteStringValue(record.Id.ToString("D"));
        json.WriteStringValue(record.Time.UtcTicks.ToString(CultureInfo.InvariantCulture));
        json.WriteStringValue(record.Action);
        json.WriteStringValue(record.ActorSubject);
        WriteNullable(json, record.ActorName);
        json.WriteStartArray();
        foreach (var group in record.ActorGroups)
        {
            json.WriteStringValue(group);
        }

        json.WriteEndArray();
        WriteNullable(json, record.ActorIp);
        WriteNullable(json, record.ActorUserAgent);
        WriteNullable(json, record.TargetCluster);
        WriteNullable(json, record.TargetNamespace);
        WriteNullable(json, record.TargetKind);
        WriteNullable(json, record.TargetName);
        WriteNullable(json, record.GrantId?.ToString("D"));
        WriteNullable(json, record.RequestId?.ToString("D"));
        WriteNullable(json, record.Reason);
        json.WriteStringValue(record.Outcome.ToString());
        WriteNullable(json, record.DetailsJson);
        WriteNullable(json, record.TraceId);
        json.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
