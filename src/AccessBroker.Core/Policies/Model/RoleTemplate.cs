namespace AccessBroker.Core.Policies;

/// <summary>
/// A named bundle of Kubernetes permissions that can be requested (<c>kind: RoleTemplate</c>).
/// The Kubernetes adapter renders it as the ClusterRole <c>accessbroker:&lt;name&gt;</c>.
/// </summary>
/// <param name="Name">DNS label, unique in the set.</param>
/// <param name="Description">What the role allows, for people choosing a role.</param>
/// <param name="Rules">The permissions, as Kubernetes PolicyRules.</param>
/// <param name="Actions">The brokered actions a grant of this role may run through AccessBroker; empty when none.</param>
/// <param name="Source">Where the document starts.</param>
public sealed record RoleTemplate(
    string Name,
    string Description,
    IReadOnlyList<PolicyRule> Rules,
    IReadOnlyList<BrokeredAction> Actions,
    SourcePosition Source);
