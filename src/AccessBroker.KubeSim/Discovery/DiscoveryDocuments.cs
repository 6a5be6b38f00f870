using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Discovery;

/// <summary>
/// The legacy (unaggregated) discovery documents: /version, /api, /api/v1, /apis, /apis/GROUP and
/// /apis/GROUP/VERSION, as APIVersions, APIGroupList, APIGroup and APIResourceList. Clients that ask for
/// aggregated discovery (kubectl 1.26+) fall back to these when the response is plain application/json.
/// </summary>
internal static class DiscoveryDocuments
{
    public const string KubernetesVersion = "v1.33.0";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = $"{KubernetesVersion}+kubesim",
        ["gitCommit"] = "kubesim-simulator-not-kubernetes",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-25T00:00:00Z",
        ["goVersion"] = "go1.24.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups().Select(g => (JsonNode)Group(g)!).ToArray()),
    };

    public static JsonObject? Group(string name)
    {
        var versions = ResourceCatalog.All.Where(r => r.Group == name).Select(r => r.Version).Distinct().ToList();
        if (name.Length == 0 || versions.Count == 0)
        {
            return null;
        }
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject? ResourceList(string groupVersion)
    {
        var types = ResourceCatalog.All.Where(r => r.GroupVersion == groupVersion).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = type.Verbs.ToJsonArray(),
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = type.ShortNames.ToJsonArray();
            }
            resources.Add(resource);
            foreach (var sub in ResourceCatalog.Subresources.Where(s => s.Parent == type.Plural))
            {
                var subresource = new JsonObject
                {
                    ["name"] = $"{sub.Parent}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = sub.Kind,
                    ["verbs"] = sub.Verbs.ToJsonArray(),
                };
                if (sub.Group is not null)
                {
                    subresource["group"] = sub.Group;
                    subresource["version"] = sub.Version;
                }
                resources.Add(subresource);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }

    private static IEnumerable<string> Groups() => ResourceCatalog.All.Select(r => r.Group).Where(g => g.Length > 0).Distinct();
}
