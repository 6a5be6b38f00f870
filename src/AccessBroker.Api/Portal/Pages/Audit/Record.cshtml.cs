using System.Text.Json;
using AccessBroker.Api.Features.Audit;

namespace AccessBroker.Api.Portal.Pages.Audit;

/// <summary>One audit record with its details (before/after, errors) and its place in the hash chain.</summary>
public sealed class RecordModel : AuditPageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public AuditRecordView? Record { get; private set; }

    public async Task OnGetAsync(long sequence) => Record = await QueryAsync(new GetAuditRecord(sequence));

    public string? DetailsJson => Record?.Details is { } details ? JsonSerializer.Serialize(details, Indented) : null;

    /// <summary>Pairs of <c>xBefore</c>/<c>xAfter</c> values in the details (or their <c>result</c>), as a before/after table.</summary>
    public IReadOnlyList<(string Name, string Before, string After)> Changes
    {
        get
        {
            if (Record?.Details is not { ValueKind: JsonValueKind.Object } details)
            {
                return [];
            }

            var source = details.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object ? result : details;
            var values = source.EnumerateObject().ToDictionary(property => property.Name, property => property.Value, StringComparer.Ordinal);
            return values.Keys
                .Where(name => name.EndsWith("Before", StringComparison.Ordinal) && values.ContainsKey(name[..^6] + "After"))
                .Select(name => (name[..^6], Text(values[name]), Text(values[name[..^6] + "After"])))
                .ToArray();
        }
    }

    public long? IntentSequence =>
        Record?.Details is { ValueKind: JsonValueKind.Object } details && details.TryGetProperty("intentSequence", out var intent) && intent.TryGetInt64(out var sequence)
            ? sequence
            : null;

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null => "-",
        _ => value.GetRawText(),
    };
}
