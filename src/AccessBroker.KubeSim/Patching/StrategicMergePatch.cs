using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Patching;

/// <summary>
/// Strategic merge patch for the fields kubectl and AccessBroker touch. Lists named in
/// <see cref="MergeKeys"/> merge element by element on their merge key (the <c>patchMergeKey</c> tags of
/// k8s.io/api); every other list is replaced, as for fields without a patch strategy. The directives
/// <c>$patch</c> (delete/replace/merge), <c>$setElementOrder/…</c>, <c>$retainKeys</c> and
/// <c>$deleteFromPrimitiveList/…</c> are honoured as described in the Kubernetes strategic-merge-patch design doc.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string RetainKeys = "$retainKeys";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => MergeObject(target, patch);

    private static JsonObject MergeObject(JsonObject? target, JsonObject patch)
    {
        if (patch.GetString(PatchDirective) == "replace")
        {
            var replacement = (JsonObject)patch.DeepClone();
            replacement.Remove(PatchDirective);
            return replacement;
        }
        var result = target is null ? [] : (JsonObject)target.DeepClone();
        if (patch[RetainKeys] is JsonArray retained)
        {
            var keep = retained.Select(k => k?.GetValue<string>()).ToHashSet();
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        foreach (var (key, value) in patch)
        {
            if (key is PatchDirective or RetainKeys || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var listName = key[DeleteFromPrimitiveListPrefix.Length..];
                if (result[listName] is JsonArray list && value is JsonArray removals)
                {
                    result[listName] = new JsonArray(list.Where(item => !removals.Any(r => JsonNode.DeepEquals(r, item))).Select(i => i?.DeepClone()).ToArray());
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            result[key] = value switch
            {
                JsonObject patchChild when patchChild.GetString(PatchDirective) == "delete" => null,
                JsonObject patchChild => MergeObject(result[key] as JsonObject, patchChild),
                JsonArray patchList when MergeKeys.TryGetValue(key, out var mergeKey) =>
                    MergeList(result[key] as JsonArray, patchList, mergeKey, patch[SetElementOrderPrefix + key] as JsonArray),
                JsonArray patchList when MergedPrimitiveLists.Contains(key) => MergePrimitiveList(result[key] as JsonArray, patchList),
                _ => value.DeepClone(),
            };
            if (result[key] is null)
            {
                result.Remove(key);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string mergeKey, JsonArray? order)
    {
        if (patch.Any(item => item is JsonObject o && o.GetString(PatchDirective) == "replace"))
        {
            return new JsonArray(patch.Where(item => item.GetString(PatchDirective) is null).Select(i => i?.DeepClone()).ToArray());
        }
        var merged = target?.Select(item => item?.DeepClone()).ToList() ?? [];
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey]?.ToJsonString();
            var index = merged.FindIndex(existing => existing is JsonObject e && e[mergeKey]?.ToJsonString() == key);
            if (item.GetString(PatchDirective) == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = MergeObject(merged[index] as JsonObject, item);
            }
            else
            {
                merged.Add(item.DeepClone());
            }
        }
        if (order is not null)
        {
            var positions = order.Select(o => o?[mergeKey]?.ToJsonString()).ToList();
            merged = merged
                .OrderBy(item => positions.IndexOf(item?[mergeKey]?.ToJsonString()) is var p && p >= 0 ? p : int.MaxValue)
                .ToList();
        }
        return new JsonArray(merged.ToArray());
    }

    private static JsonArray MergePrimitiveList(JsonArray? target, JsonArray patch)
    {
        var merged = target?.Select(item => item?.DeepClone()).ToList() ?? [];
        foreach (var item in patch.Where(item => !merged.Any(existing => JsonNode.DeepEquals(existing, item))))
        {
            merged.Add(item?.DeepClone());
        }
        return new JsonArray(merged.ToArray());
    }
}
