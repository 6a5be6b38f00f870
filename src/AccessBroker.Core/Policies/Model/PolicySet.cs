namespace AccessBroker.Core.Policies;

/// <summary>
/// A loaded, valid, immutable set of role templates and access policies, in file order (files sorted by path),
/// identified by the SHA-256 of its files. It evaluates requests itself; <see cref="PolicyStore"/> holds the current one.
/// </summary>
public sealed class PolicySet : IPolicyEvaluator
{
    private readonly Dictionary<string, RoleTemplate> _roleTemplatesByName;

    internal PolicySet(IReadOnlyList<RoleTemplate> roleTemplates, IReadOnlyList<AccessPolicy> policies, string sha256)
    {
        RoleTemplates = roleTemplates;
        Policies = policies;
        Sha256 = sha256;
        _roleTemplatesByName = roleTemplates.ToDictionary(r => r.Name, StringComparer.Ordinal);
        Index = new PolicyIndex(policies);
    }

    /// <summary>The set in force before any load: no policies, so every request is denied.</summary>
    public static PolicySet Empty { get; } = new([], [], string.Empty);

    public IReadOnlyList<RoleTemplate> RoleTemplates { get; }

    public IReadOnlyList<AccessPolicy> Policies { get; }

    /// <summary>Lowercase hex SHA-256 over the files the set was loaded from; empty for <see cref="Empty"/>.</summary>
    public string Sha256 { get; }

    internal PolicyIndex Index { get; }

    public RoleTemplate? FindRoleTemplate(string name) => _roleTemplatesByName.GetValueOrDefault(name);

    public PolicyDecision Evaluate(PolicyUser user, PolicyRequest request, DateTimeOffset now, bool explain = false) =>
        PolicyEvaluator.Evaluate(this, user, request, now, explain);
}
