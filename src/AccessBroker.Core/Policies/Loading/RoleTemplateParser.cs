using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

internal static class RoleTemplateParser
{
    private static readonly string[] ActionNames = Enum.GetNames<BrokeredAction>().Select(n => n.ToLowerInvariant()).ToArray();

    public static RoleTemplate Parse(YamlMapping spec, string name, SourcePosition source)
    {
        var description = spec.String("description", required: false) ?? string.Empty;
        var rules = spec.Sequence("rules", requireItems: true)
            .Select(item => ParseRule(spec, item.Node, item.Path))
            .OfType<PolicyRule>()
            .ToList();
        var actions = spec.Strings("actions", requireItems: false, CheckAction)
            .Select(a => Enum.Parse<BrokeredAction>(a, ignoreCase: true))
            .Distinct()
            .ToList();
        return new RoleTemplate(name, description, rules, actions, source);
    }

    private static string? CheckAction(string action) =>
        ActionNames.Contains(action) ? null : $"unknown action '{action}'; expected one of {string.Join(", ", ActionNames)}";

    // Kubernetes' own validation of a ClusterRole rule: verbs always; resources need apiGroups; a rule is either
    // about resources or about non-resource URLs, never both.
    private static PolicyRule? ParseRule(YamlMapping spec, YamlNode node, string path)
    {
        var rule = YamlMapping.Open(spec.Errors, node, path, "apiGroups", "resources", "resourceNames", "verbs", "nonResourceURLs");
        if (rule is null)
        {
            return null;
        }

        var apiGroups = rule.Strings("apiGroups", requireItems: false);
        var resources = rule.Strings("resources", requireItems: false, PolicyNames.CheckNotEmpty);
        var resourceNames = rule.Strings("resourceNames", requireItems: false, PolicyNames.CheckNotEmpty);
        var verbs = rule.Strings("verbs", requireItems: true, PolicyNames.CheckNotEmpty);
        var nonResourceUrls = rule.Strings("nonResourceURLs", requireItems: false, PolicyNames.CheckNotEmpty);
        if (resources.Count > 0 && nonResourceUrls.Count > 0)
        {
            spec.Errors.Add(node, $"{path}: a rule has either resources or nonResourceURLs, not both");
        }
        else if (resources.Count == 0 && nonResourceUrls.Count == 0)
        {
            spec.Errors.Add(node, $"{path}: a rule needs resources (with apiGroups) or nonResourceURLs");
        }
        else if (resources.Count > 0 && rule.Optional("apiGroups") is null)
        {
            spec.Errors.Add(node, $"{path}.apiGroups: required with resources (use [\"\"] for the core group)");
        }

        return new PolicyRule(apiGroups, resources, resourceNames, verbs, nonResourceUrls);
    }
}
