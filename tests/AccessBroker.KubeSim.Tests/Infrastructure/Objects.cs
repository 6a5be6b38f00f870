using System.Text.Json.Nodes;

namespace AccessBroker.KubeSim.Tests.Infrastructure;

/// <summary>Request bodies for the objects tests create.</summary>
internal static class Objects
{
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject ServiceAccount(string name, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = Metadata(name, labels),
    };

    public static JsonObject Deployment(string name, string image, int replicas = 2) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Metadata(name, new Dictionary<string, string> { ["app"] = name }),
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = image,
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "GREETING", ["value"] = "hello from kubesim" }),
                    }),
                },
            },
        },
    };

    /// <summary>A Role or ClusterRole with one rule per (verbs, apiGroups, resources[, resourceNames]) tuple.</summary>
    public static JsonObject Role(string kind, string name, params (string[] Verbs, string[] Groups, string[] Resources, string[]? Names)[] rules)
    {
        var ruleArray = new JsonArray();
        foreach (var (verbs, groups, resources, names) in rules)
        {
            var rule = new JsonObject { ["verbs"] = Array(verbs), ["apiGroups"] = Array(groups), ["resources"] = Array(resources) };
            if (names is not null)
            {
                rule["resourceNames"] = Array(names);
            }
            ruleArray.Add(rule);
        }
        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["rules"] = ruleArray,
        };
    }

    public static JsonObject Binding(string kind, string name, string roleKind, string roleName, params JsonObject[] subjects) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
        ["subjects"] = new JsonArray(subjects),
    };

    public static JsonObject ServiceAccountSubject(string @namespace, string name) =>
        new() { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = @namespace };

    public static JsonObject GroupSubject(string name) =>
        new() { ["kind"] = "Group", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = name };

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonObject Metadata(string name, IReadOnlyDictionary<string, string>? labels)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            var labelObject = new JsonObject();
            foreach (var (key, value) in labels)
            {
                labelObject[key] = value;
            }
            metadata["labels"] = labelObject;
        }
        return metadata;
    }
}
