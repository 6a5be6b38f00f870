using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;

namespace AccessBroker.KubeSim.Discovery;

/// <summary>
/// /openapi/v3 and one document per group version. The documents describe each resource's operations with
/// x-kubernetes-action and x-kubernetes-group-version-kind and list the <c>fieldValidation</c> query parameter,
/// which is what kubectl (k8s.io/cli-runtime resource.QueryParamVerifierV3) checks before it leaves schema
/// validation to the server and sends <c>fieldValidation=Strict</c>. Schemas are open objects; KubeSim
/// validates on the server. The PATCH operations do not offer strategic merge patch in the document, so that
/// <c>kubectl apply</c> computes its patches from its compiled-in types instead of from these open schemas.
/// </summary>
internal static class OpenApiV3Documents
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Documents = new(Build);

    public static JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (groupVersion, document) in Documents.Value)
        {
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document)));
            paths[PathOf(groupVersion)] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{PathOf(groupVersion)}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static string? Document(string path) =>
        Documents.Value.FirstOrDefault(d => PathOf(d.Key) == path).Value;

    private static string PathOf(string groupVersion) => groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}";

    private static IReadOnlyDictionary<string, string> Build() =>
        ResourceCatalog.GroupVersions.ToDictionary(gv => gv, gv => BuildDocument(gv).ToJsonString());

    private static JsonObject BuildDocument(string groupVersion)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in ResourceCatalog.All.Where(r => r.GroupVersion == groupVersion))
        {
            var schemaName = $"io.k8s.kubesim.{type.GroupVersion.Replace('/', '.')}.{type.Kind}";
            schemas[schemaName] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{type.Kind} (KubeSim validates this schema on the server).",
                ["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(type)),
            };
            var prefix = "/" + PathOf(groupVersion) + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural;
            var collection = new JsonObject();
            var item = new JsonObject();
            if (type.IsStored)
            {
                collection["get"] = Operation(type, "list", schemaName, false);
                item["get"] = Operation(type, "get", schemaName, false);
                item["put"] = Operation(type, "put", schemaName, true);
                item["patch"] = Operation(type, "patch", schemaName, true);
                item["delete"] = Operation(type, "delete", schemaName, false);
                paths[prefix + "/{name}"] = item;
            }
            collection["post"] = Operation(type, "post", schemaName, true);
            paths[prefix] = collection;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (KubeSim)", ["version"] = DiscoveryDocuments.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(ResourceType type, string action, string schemaName, bool writes)
    {
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{type.Kind}",
            ["parameters"] = new JsonArray(writes
                ? [Parameter("dryRun"), Parameter("fieldManager"), Parameter("fieldValidation")]
                : [Parameter("pretty")]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(type),
        };
        if (writes)
        {
            string[] mediaTypes = action == "patch"
                ? ["application/json-patch+json", "application/merge-patch+json"]
                : ["application/json"];
            var content = new JsonObject();
            foreach (var mediaType in mediaTypes)
            {
                content[mediaType] = new JsonObject { ["schema"] = reference.DeepClone() };
            }
            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }
        return operation;
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = name,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Gvk(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
}
