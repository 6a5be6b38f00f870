using System.Globalization;
using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Storage;

/// <summary>Typed access to the <c>metadata</c> of objects kept as JSON.</summary>
internal static class ObjectMetadata
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }
        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Name(this JsonObject obj) => obj.Metadata().GetString("name") ?? "";

    public static string Namespace(this JsonObject obj) => obj.Metadata().GetString("namespace") ?? "";

    public static string Uid(this JsonObject obj) => obj.Metadata().GetString("uid") ?? "";

    public static string ResourceVersion(this JsonObject obj) => obj.Metadata().GetString("resourceVersion") ?? "";

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) => StringMap(obj.Metadata()["labels"]);

    public static IReadOnlyDictionary<string, string> Annotations(this JsonObject obj) => StringMap(obj.Metadata()["annotations"]);

    public static void SetAnnotation(this JsonObject obj, string key, string? value)
    {
        var metadata = obj.Metadata();
        if (metadata["annotations"] is not JsonObject annotations)
        {
            if (value is null)
            {
                return;
            }
            annotations = [];
            metadata["annotations"] = annotations;
        }
        if (value is null)
        {
            annotations.Remove(key);
        }
        else
        {
            annotations[key] = value;
        }
    }

    public static string? GetString(this JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? GetInteger(this JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public static bool GetBoolean(this JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static IReadOnlyList<string> GetStrings(this JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonArray array
            ? array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList()
            : [];

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<object>().ToString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static JsonArray ToJsonArray(this IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    public static JsonObject ToJson(this IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }
        return json;
    }

    /// <summary>RFC 3339 with second precision, as metav1.Time serialises.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject OwnerReference(JsonObject owner, string apiVersion, string kind) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static bool IsControlledBy(this JsonObject obj, JsonObject owner) =>
        obj.Metadata()["ownerReferences"] is JsonArray references
        && references.Any(r => r.GetString("uid") == owner.Uid() && r.GetBoolean("controller"));
}
