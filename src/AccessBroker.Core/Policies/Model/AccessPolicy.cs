using System.Text.Json.Serialization;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Who may get which roles where, for how long, with whose approval (<c>kind: AccessPolicy</c>).
/// A policy matches a request when its subjects, clusters, namespaces and roles all match and every condition holds.
/// </summary>
/// <param name="Name">DNS label, unique in the set.</param>
/// <param name="Subjects">Groups and users the policy applies to.</param>
/// <param name="Clusters">Cluster name globs.</param>
/// <param name="Namespaces">Namespace globs.</param>
/// <param name="Roles">Names of role templates of the same set.</param>
/// <param name="MaxDuration">The longest grant the policy allows; <see langword="null"/> only for deny policies.</param>
/// <param name="Approval">Auto, manual (with approvers) or deny.</param>
/// <param name="Conditions">CEL conditions, all of which must hold.</param>
/// <param name="Source">Where the document starts.</param>
public sealed record AccessPolicy(
    string Name,
    SubjectSelector Subjects,
    IReadOnlyList<Glob> Clusters,
    IReadOnlyList<Glob> Namespaces,
    IReadOnlyList<string> Roles,
    TimeSpan? MaxDuration,
    ApprovalRequirement Approval,
    IReadOnlyList<PolicyCondition> Conditions,
    SourcePosition Source)
{
    [JsonIgnore]
    public bool IsDeny => Approval.Mode == ApprovalMode.Deny;

    internal PolicyReasonTexts ReasonTexts { get; } = new(Subjects, Clusters, Namespaces, Roles, MaxDuration, Approval);
}
