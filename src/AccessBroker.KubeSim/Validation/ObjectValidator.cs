using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Validation;

/// <summary>
/// The validation a real API server runs before storing (pkg/apis/*/validation), for the fields KubeSim's
/// resources have; failures become one 422 <c>Status</c> listing every field error.
/// </summary>
internal static class ObjectValidator
{
    public static void Validate(ResourceType type, JsonObject obj, JsonObject? current)
    {
        var errors = new List<FieldError>();
        ValidateMetadata(type, obj, errors);
        switch (type.Kind)
        {
            case "Deployment" or "ReplicaSet":
                ValidateWorkload(obj, errors);
                break;
            case "Pod":
                ValidateContainers(obj["spec"]?["containers"], "spec.containers", errors);
                break;
            case "Role" or "ClusterRole":
                ValidateRules(obj, type.Namespaced, errors);
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                ValidateBinding(type, obj, current, errors);
                break;
            default:
                break;
        }
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid(type, obj.Name(), errors);
        }
    }

    private static void ValidateMetadata(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        var name = obj.Name();
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            var nameErrors = type.Kind switch
            {
                "Namespace" => NameRules.Dns1123Label(name),
                "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding" => NameRules.PathSegment(name),
                _ => NameRules.Dns1123Subdomain(name),
            };
            errors.AddRange(nameErrors.Select(message => FieldError.InvalidValue("metadata.name", name, message)));
        }
        foreach (var (key, value) in obj.Labels())
        {
            errors.AddRange(NameRules.LabelValue(value).Select(message => FieldError.InvalidValue("metadata.labels", value, message)));
            if (key.Length == 0 || key.Split('/').Last().Length > 63)
            {
                errors.Add(FieldError.InvalidValue("metadata.labels", key, "name part must be no more than 63 characters"));
            }
        }
    }

    private static void ValidateWorkload(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"];
        if (spec.GetInteger("replicas") is < 0 and var replicas)
        {
            errors.Add(FieldError.InvalidValue("spec.replicas", replicas, "must be greater than or equal to 0"));
        }
        var selector = spec?["selector"];
        if (selector is null || (ObjectMetadata.StringMap(selector["matchLabels"]).Count == 0 && selector["matchExpressions"] is not JsonArray { Count: > 0 }))
        {
            errors.Add(FieldError.Required("spec.selector"));
        }
        else
        {
            var templateLabels = ObjectMetadata.StringMap(spec?["template"]?["metadata"]?["labels"]);
            if (!LabelSelector.FromObject(selector).Matches(templateLabels))
            {
                var shown = string.Join(", ", templateLabels.Select(l => $"\"{l.Key}\":\"{l.Value}\""));
                errors.Add(new FieldError("spec.template.metadata.labels", "FieldValueInvalid",
                    $"Invalid value: map[string]string{{{shown}}}: `selector` does not match template `labels`"));
            }
        }
        ValidateContainers(spec?["template"]?["spec"]?["containers"], "spec.template.spec.containers", errors);
    }

    private static void ValidateContainers(JsonNode? containers, string path, List<FieldError> errors)
    {
        if (containers is not JsonArray { Count: > 0 } list)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].GetString("name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}[{i}].name"));
            }
            else
            {
                errors.AddRange(NameRules.Dns1123Label(name).Select(m => FieldError.InvalidValue($"{path}[{i}].name", name, m)));
            }
            if (string.IsNullOrEmpty(list[i].GetString("image")))
            {
                errors.Add(FieldError.Required($"{path}[{i}].image"));
            }
        }
    }

    private static void ValidateRules(JsonObject role, bool namespaced, List<FieldError> errors)
    {
        if (role["rules"] is not JsonArray rules)
        {
            return;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"rules[{i}]";
            if (rule.GetStrings("verbs").Count == 0)
            {
                errors.Add(FieldError.Required($"{path}.verbs", "verbs must contain at least one value"));
            }
            var urls = rule.GetStrings("nonResourceURLs");
            if (urls.Count > 0)
            {
                if (namespaced)
                {
                    errors.Add(new FieldError($"{path}.nonResourceURLs", "FieldValueInvalid",
                        $"Invalid value: []string{{{string.Join(", ", urls.Select(u => $"\"{u}\""))}}}: namespaced rules cannot apply to non-resource URLs"));
                }
                if (rule.GetStrings("apiGroups").Count > 0 || rule.GetStrings("resources").Count > 0)
                {
                    errors.Add(new FieldError($"{path}.nonResourceURLs", "FieldValueInvalid",
                        $"Invalid value: []string{{{string.Join(", ", urls.Select(u => $"\"{u}\""))}}}: rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if (rule.GetStrings("apiGroups").Count == 0)
            {
                errors.Add(FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group"));
            }
            if (rule.GetStrings("resources").Count == 0)
            {
                errors.Add(FieldError.Required($"{path}.resources", "resource rules must supply at least one resource"));
            }
        }
    }

    private static void ValidateBinding(ResourceType type, JsonObject binding, JsonObject? current, List<FieldError> errors)
    {
        var roleRef = binding["roleRef"];
        var kind = roleRef.GetString("kind") ?? "";
        string[] supported = type.Kind == "RoleBinding" ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!supported.Contains(kind))
        {
            errors.Add(new FieldError("roleRef.kind", "FieldValueNotSupported",
                $"Unsupported value: \"{kind}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}"));
        }
        if (roleRef.GetString("apiGroup") != ResourceCatalog.RbacGroup)
        {
            errors.Add(new FieldError("roleRef.apiGroup", "FieldValueNotSupported",
                $"Unsupported value: \"{roleRef.GetString("apiGroup")}\": supported values: \"{ResourceCatalog.RbacGroup}\""));
        }
        if (string.IsNullOrEmpty(roleRef.GetString("name")))
        {
            errors.Add(FieldError.Required("roleRef.name"));
        }
        if (current is not null && !JsonNode.DeepEquals(current["roleRef"], roleRef))
        {
            errors.Add(new FieldError("roleRef", "FieldValueInvalid",
                $"Invalid value: {roleRef?.ToJsonString()}: cannot change roleRef"));
        }
        if (binding["subjects"] is not JsonArray subjects)
        {
            return;
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            var subject = subjects[i];
            var subjectKind = subject.GetString("kind") ?? "";
            if (string.IsNullOrEmpty(subject.GetString("name")))
            {
                errors.Add(FieldError.Required($"subjects[{i}].name"));
            }
            if (subjectKind is not ("ServiceAccount" or "User" or "Group"))
            {
                errors.Add(new FieldError($"subjects[{i}].kind", "FieldValueNotSupported",
                    $"Unsupported value: \"{subjectKind}\": supported values: \"ServiceAccount\", \"User\", \"Group\""));
            }
            if (subjectKind == "ServiceAccount" && string.IsNullOrEmpty(subject.GetString("namespace")) && !type.Namespaced)
            {
                errors.Add(FieldError.Required($"subjects[{i}].namespace"));
            }
        }
    }
}
