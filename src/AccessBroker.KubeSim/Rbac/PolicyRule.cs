using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Rbac;

/// <summary>An rbac.authorization.k8s.io/v1 PolicyRule with the matching of plugin/pkg/auth/authorizer/rbac/rbac.go.</summary>
internal sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    private const string All = "*";

    public static PolicyRule FromJson(JsonNode? rule) => new(
        rule.GetStrings("verbs"), rule.GetStrings("apiGroups"), rule.GetStrings("resources"),
        rule.GetStrings("resourceNames"), rule.GetStrings("nonResourceURLs"));

    public static IReadOnlyList<PolicyRule> FromRole(JsonObject? role) =>
        role?["rules"] is JsonArray rules ? rules.Select(FromJson).ToList() : [];

    public bool Allows(AuthorizationAttributes request)
    {
        if (!Verbs.Contains(All) && !Verbs.Contains(request.Verb))
        {
            return false;
        }
        if (!request.IsResourceRequest)
        {
            return NonResourceUrls.Any(url => url == All || url == request.Path || (url.EndsWith('*') && request.Path.StartsWith(url[..^1], StringComparison.Ordinal)));
        }
        return (ApiGroups.Contains(All) || ApiGroups.Contains(request.ApiGroup))
            && ResourceMatches(request)
            && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name));
    }

    private bool ResourceMatches(AuthorizationAttributes request)
    {
        var combined = request.ResourceWithSubresource;
        return Resources.Any(resource =>
            resource == All
            || resource == combined
            || (request.Subresource.Length > 0 && resource == $"*/{request.Subresource}"));
    }

    /// <summary>The Go-syntax form rbac's CompactString prints in escalation errors.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        Add("APIGroups", ApiGroups);
        Add("Resources", Resources);
        Add("ResourceNames", ResourceNames);
        Add("NonResourceURLs", NonResourceUrls);
        Add("Verbs", Verbs);
        return "{" + string.Join(", ", parts) + "}";

        void Add(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                parts.Add($"{name}:[{string.Join(' ', values.Select(v => $"\"{v}\""))}]");
            }
        }
    }
}
