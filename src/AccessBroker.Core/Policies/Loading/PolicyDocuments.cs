using AccessBroker.Core.Policies.Testing;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

/// <summary>
/// What the documents of a folder define, gathered file by file; cross-document checks (duplicate names,
/// role references, tests naming policies) run once everything is read.
/// </summary>
internal sealed class PolicyDocuments
{
    private readonly List<(string Role, YamlNode Node, YamlErrors Errors)> _roleReferences = [];
    private readonly List<(string Policy, YamlNode Node, YamlErrors Errors)> _policyReferences = [];
    private readonly Dictionary<string, SourcePosition> _definitions = new(StringComparer.Ordinal);

    public List<RoleTemplate> RoleTemplates { get; } = [];

    public List<AccessPolicy> Policies { get; } = [];

    public List<PolicyTestCase> Tests { get; } = [];

    public void Define(string kind, string name, YamlNode nameNode, YamlErrors errors)
    {
        var key = $"{kind}/{name}";
        if (_definitions.TryGetValue(key, out var earlier))
        {
            errors.Add(nameNode, $"metadata.name: {kind} '{name}' is already defined at {earlier}");
            return;
        }

        _definitions[key] = errors.PositionOf(nameNode);
    }

    public void ReferToRole(string role, YamlNode node, YamlErrors errors) => _roleReferences.Add((role, node, errors));

    public void ReferToPolicy(string policy, YamlNode node, YamlErrors errors) => _policyReferences.Add((policy, node, errors));

    public void CheckReferences()
    {
        var roles = RoleTemplates.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (role, node, errors) in _roleReferences.Where(r => !roles.Contains(r.Role)))
        {
            errors.Add(node, $"spec.roles: no RoleTemplate named '{role}'; defined: {Listing(roles)}");
        }

        var policies = Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (policy, node, errors) in _policyReferences.Where(p => !policies.Contains(p.Policy)))
        {
            errors.Add(node, $"expect.policy: no AccessPolicy named '{policy}'; defined: {Listing(policies)}");
        }
    }

    private static string Listing(IEnumerable<string> names)
    {
        var listing = string.Join(", ", names.Order(StringComparer.Ordinal));
        return listing.Length == 0 ? "none" : listing;
    }
}
