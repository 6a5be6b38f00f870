using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Workloads;

/// <summary>The defaulting of pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go for the fields KubeSim keeps.</summary>
internal static class WorkloadDefaults
{
    public static void Apply(string kind, JsonObject obj)
    {
        switch (kind)
        {
            case "Deployment":
                var spec = Object(obj, "spec");
                spec["replicas"] ??= 1;
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                spec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
                };
                PodSpec(Object(Object(spec, "template"), "spec"));
                break;
            case "ReplicaSet":
                var rsSpec = Object(obj, "spec");
                rsSpec["replicas"] ??= 1;
                PodSpec(Object(Object(rsSpec, "template"), "spec"));
                break;
            case "Pod":
                PodSpec(Object(obj, "spec"));
                break;
            default:
                break;
        }
    }

    private static void PodSpec(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["securityContext"] ??= new JsonObject();
        if (spec["containers"] is not JsonArray containers)
        {
            return;
        }
        foreach (var container in containers.OfType<JsonObject>())
        {
            var image = container.GetString("image") ?? "";
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image.Split('/').Last().Split(':').ElementAtOrDefault(1);
            container["imagePullPolicy"] ??= tag is null or "latest" ? "Always" : "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["resources"] ??= new JsonObject();
        }
    }

    private static JsonObject Object(JsonObject parent, string property)
    {
        if (parent[property] is JsonObject child)
        {
            return child;
        }
        child = [];
        parent[property] = child;
        return child;
    }
}
