using System.Text.Json.Nodes;
using k8s;

namespace AccessBroker.KubeSim.Api;

/// <summary>A Kubernetes resource KubeSim serves: its group/version, names, scope, verbs and model type.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ShortNames,
    Type ModelType,
    Func<JsonNode, object?> Decode)
{
    public static readonly string[] StoredVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update"];
    public static readonly string[] CreateOnly = ["create"];

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The "resource.group" form Kubernetes uses in error messages ("deployments.apps").</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Reviews and TokenRequests are created and answered, never stored.</summary>
    public bool IsStored => Verbs.Contains("get");

    public static ResourceType Create<TModel>(
        string group, string version, string plural, string kind, bool namespaced, string[] verbs, params string[] shortNames) =>
        new(group, version, plural, kind.ToLowerInvariant(), kind, namespaced, verbs, shortNames, typeof(TModel),
            node => KubernetesJson.Deserialize<TModel>(node));
}

/// <summary>A subresource listed in discovery (pods/log, deployments/scale, ...).</summary>
internal sealed record SubresourceType(string Parent, string Name, string Kind, string? Group, string? Version, IReadOnlyList<string> Verbs);
