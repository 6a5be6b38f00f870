using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Api;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Pods;

/// <summary>Picks the container a log or exec request means, with the API server's errors when it cannot.</summary>
internal static class PodContainers
{
    public static JsonObject Resolve(JsonObject pod, string? requested)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (string.IsNullOrEmpty(requested))
        {
            if (containers.Count == 1)
            {
                return containers[0];
            }
            var names = string.Join(' ', containers.Select(c => c.GetString("name")));
            throw KubeApiException.BadRequest($"a container name must be specified for pod {pod.Name()}, choose one of: [{names}]");
        }
        return containers.FirstOrDefault(c => c.GetString("name") == requested)
            ?? throw KubeApiException.BadRequest($"container {requested} is not valid for pod {pod.Name()}");
    }
}
