using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Workloads;

/// <summary>The <c>scale</c> subresource of Deployments and ReplicaSets, an autoscaling/v1 Scale view of spec.replicas.</summary>
internal sealed class ScaleSubresource(ObjectStore store, ObjectWriter writer)
{
    private static readonly ResourceType ScaleType =
        ResourceType.Create<k8s.Models.V1Scale>("autoscaling", "v1", "scale", "Scale", true, ResourceType.StoredVerbs);

    public async Task HandleAsync(ApiCall call, ResourceType type)
    {
        var info = call.Info;
        switch (info.Verb)
        {
            case "get":
                await call.RespondAsync(200, ToScale(store.GetRequired(type, info.Namespace, info.Name)));
                break;
            case "update" or "patch":
                var body = await call.ReadJsonAsync();
                var contentType = call.Http.Request.ContentType ?? "";
                var updated = writer.Update(type, info.Namespace, info.Name, current =>
                {
                    var scale = info.Verb == "update" ? body as JsonObject ?? [] : ResourceHandler.ApplyPatch(ToScale(current), body, contentType);
                    var replicas = scale["spec"].GetInteger("replicas") ?? 0;
                    if (replicas < 0)
                    {
                        throw KubeApiException.Invalid(ScaleType, info.Name,
                            [FieldError.InvalidValue("spec.replicas", replicas, "must be greater than or equal to 0")]);
                    }
                    var requestedVersion = scale.ResourceVersion();
                    if (requestedVersion.Length > 0 && requestedVersion != current.ResourceVersion())
                    {
                        throw KubeApiException.Conflict(type, info.Name);
                    }
                    current["spec"]!["replicas"] = replicas;
                    return current;
                }, call.WriteOptions());
                await call.RespondAsync(200, ToScale(updated));
                break;
            default:
                throw KubeApiException.MethodNotSupported(type, info.Verb);
        }
    }

    private static JsonObject ToScale(JsonObject workload)
    {
        var metadata = workload.Metadata();
        var selector = workload["spec"]?["selector"]?["matchLabels"];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = workload.Name(),
                ["namespace"] = workload.Namespace(),
                ["uid"] = workload.Uid(),
                ["resourceVersion"] = workload.ResourceVersion(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload["spec"].GetInteger("replicas") ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload["status"].GetInteger("replicas") ?? 0,
                ["selector"] = string.Join(',', ObjectMetadata.StringMap(selector).Select(p => $"{p.Key}={p.Value}")),
            },
        };
    }
}
