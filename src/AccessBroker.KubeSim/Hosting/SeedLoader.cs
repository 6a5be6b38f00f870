using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Auth;
using k8s;

namespace AccessBroker.KubeSim.Hosting;

/// <summary>Creates the objects of multi-document YAML through the normal write path, as the admin would with kubectl create.</summary>
internal static class SeedLoader
{
    private static readonly string[] KindOrder = ["Namespace", "ServiceAccount", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding"];

    public static void Load(string yaml, ObjectWriter writer, UserInfo admin)
    {
        var objects = KubernetesYaml.LoadAllFromString(yaml)
            .Select(o => JsonNode.Parse(KubernetesJson.Serialize(o))!.AsObject())
            .OrderBy(o => Array.IndexOf(KindOrder, o["kind"]?.GetValue<string>()) is var i && i >= 0 ? i : KindOrder.Length)
            .ToList();
        foreach (var obj in objects)
        {
            var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
            var kind = obj["kind"]?.GetValue<string>() ?? "";
            var type = ResourceCatalog.FindByKind(apiVersion, kind)
                ?? throw new InvalidOperationException($"KubeSim seed: {apiVersion} {kind} is not a resource KubeSim serves.");
            if (type.Namespaced && obj["metadata"]?["namespace"] is null)
            {
                obj["metadata"]!["namespace"] = "default";
            }
            writer.Create(type, obj, new WriteOptions("Strict", false, admin));
        }
    }
}
