using System.Text.Json.Serialization;

namespace AccessBroker.Core.Policies;

/// <summary>
/// One rule of a role template, in the shape of a Kubernetes <c>rbac.authorization.k8s.io/v1</c> PolicyRule.
/// Lists that were absent in the file are empty. In JSON the names are Kubernetes' own (<c>nonResourceURLs</c>).
/// </summary>
public sealed record PolicyRule(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> Verbs,
    [property: JsonPropertyName("nonResourceURLs")] IReadOnlyList<string> NonResourceUrls);
